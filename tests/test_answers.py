"""One way to read a victim's answers: every page that reads them gives a bad one the same answer."""

import pytest

from guide.answers import UNKNOWN, BadAnswer, GuideAnswers, read_answers

PAIR_PAGES = ["/guide/{home}/{away}/", "/guide/{home}/{away}/print/", "/guide/{home}/{away}/pdf/"]


def test_answers_from_a_guide_address():
    answers = read_answers({"part": "GB-SCT", "emergency": "1"}, "ZA", "gb")
    assert answers == GuideAnswers(home="za", away="gb", part="gb-sct", emergency=True)
    assert answers.guide_url() == "/guide/za/gb/?part=gb-sct&emergency=1"
    assert answers.url("print") == "/guide/za/gb/print/?part=gb-sct&emergency=1"


def test_answers_from_the_wizard_in_the_order_they_are_asked():
    assert read_answers({"away": "gb"}) == GuideAnswers()
    assert read_answers({"home": "za", "away": UNKNOWN, "part": "gb-sct"}) == GuideAnswers(home="za", away=UNKNOWN)
    answers = read_answers({"home": "za", "away": "us", "part": "us-ca", "emergency": "no"})
    assert answers.wizard_query() == {"home": "za", "away": "us", "part": "us-ca", "emergency": "no"}
    assert answers.guide_url() == "/guide/za/us/?part=us-ca"


@pytest.mark.parametrize(
    ("params", "what", "status"),
    [
        ({"home": "xx"}, "home", 400),
        ({"home": "za", "away": "zz"}, "away", 400),
        ({"home": "za", "away": "gb", "part": "us-ca"}, "part", 400),
        ({"home": "za", "away": "gb", "emergency": "perhaps"}, "emergency", 400),
    ],
)
def test_a_bad_wizard_answer_says_which_and_why(params, what, status):
    with pytest.raises(BadAnswer) as raised:
        read_answers(params)
    assert (raised.value.what, raised.value.status) == (what, status)


@pytest.mark.parametrize("page", PAIR_PAGES)
@pytest.mark.parametrize(
    ("home", "away", "query", "status"),
    [
        ("xx", "gb", "", 404),
        ("za", "zz", "", 404),
        ("za", "gb", "?part=gb-zzz", 404),
        ("za", "gb", "?part=us-ca", 404),
        ("za", "gb", "?part=%00", 404),
        ("za", "gb", "?emergency=perhaps", 400),
    ],
)
def test_every_page_of_a_pair_answers_a_bad_answer_the_same_way(client, content, page, home, away, query, status):
    response = client.get(page.format(home=home, away=away) + query)
    assert response.status_code == status
    assert "Answer three questions to get your guide" in response.content.decode()


def test_a_country_page_for_an_unknown_or_malformed_code_is_a_clear_404(client, content):
    for code in ["xx", "zz-abc", "z%00", "%C3%A9A"]:
        response = client.get(f"/countries/{code}/")
        assert response.status_code == 404, code
        assert "Answer three questions to get your guide" in response.content.decode()


def test_mixed_case_addresses_redirect_once_to_the_lowercase_page(client, content):
    response = client.get("/guide/ZA/Gb/", {"part": "gb-sct"})
    assert response.status_code == 301
    assert response["Location"] == "/guide/za/gb/?part=gb-sct"
    assert client.get(response["Location"]).status_code == 200
    assert client.get("/countries/GB-SCT/")["Location"] == "/countries/gb-sct/"
