"""Dates that say what they are, agreements that are not in force, levers for the
victims who can use them, and sources that state the fact."""

import datetime
import io
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.dateformat import format as format_date

from jurisdictions.editions import PREVIEW, PUBLISHED
from jurisdictions.loading import load_content
from jurisdictions.models import (
    REVIEWED_FACTS,
    Agency,
    Instrument,
    Jurisdiction,
    Lever,
    Membership,
    Offence,
    Status,
)
from jurisdictions.routes import derive_routes, load_route_data

from .pages import visible_text
from .test_admin import form_data

RECORDED = datetime.date(2026, 11, 1)


def jurisdiction(code):
    return Jurisdiction.objects.get(code=code)


def reviewer_client(name="reviewer"):
    user = get_user_model().objects.create_user(name, password="a-long-password-for-staff", is_staff=True)
    user.groups.add(Group.objects.get(name="Content reviewers"))
    client = Client()
    client.force_login(user)
    return user, client


def sourced(**values):
    return {"source_url": values.pop("source_url"), "last_verified": RECORDED, "status": Status.PUBLISHED, **values}


# Honest dates -------------------------------------------------------------------


def test_a_fact_as_loaded_says_when_it_was_recorded_until_a_reviewer_checks_it(content):
    source = "https://www.justice.gov.za/vg/honest-dates-test.html"
    Agency.objects.create(
        **sourced(source_url=source, jurisdiction=jurisdiction("za"), name="Test support line", kind="support", purpose="Listens.")
    )
    agency = Agency.objects.get(name="Test support line")

    page = Client().get("/guide/za/gb/").content.decode()
    assert f'Recorded from <a href="{source}" rel="noreferrer">{source}</a> on 1 Nov 2026.' in page
    assert f'Checked against <a href="{source}"' not in page

    reviewer, client = reviewer_client()
    changelist = reverse("admin:jurisdictions_agency_changelist")
    assert client.post(changelist, {"action": "mark_verified_today", "_selected_action": [agency.pk]}).status_code == 302

    agency.refresh_from_db()
    today = datetime.date.today()
    assert agency.checked_by == reviewer and agency.checked_on == today
    assert agency.last_verified == RECORDED
    checked = f'Checked against <a href="{source}" rel="noreferrer">{source}</a> on {format_date(today, "j M Y")}.'
    for path in ("/guide/za/gb/", "/countries/za/"):
        assert checked in Client().get(path).content.decode(), path
    # The page a support worker prints, the same one the PDF is made from.
    assert checked in Client().post("/guide/za/gb/print/", {"paper": "a4"}).content.decode()


def test_loading_the_content_never_says_a_fact_was_checked(content):
    load_content()
    for model in REVIEWED_FACTS:
        assert not model.objects.filter(checked_on__isnull=False).exists(), model
        assert not model.objects.filter(checked_by__isnull=False).exists(), model


def test_a_drafted_change_to_a_checked_fact_is_not_checked_once_published(content):
    agency = Agency.objects.create(
        **sourced(source_url="https://www.justice.gov.za/vg/draft-test.html", jurisdiction=jurisdiction("za"), name="Checked office", kind="support", purpose="Helps.")
    )
    reviewer, client = reviewer_client()
    changelist = reverse("admin:jurisdictions_agency_changelist")
    client.post(changelist, {"action": "mark_verified_today", "_selected_action": [agency.pk]})
    agency.refresh_from_db()
    assert agency.checked_on is not None
    change_url = reverse("admin:jurisdictions_agency_change", args=[agency.pk])
    data = form_data(client.get(change_url))
    data["purpose_en"] = "Helps, and now also by telephone."
    client.post(change_url, data)
    agency.refresh_from_db()
    assert agency.checked_on is not None  # the live, checked fact is untouched until the change is published
    client.post(changelist, {"action": "publish_selected", "_selected_action": [agency.pk]})
    agency.refresh_from_db()
    assert agency.purpose == "Helps, and now also by telephone."
    assert agency.checked_on is None and agency.checked_by is None


# Agreements that are not in force ------------------------------------------------


def test_a_suspended_agreement_is_never_offered_as_a_route(content):
    treaty = Instrument.objects.create(
        **sourced(
            source_url="https://www.state.gov/test-treaty",
            name="Test treaty with the United States",
            short_name="Test treaty",
            kind=Instrument.Kind.BILATERAL,
            anchor=jurisdiction("us"),
            purpose="compel",
            started_by="central",
            description="Test.",
        )
    )
    for code, standing in (("hk", Membership.Standing.SUSPENDED), ("za", Membership.Standing.IN_FORCE)):
        Membership.objects.create(
            **sourced(source_url="https://www.state.gov/test-treaty", instrument=treaty, jurisdiction=jurisdiction(code), standing=standing)
        )
    data = load_route_data()
    assert "Test treaty with the United States" not in [route.title for route in derive_routes("hk", "us", data)]
    assert "Test treaty with the United States" not in [route.title for route in derive_routes("us", "hk", data)]
    assert "Test treaty with the United States" in [route.title for route in derive_routes("za", "us", data)]

    assert "Test treaty with the United States" not in visible_text(Client().get("/guide/hk/us/"))
    country = visible_text(Client().get("/countries/hk/"))
    assert "Test treaty with the United States: Suspended. It is not offered as a route." in country


def test_hong_kong_pairs_are_not_routed_through_the_suspended_us_agreement(content):
    hong_kong = Membership.objects.get(instrument__content_key="us-mlat", jurisdiction__code="hk")
    assert hong_kong.standing == Membership.Standing.SUSPENDED
    for edition in (PUBLISHED, PREVIEW):
        data = load_route_data(edition=edition)
        for home, away in (("hk", "us"), ("us", "hk")):
            assert not any(route.instrument_key == "us-mlat" for route in derive_routes(home, away, data))
    assert any(route.instrument_key == "us-mlat" for route in derive_routes("za", "us", load_route_data()))


# Offences of the UK nations ------------------------------------------------------


def test_the_uk_nations_name_their_image_threat_and_stalking_offences(client, content):
    expected = {
        "gb-eaw": ["https://www.legislation.gov.uk/ukpga/2003/42/section/66B", "https://www.legislation.gov.uk/ukpga/2023/50/section/181"],
        "gb-sct": ["https://www.legislation.gov.uk/asp/2016/22/section/2"],
        "gb-nir": ["https://www.legislation.gov.uk/nia/2016/21/section/51", "https://www.legislation.gov.uk/nia/2022/17/section/1"],
    }
    for code, links in expected.items():
        page = client.get(f"/countries/{code}/").content.decode()
        for link in links:
            assert f'<a href="{link}" rel="noreferrer">' in page, (code, link)


def test_restraining_orders_in_england_and_wales_cite_the_sentencing_act(client, content):
    lever = Lever.objects.get(content_key="gb-eaw-orders")
    assert lever.source_url == "https://www.legislation.gov.uk/ukpga/2020/17/section/360"
    assert "section 360 of the Sentencing Act 2020" in visible_text(client.get("/countries/gb-eaw/"))


def test_every_published_offence_has_an_https_source_and_a_statute_link(content):
    for offence in Offence.objects.published():
        assert offence.source_url.startswith("https://"), offence
        assert offence.official_url.startswith("https://"), offence
        assert offence.citation, offence


# Levers for the victims who can use them -----------------------------------------


def test_an_eu_only_lever_is_shown_to_a_victim_in_france_but_not_in_south_africa(client, content):
    Lever.objects.create(
        **sourced(
            source_url="https://www.cnam.ie/test-complaints",
            jurisdiction=jurisdiction("ie"),
            kind="regulator",
            title="Complain to your country's Digital Services Coordinator (test)",
            description="Test.",
            only_for_eu_homes=True,
        )
    )
    assert "Digital Services Coordinator (test)" in visible_text(client.get("/guide/fr/ie/"))
    assert "Digital Services Coordinator (test)" not in visible_text(client.get("/guide/za/ie/"))
    assert Lever.objects.get(content_key="ie-lever-dsa").only_for_eu_homes


# Routes drawn as they travel -----------------------------------------------------


def route_article(page, title):
    match = re.search(r'<details class="route">\s*<summary><h4>' + re.escape(title) + r"</h4></summary>(.*?)</details>", page, flags=re.S)
    assert match, title
    return match.group(1)


def test_letters_rogatory_are_not_drawn_through_an_interpol_bureau(client, content):
    page = client.get("/guide/za/us/").content.decode()
    letter = route_article(page, "Letter rogatory through the U.S. Department of Justice")
    assert "bureau" not in letter
    assert "Received by:" in letter
    interpol = route_article(page, "INTERPOL: National Central Bureau to National Central Bureau")
    assert "→" in interpol


def test_the_us_mlat_text_is_right_for_a_victim_in_the_us_and_one_abroad(client, content):
    for path in ("/guide/us/za/", "/guide/za/us/"):
        text = route_article(client.get(path).content.decode(), "Mutual Legal Assistance Treaty with the United States")
        assert "handled on the U.S. side" not in text
        assert "The central authority of the country where the case is investigated sends it" in text


# Sources that state the fact -----------------------------------------------------


def test_the_coverage_report_flags_a_home_page_source(content):
    Agency.objects.create(
        **sourced(source_url="https://www.example-police.gov.za/", jurisdiction=jurisdiction("za"), name="Home page office", kind="support", purpose="Test.")
    )
    Agency.objects.create(
        **sourced(source_url="https://www.example-police.gov.za/contact.html", jurisdiction=jurisdiction("za"), name="Specific page office", kind="support", purpose="Test.")
    )
    out = io.StringIO()
    call_command("coverage_report", stdout=out)
    report = out.getvalue()
    assert "generic source: agency “Home page office” cites https://www.example-police.gov.za/" in report
    assert "Specific page office" not in report


def test_only_the_south_african_facts_awaiting_their_saps_page_cite_its_home_page(content):
    shown = [model.objects.published().filter(source_url="https://www.saps.gov.za/") for model in REVIEWED_FACTS]
    flagged = sorted(str(record) for records in shown for record in records)
    # Two facts wait for the SAPS page that states them; the coverage report lists them.
    assert flagged == ["MySAPS app", "Phone: +27 (0)12 393 1000"]
    assert jurisdiction("za").source_url == "https://vukuzenzele.gov.za/police-need-your-help-how-report-crime"
