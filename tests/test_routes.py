from jurisdictions.models import Instrument, Jurisdiction
from jurisdictions.routes import derive_routes, load_route_data

from . import factories
from .pages import visible_text


def titles(routes):
    return [route.title for route in routes]


def test_south_africa_to_uk_goes_ncb_to_ncb(content):
    routes = derive_routes("za", "gb", load_route_data())
    interpol = routes[0]
    assert interpol.instrument_key == "interpol"
    assert interpol.home_agency.name == "SAPS INTERPOL National Central Bureau (Pretoria)"
    assert "National Crime Agency" in interpol.away_agency.name
    assert interpol.started_by_label == "Your investigating officer"
    assert not any(route.instrument_key == "us-mlat" for route in routes)


def test_south_africa_to_us_has_interpol_then_the_mlat_and_letters_rogatory(content):
    routes = derive_routes("za", "us", load_route_data())
    assert [route.purpose for route in routes] == ["locate", "compel", "compel"]
    assert routes[0].away_agency.name.startswith("INTERPOL Washington")
    assert routes[1].instrument_key == "us-mlat"
    assert routes[2].title == "Letter rogatory through the U.S. Department of Justice"


def test_the_us_mlat_works_both_ways(content):
    assert any(route.instrument_key == "us-mlat" for route in derive_routes("us", "za", load_route_data()))


def test_a_non_member_of_interpol_gets_no_interpol_route(content):
    data = load_route_data()
    non_members = Jurisdiction.objects.filter(parent=None).exclude(memberships__instrument__content_key="interpol")
    assert non_members.exists()
    for country in non_members[:20]:
        assert not any(route.instrument_key == "interpol" for route in derive_routes("za", country.code, data))


def test_every_ordered_pair_of_countries_has_a_route_answer(content, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        data = load_route_data()
    codes = list(Jurisdiction.objects.filter(parent=None).values_list("code", flat=True))
    members = set(data.instruments["interpol"][1])
    pairs = 0
    for home in codes:
        for away in codes:
            if home == away:
                continue
            routes = derive_routes(home, away, data)
            has_interpol = any(route.instrument_key == "interpol" for route in routes)
            assert has_interpol == (home in members and away in members)
            pairs += 1
    assert pairs == len(codes) * (len(codes) - 1)


def test_a_written_route_that_replaces_the_derived_one_takes_its_place(content):
    interpol = Instrument.objects.get(content_key="interpol")
    factories.route("gb", "INTERPOL, with the bureaus' agreed fast track", home="za", instrument=interpol, replaces_derived=True)
    routes = derive_routes("za", "gb", load_route_data())
    assert titles(routes) == ["INTERPOL, with the bureaus' agreed fast track"]


def test_eu_states_get_the_european_investigation_order_but_ireland_does_not(content):
    data = load_route_data()
    assert any(route.instrument_key == "eu-eio" for route in derive_routes("de", "fr", data))
    assert not any(route.instrument_key == "eu-eio" for route in derive_routes("ie", "fr", data))


def test_draft_instruments_give_no_routes(client, content):
    for code in ("za", "fr"):
        factories.jurisdiction(code).memberships.all().delete()
    factories.instrument("Convention still under review", members=["za", "fr"], status="draft")
    factories.instrument("Convention in force", members=["za", "fr"])
    text = visible_text(client.get("/guide/za/fr/"))
    assert "Convention in force" in text
    assert "Convention still under review" not in text


def test_a_territory_with_a_sub_bureau_routes_through_its_countrys_bureau(content):
    [interpol] = [r for r in derive_routes("za", "bm", load_route_data(["za", "bm"])) if r.instrument_key == "interpol"]
    assert "National Crime Agency" in interpol.away_agency.name
    [interpol] = [r for r in derive_routes("pr", "za", load_route_data(["pr", "za"])) if r.instrument_key == "interpol"]
    assert interpol.home_agency.name.startswith("INTERPOL Washington")


def test_eu_states_have_the_us_eu_agreement_with_the_united_states(content):
    data = load_route_data()
    assert any(r.instrument_key == "us-eu-mla" for r in derive_routes("bg", "us", data))
    assert not any(r.instrument_key == "us-eu-mla" for r in derive_routes("za", "us", data))
