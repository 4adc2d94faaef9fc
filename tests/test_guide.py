import datetime
import re

import pytest
from django.db.models import Q

from jurisdictions.models import Agency, ContactChannel, CooperationRoute, Jurisdiction, Lever, Membership

from . import factories
from .pages import visible_text

SOUTH_AFRICA_FACTS = [
    "You report at home, and at the same time trigger action where they actually are.",
    "10111 (SAPS national emergency / Flying Squad). From a mobile phone you can also dial 112, which routes to the national emergency call centre.",
    "Most people here are not in an active emergency. To start an official record, use the non-emergency steps below.",
    "File a non-emergency report, and do the single most important thing: get your report / reference / occurrence number. That number is the key that unlocks platforms, prosecutors, employers and protective orders.",
    "At the Community Service Centre a police official takes your sworn statement, opens a case docket, and registers the case on the CAS system.",
    "You are given a CAS number (the case reference) by SMS or telephonically - keep it for all future enquiries about the case.",
    "The docket is the main source document recording the offence(s) and is assigned to a detective for investigation.",
    "Bring all evidence: screenshots, message logs, URLs, dates/times, phone numbers, email headers, and any identifying info on the harasser.",
    "MySAPS app",
    "Lets you submit crime tip-offs/information and find your nearest station. Treat it as a supplement; to obtain a CAS docket and reference number for an investigation you still generally need to give a sworn statement at a station.",
    "SAPS Crime Stop",
    "08600 10111",
    "Toll/share-call line to report criminal activity anonymously. Use for tips; it does not by itself open a docket in your name or generate a CAS reference - go to a station for that.",
    "in addition to, not instead of, your local police report.",
    "First port of call for any cybercrime/online harassment complaint. The station opens the CAS docket; the detective investigates and, for malicious-communications offences, can apply the Cybercrimes Act investigative tools. SAPS Head Office switchboard: +27 (0)12 393 1000.",
    "Directorate for Priority Crime Investigation (DPCI, the Hawks)",
    "SAPS specialised unit for serious, organised, commercial and priority crime (including serious cyber-enabled fraud/extortion). Escalate here when a matter is high-value, organised, or a station is not progressing it.",
    "National Head Office, Silverton, Pretoria",
    "Regulator for unlawful processing/disclosure of personal information (relevant to doxxing). Lodge a POPIA complaint via the eServices portal.",
    "010 023 5200",
    "0800 017 160",
    "enquiries@inforegulator.org.za",
    "https://eservices.inforegulator.org.za/",
    "SAPS unit (sits within SAPS) that is the channel for transnational police cooperation - the route by which a foreign victim's police force triggers SAPS action against a South Africa-based perpetrator. Reached police-to-police, not directly by the public.",
    "This page covers the cross-border part. For the full South Africa guide, the exact offences to name with official statute links, and the escalation ladder, see Reporting online harassment in South Africa →",
]

UNITED_KINGDOM_FACTS = [
    "You are in South Africa and the person doing this is in the United Kingdom.",
    "At the same time, the fastest leverage often sits in the United Kingdom, where the person actually is.",
    "UK-wide: Ofcom’s Online Safety Act 2023 duties over platforms with UK users, plus the platform’s own law-enforcement channel once a UK police reference exists. Nation-level harassment/stalking protective orders are available through the relevant nation’s courts.",
    "When the perpetrator is in the UK, a foreign victim triggers action police-to-police through the UK Interpol National Central Bureau (run via the National Crime Agency); the specific UK force that investigates depends on the nation (a Home Office force in England & Wales, Police Scotland, or the PSNI). The victim reports at home and asks their own investigating officer to pursue UK coordination.",
    "For nation-specific offences and the exact police service, see the selected nation below.",
]

UNITED_STATES_FACTS = [
    "You are in South Africa and the person doing this is in the United States.",
    "At the same time, the fastest leverage often sits in the United States, where the person actually is.",
    "The fastest practical levers against a U.S.-located perpetrator are: (a) platform reporting and content removal directly to the host service (the U.S. has no general government takedown order against a private individual's speech, and platforms have Section 230 immunity for user posts, so the platform's own abuse/terms process is the front-line removal tool); and (b) a state civil or criminal protective / restraining order (a stalking or harassment protection order, process varies by state), which once issued is enforceable against the U.S.-located respondent and makes any further contact a new, more readily charged offense. Where the conduct is interstate threats or cyberstalking, a U.S. federal case (18 U.S.C. § 875(c), § 2261A) opened via the FBI is the route to criminal action and to compelling evidence from U.S. providers.",
    "A foreign victim whose harasser is located in the United States does not file with U.S. federal agencies from abroad and wait. The reliable inbound path is police-to-police: report the matter to your own national police / cybercrime unit in your home country and ask them to channel it to U.S. authorities.",
    "Two official conduits carry it: (1) INTERPOL, where your country's National Central Bureau transmits the request to INTERPOL Washington (the U.S. NCB inside the DOJ, the U.S. contact point for the 196-member INTERPOL network), and (2) a Mutual Legal Assistance Treaty (MLAT) or letter rogatory, the formal government-to-government request handled on the U.S. side by DOJ's Office of International Affairs, used to compel evidence such as subscriber records and content from U.S. platforms.",
    "U.S. platforms (where most of the abusive content sits) are themselves in the U.S., so a U.S.-based investigation or valid U.S. legal process is the lever that reaches them.",
    "In parallel, a victim can and should file directly with the FBI Internet Crime Complaint Center (https://www.ic3.gov) and the FBI tip line (https://tips.fbi.gov); IC3 accepts international complaints and may refer them to the appropriate U.S. or partner agency.",
    "There is no single U.S. government body that will unmask an anonymous account or order a takedown on a foreign victim's request without a U.S. investigation or U.S. legal process. The most effective sequence is: preserve evidence (dated screenshots, URLs, usernames, headers), report to your home-country police so they can engage INTERPOL Washington / the MLAT process, file directly with the FBI/IC3, and pursue platform removal plus a state protective order against the named or identified U.S. perpetrator.",
]


def missing(facts, text):
    return [fact for fact in facts if fact not in text]


def test_south_africa_to_uk_carries_every_fact_of_the_seed(client, content):
    text = visible_text(client.get("/guide/za/gb/"))
    assert missing(SOUTH_AFRICA_FACTS + UNITED_KINGDOM_FACTS, text) == []


def test_south_africa_to_us_carries_every_fact_of_the_seed(client, content):
    text = visible_text(client.get("/guide/za/us/"))
    assert missing(SOUTH_AFRICA_FACTS + UNITED_STATES_FACTS, text) == []


def test_the_chosen_nation_names_its_own_police_and_orders_only(client, content):
    factories.agency("gb-sct", "Highland Constabulary")
    factories.lever("gb-sct", "Non-harassment order from the sheriff", kind=Lever.Kind.PROTECTIVE_ORDER)
    factories.agency("gb-nir", "Ulster Constabulary")
    factories.lever("gb-nir", "Harassment order from the county court", kind=Lever.Kind.PROTECTIVE_ORDER)
    scotland = visible_text(client.get("/guide/za/gb/", {"part": "gb-sct"}))
    assert "Highland Constabulary" in scotland and "Non-harassment order from the sheriff" in scotland
    assert "Ulster Constabulary" not in scotland and "Harassment order from the county court" not in scotland
    northern_ireland = visible_text(client.get("/guide/za/gb/", {"part": "gb-nir"}))
    assert "Ulster Constabulary" in northern_ireland and "Harassment order from the county court" in northern_ireland
    assert "Highland Constabulary" not in northern_ireland


def test_emergency_numbers_are_tap_to_call(client, content):
    page = client.get("/guide/za/gb/").content.decode()
    assert 'href="tel:10111"' in page
    assert 'href="tel:112"' in page
    assert 'href="tel:+27800017160"' in page
    assert 'href="tel:+27123931000"' in page


def test_in_an_emergency_the_numbers_come_first_and_large(client, content):
    page = client.get("/guide/za/gb/", {"emergency": "1"}).content.decode()
    assert "In danger now? Call" in page
    assert "emergency-now" in page
    assert page.index("tel:10111") < page.index("Get your official record")
    assert "Most people here are not in an active emergency" not in page


def test_the_route_diagram_shows_how_the_report_travels(client, content):
    text = visible_text(client.get("/guide/za/gb/", {"part": "gb-sct"}))
    diagram = text.split("How your report travels")[1]
    steps = ["You", "Your local SAPS police station (CAS number)", "SAPS INTERPOL National Central Bureau (Pretoria)", "UK INTERPOL National Central Bureau", "Police Scotland"]
    positions = [diagram.index(step) for step in steps]
    assert positions == sorted(positions)


def test_us_guide_shows_the_evidence_route_through_the_mlat(client, content):
    text = visible_text(client.get("/guide/za/us/"))
    assert "How evidence is obtained from platforms" in text
    assert "Mutual Legal Assistance Treaty with the United States" in text
    assert "Letter rogatory through the U.S. Department of Justice" in text


def agency_card(page, name):
    """The HTML of the agency called `name` on a page."""
    return re.split(r"</article>|</details>", page.split(f"<h3>{name}</h3>", 1)[1], maxsplit=1)[0]


def test_each_agency_shows_its_source_and_when_it_was_recorded(client, content):
    factories.agency("za", "Online Abuse Desk", source_url="https://www.saps.gov.za/online-abuse", last_verified=datetime.date(2025, 3, 4))
    card = agency_card(client.get("/guide/za/us/").content.decode(), "Online Abuse Desk")
    assert 'Recorded from <a href="https://www.saps.gov.za/online-abuse" rel="noreferrer">' in card
    assert "on 4 Mar 2025." in card


def test_police_only_bureaus_show_no_channels_to_victims(client, content):
    bureau = factories.agency("za", "Bureau for Police Abroad", kind=Agency.Kind.NCB, public_can_contact=False)
    factories.channel(bureau, ContactChannel.Kind.PHONE, "012 345 6789")
    desk = factories.agency("za", "Station Desk")
    factories.channel(desk, ContactChannel.Kind.PHONE, "012 345 6790")
    page = client.get("/guide/za/gb/").content.decode()
    # Named where the officer uses it (the route's diagram, or a card of its own), never with a number to call.
    bureau_block = re.split(r'(?:diagram-label">|<h3>)Bureau for Police Abroad', page, maxsplit=1)[1].split("</details>", 1)[0]
    assert "012 345 6789" not in page
    assert "Reached police-to-police: ask your investigating officer to use it." in bureau_block
    assert 'href="tel:+27123456790"' in agency_card(page, "Station Desk")


def test_unknown_away_gets_guidance_for_anonymous_harassers(client, content):
    response = client.get("/guide/za/unknown/")
    assert response.status_code == 200
    text = visible_text(response)
    assert "you don't know where the person doing this is" in text
    assert "Report the account and the posts to the platform" in text
    assert "10111" in text


def test_a_country_without_deep_content_gets_general_guidance_and_its_emergency_numbers(client, content):
    european = ["fr", "de", "it", "es", "nl", "be", "pt", "at", "se", "fi"]
    without_content = Jurisdiction.objects.filter(code__in=european).filter(Q(how_to_report="") | Q(how_to_report__isnull=True))
    home, away = without_content.exclude(agencies__status="published").order_by("code").values_list("code", flat=True)[:2]
    response = client.get(f"/guide/{home}/{away}/")
    text = visible_text(response)
    assert response.status_code == 200
    assert "This is general guidance" in text
    assert 'href="tel:112"' in response.content.decode()
    assert "INTERPOL" in text


def test_same_country_sends_to_its_full_guide(client, content):
    response = client.get("/guide/za/za/")
    assert response.status_code == 302
    assert response["Location"] == "/countries/za/"


def test_uppercase_codes_redirect_to_the_lowercase_address(client, content):
    response = client.get("/guide/ZA/GB/?part=gb-sct")
    assert response.status_code == 301
    assert response["Location"] == "/guide/za/gb/?part=gb-sct"


@pytest.mark.parametrize(
    "url",
    ["/guide/zz/gb/", "/guide/za/xx/", "/guide/gb-sct/za/", "/guide/za/gb-sct/", "/guide/unknown/gb/", "/countries/zz/", "/countries/" + "a" * 300 + "/"],
)
def test_unknown_codes_get_a_helpful_404(client, content, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Answer three questions to get your guide" in visible_text(response)


@pytest.mark.parametrize("part", ["us-ca", "gb-xyz", "<script>", "gb"])
def test_a_part_of_another_country_is_a_404(client, content, part):
    response = client.get("/guide/za/gb/", {"part": part})
    assert response.status_code == 404
    assert "<script>" not in response.content.decode()


def test_the_nation_switch_works_as_plain_links_to_the_nation_section(client, content):
    page = client.get("/guide/za/gb/").content.decode()
    for code in ("gb-eaw", "gb-sct", "gb-nir"):
        assert f'href="?part={code}#away-part"' in page
    assert "Police Service of Northern Ireland (PSNI)" in client.get("/guide/za/gb/", {"part": "gb-nir"}).content.decode()


def test_a_guide_loads_no_htmx_only_the_wizard_does(client, content):
    assert "htmx" not in client.get("/guide/za/gb/").content.decode()
    assert "htmx.min.js" in client.get("/", {"home": "za"}).content.decode()


@pytest.mark.parametrize("url", ["/guide/za/gb/?part=gb-sct&emergency=1", "/guide/za/us/", "/guide/za/unknown/", "/countries/za/", "/countries/gb-sct/", "/countries/us/"])
def test_pages_are_built_from_a_few_queries(client, content, django_assert_max_num_queries, url):
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_victim_pages_set_no_cookies(client, content):
    for url in ["/", "/?home=za&away=gb", "/guide/za/gb/?part=gb-sct", "/countries/za/"]:
        response = client.get(url)
        assert not response.cookies, url


def test_links_leave_no_referrer(client, content):
    response = client.get("/guide/za/gb/")
    assert response["Referrer-Policy"] == "no-referrer"


def test_country_guide_lists_offences_with_statute_links_and_the_ladder_in_order(client, content):
    factories.offence("fr", "Online harassment", "Penal Code, article 222-33-2-2", official_url="https://www.legifrance.gouv.fr/222-33-2-2")
    factories.escalation_step("fr", 2, "Write to the prosecutor")
    factories.escalation_step("fr", 1, "Ask the investigator for news")
    response = client.get("/countries/fr/")
    text = visible_text(response)
    assert '<a href="https://www.legifrance.gouv.fr/222-33-2-2" rel="noreferrer">Penal Code, article 222-33-2-2</a>' in response.content.decode()
    ladder = text.split("When a report stalls")[1]
    assert ladder.index("Ask the investigator for news") < ladder.index("Write to the prosecutor")


def test_country_guide_says_how_reporting_works_there(client, content):
    place = factories.jurisdiction("fr")
    place.how_to_report, place.source_url, place.last_verified = "File a complaint at any police station.", "https://www.service-public.fr/", factories.CHECKED_ON
    place.what_to_bring = place.reference_name = ""
    place.save()
    text = visible_text(client.get("/countries/fr/"))
    report = text.split("How to report and get a reference number")[1]
    assert report.startswith(" File a complaint at any police station. Recorded from https://www.service-public.fr/ on 4 Mar 2025.")


def test_country_guide_for_a_nation_shows_its_offences_and_the_uk_wide_content(client, content):
    factories.offence("gb-sct", "Threatening or abusive behaviour", "Scottish Test Act, section 38")
    factories.agency("gb", "UK-wide Online Regulator", kind=Agency.Kind.REGULATOR)
    factories.offence("gb-nir", "Harassment in Northern Ireland", "Northern Test Order, article 3")
    text = visible_text(client.get("/countries/gb-sct/"))
    assert "Scottish Test Act, section 38" in text
    assert "UK-wide Online Regulator" in text
    assert "Northern Test Order, article 3" not in text


def test_draft_content_is_not_shown(client, content):
    factories.offence("fr", "Harassment", "Published Test Act, section 1")
    factories.offence("fr", "Stalking", "Draft Test Act, section 2", status="draft")
    published_agency = factories.agency("fr", "Published Police")
    factories.channel(published_agency, ContactChannel.Kind.WEB, "https://www.police.example/draft-form", status="draft")
    factories.agency("fr", "Draft Police", status="draft")
    factories.lever("fr", "Draft lever for a court order", status="draft")
    factories.lever("fr", "Published lever for a court order")
    country = visible_text(client.get("/countries/fr/"))
    assert "Published Test Act, section 1" in country and "Published Police" in country
    assert "Draft Test Act, section 2" not in country and "Draft Police" not in country
    assert "https://www.police.example/draft-form" not in country
    guide = visible_text(client.get("/guide/za/fr/"))
    assert "Published lever for a court order" in guide and "Draft lever for a court order" not in guide


def test_country_guide_without_offences_says_so_plainly_until_one_is_published(client, content):
    place = Jurisdiction.objects.filter(parent=None).exclude(offences__status="published").first()
    assert "We do not yet have checked offences" in visible_text(client.get(f"/countries/{place.code}/"))
    factories.offence(place.code, "Harassment", "Test Act, section 9")
    text = visible_text(client.get(f"/countries/{place.code}/"))
    assert "We do not yet have checked offences" not in text and "Test Act, section 9" in text


def test_a_uk_victim_of_a_south_african_harasser_is_sent_through_the_saps_bureau(client, content):
    text = visible_text(client.get("/guide/gb/za/"))
    assert "crime reference number" in text
    assert "SAPS INTERPOL National Central Bureau (Pretoria)" in text
    assert "UK INTERPOL National Central Bureau" in text
    assert "Ofcom" in text


def without_any_route(code):
    """The country, stripped (in this test only) of every membership and written route."""
    place = factories.jurisdiction(code)
    Membership.objects.filter(jurisdiction=place).delete()
    CooperationRoute.objects.filter(away=place).delete()
    return place


def test_a_pair_with_no_route_is_told_to_report_at_home_all_the_same(client, content):
    without_any_route("fr")
    text = visible_text(client.get("/guide/za/fr/"))
    assert "We have no checked police-to-police route between South Africa and France" in text


def test_a_pair_outside_interpol_is_told_what_remains(client, content):
    without_any_route("fr")
    factories.instrument("Convention on Evidence Abroad", members=["za", "fr"])
    text = visible_text(client.get("/guide/za/fr/"))
    assert "Convention on Evidence Abroad" in text
    assert "There is no INTERPOL route between these two countries" in text
    assert "We have no checked police-to-police route" not in text


@pytest.mark.parametrize("home", ["za", "gb", "us", "au", "nz", "ca", "in", "ie", "ng", "ke", "fr", "br", "jp", "kp"])
def test_a_wide_sample_of_pairs_renders_with_emergency_numbers(client, content, home):
    for away in ["za", "gb", "us", "au", "fr", "cn", "ru", "unknown", "aq"]:
        if away == home:
            continue
        response = client.get(f"/guide/{home}/{away}/")
        assert response.status_code == 200, (home, away)
        assert "Emergency numbers in" in response.content.decode()


def test_a_platform_named_without_checked_pages_is_still_named(client, content):
    from jurisdictions.models import Platform

    Platform.objects.filter(slug="telegram").update(status="draft")
    text = visible_text(client.get("/guide/za/gb/", {"platform": "telegram"}))
    assert "We do not yet have checked pages for Telegram" in text
    assert "What the police will need" in text
