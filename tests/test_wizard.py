import pytest

from guide.countries import search

from .pages import visible_text

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "wizard"}


def test_first_step_asks_where_you_are(client, content):
    response = client.get("/")
    text = visible_text(response)
    assert "Step 1 of 3" in text and "Where are you?" in text
    assert '<option value="za">South Africa</option>' in response.content.decode()


def test_second_step_asks_where_they_are_with_i_dont_know(client, content):
    text = visible_text(client.get("/", {"home": "za"}))
    assert "Step 2 of 3" in text and "Where is the person doing this?" in text
    assert "I don't know where they are" in text
    assert "You are in South Africa Change where you are" in text


def test_a_country_with_nations_asks_which_one(client, content):
    text = visible_text(client.get("/", {"home": "za", "away": "gb"}))
    assert "Which nation are they in?" in text
    for nation in ("England and Wales", "Scotland", "Northern Ireland", "I don't know"):
        assert nation in text


def test_the_us_asks_which_state(client, content):
    text = visible_text(client.get("/", {"home": "za", "away": "us"}))
    assert "Which state are they in?" in text
    assert "California" in text and "District of Columbia" in text


def test_a_country_without_parts_goes_to_the_danger_question(client, content):
    text = visible_text(client.get("/", {"home": "za", "away": "fr"}))
    assert "Step 3 of 3" in text and "Are you in danger right now?" in text


def test_where_it_happens_is_asked_beside_the_danger_question_and_can_be_left(client, content):
    response = client.get("/", {"home": "za", "away": "gb", "part": "gb-sct"})
    page = response.content.decode()
    assert "Where is it happening?" in visible_text(response)
    assert page.count('name="platform"') == 13
    # Someone in danger finds "Yes" before the optional question.
    assert page.index("Yes, I am in danger now") < page.index("Where is it happening?") < page.index("No, not right now")
    left_empty = client.get("/", {"home": "za", "away": "gb", "part": "gb-sct", "emergency": "no"})
    assert left_empty["Location"] == "/guide/za/gb/?part=gb-sct"


def test_answering_where_it_happens_leads_to_the_guide(client, content):
    response = client.get("/", {"home": "za", "away": "gb", "part": "gb-sct", "emergency": "no", "platform": "tiktok"})
    assert response.status_code == 302
    assert response["Location"] == "/guide/za/gb/?part=gb-sct&platform=tiktok"


def test_saying_yes_to_danger_leads_to_the_emergency_guide(client, content):
    response = client.get("/", {"home": "za", "away": "us", "part": "unknown", "emergency": "yes"})
    assert response["Location"] == "/guide/za/us/?emergency=1"


def test_with_htmx_the_wizard_answers_with_the_step_only(client, content):
    response = client.get("/", {"home": "za"}, **HTMX)
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="wizard"')
    assert "<html" not in page and "Where is the person doing this?" in page


def test_with_htmx_the_last_answer_redirects_the_browser(client, content):
    response = client.get("/", {"home": "za", "away": "fr", "emergency": "yes"}, **HTMX)
    assert response["HX-Redirect"] == "/guide/za/fr/?emergency=1"


def test_typing_a_few_letters_lists_matching_countries(client, content):
    response = client.get("/", {"home": "za", "q": "brit"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="matches")
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="matches"')
    assert "United Kingdom" in page
    assert 'href="/?home=za&amp;away=gb"' in page


def test_search_works_without_javascript(client, content):
    text = visible_text(client.get("/", {"q": "south af"}))
    assert "South Africa" in text.split("Or choose from the list")[0]


@pytest.mark.parametrize(
    "typed, code",
    [("UK", "gb"), ("Britain", "gb"), ("USA", "us"), ("America", "us"), ("south africa", "za"), ("ZA", "za"), ("cote d", "ci"), ("Côte", "ci")],
)
def test_country_search_knows_names_codes_and_aliases(typed, code):
    assert search(typed)[0].code == code


def test_unknown_country_in_the_wizard_gets_a_clear_message(client, content):
    response = client.get("/", {"home": "xx"})
    assert response.status_code == 400
    assert "We do not know that country" in visible_text(response)
    assert "Where are you?" in visible_text(response)


@pytest.mark.parametrize(
    ("params", "question"),
    [
        ({"home": "za", "away": "gb", "part": "us-ca"}, "Which nation are they in?"),
        ({"home": "za", "away": "fr", "emergency": "perhaps"}, "Are you in danger right now?"),
        ({"home": "<b>", "q": "x" * 5000}, "Where are you?"),
    ],
)
def test_bad_answers_are_a_400_that_asks_the_question_again(client, content, params, question):
    response = client.get("/", params)
    assert response.status_code == 400
    assert question in visible_text(response)
    assert "<b>" not in response.content.decode().split("<main", 1)[1]


def test_change_links_keep_earlier_answers_and_drop_later_ones(client, content):
    page = client.get("/", {"home": "za", "away": "gb", "part": "gb-sct"}).content.decode()
    assert 'href="/?home=za"' in page  # change where they are
    assert 'href="/?home=za&amp;away=gb"' in page  # change the nation / back


def test_the_wizard_sets_no_cookies_and_only_answers_get(client, content):
    response = client.get("/", {"home": "za", "away": "gb"})
    assert not response.cookies
    assert client.post("/", {"home": "za"}).status_code == 405
