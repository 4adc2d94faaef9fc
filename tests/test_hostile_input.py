"""Whatever is typed into an address or a header, the answer is never a server error."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guide.countries import search

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
ANY_TEXT = st.text(max_size=300)
CODE_LIKE = st.one_of(st.sampled_from(["za", "gb", "us", "unknown", "gb-sct", "us-ca", "ZA", "zz", ""]), ANY_TEXT)
FINE = {200, 301, 302, 400, 404}


@SETTINGS
@given(home=CODE_LIKE, away=CODE_LIKE, part=CODE_LIKE, emergency=ANY_TEXT)
def test_guide_addresses_never_fail(client, content, home, away, part, emergency):
    url = f"/guide/{quote(home, safe='')}/{quote(away, safe='')}/"
    response = client.get(url, {"part": part, "emergency": emergency})
    assert response.status_code in FINE


@SETTINGS
@given(code=CODE_LIKE)
def test_country_addresses_never_fail(client, content, code):
    assert client.get(f"/countries/{quote(code, safe='')}/").status_code in FINE


@SETTINGS
@given(params=st.dictionaries(st.sampled_from(["home", "away", "part", "emergency", "q", "x"]), CODE_LIKE, max_size=6))
def test_wizard_answers_never_fail(client, content, params):
    assert client.get("/", params).status_code in FINE


@SETTINGS
@given(target=ANY_TEXT, request_header=ANY_TEXT, params=st.dictionaries(st.sampled_from(["home", "away", "q"]), CODE_LIKE, max_size=3))
def test_htmx_headers_never_fail(client, content, target, request_header, params):
    response = client.get("/", params, HTTP_HX_REQUEST=request_header, HTTP_HX_TARGET=target)
    assert response.status_code in FINE
    response = client.get("/guide/za/gb/", {"part": "gb-sct"}, HTTP_HX_REQUEST=request_header, HTTP_HX_TARGET=target)
    assert response.status_code in FINE


@settings(max_examples=300, deadline=None)
@given(query=st.text(max_size=2000))
def test_country_search_takes_any_text(query):
    assert len(search(query)) <= 8


@pytest.mark.parametrize("value", ["\x00", "a" * 100_000, "‮gb", "🇬🇧", "../../etc/passwd", "%00", "' OR 1=1 --"])
def test_odd_values_get_a_clear_answer(client, content, value):
    wizard = client.get("/", {"home": value, "q": value})
    assert wizard.status_code == 400
    assert "Where are you?" in wizard.content.decode()
    assert client.get("/guide/za/gb/", {"part": value}).status_code == 404


@pytest.mark.parametrize("code", ["z\x00", "za\x00", "gb-\x00sct", "ZA'--"])
def test_codes_that_cannot_be_codes_are_never_sent_to_the_database(client, content, code):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/guide/za/gb/", {"part": code}).status_code == 404
        assert client.get(f"/countries/{quote(code, safe='')}/").status_code in {301, 404}
    assert not [q["sql"] for q in queries.captured_queries if code in q["sql"] or code.lower() in q["sql"]]
