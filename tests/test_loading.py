import datetime
import re
from io import StringIO

import pycountry
from django.contrib.auth import get_user_model
from django.core.management import call_command

from jurisdictions.loading import load_content
from jurisdictions.models import Agency, ContactChannel, CooperationRoute, EscalationStep, Instrument, Jurisdiction, Lever, Offence

from . import factories
from .test_content_files import content_files


def test_a_staff_edit_survives_loading(content):
    crime_stop = Agency.objects.get(content_key="za-crime-stop")
    crime_stop.purpose = "Edited by staff after checking the SAPS site."
    crime_stop.save()
    report = load_content()
    crime_stop.refresh_from_db()
    assert crime_stop.purpose == "Edited by staff after checking the SAPS site."
    assert any("SAPS Crime Stop" in kept for kept in report.kept_edits)


def test_a_record_staff_did_not_touch_follows_the_file(content):
    hawks = Agency.objects.get(content_key="za-dpci")
    original = hawks.purpose
    # As if an older version of the file had been loaded: the file's text now differs.
    Agency.objects.filter(pk=hawks.pk).update(
        purpose="Old text from an earlier file.", loaded_values={**hawks.loaded_values, "purpose": "Old text from an earlier file."}
    )
    load_content()
    hawks.refresh_from_db()
    assert hawks.purpose == original


def test_loading_records_history_with_a_reason(content):
    record = Agency.history.filter(content_key="za-crime-stop").first()
    assert record.history_change_reason == "Loaded from reference content"


def test_loading_content_creates_no_users(content):
    assert get_user_model().objects.count() == 0


def entries_with_keys():
    """Each keyed entry of the content files, channels included (keyed by agency and position)."""
    for data in content_files().values():
        for section in ("agency", "lever", "offence", "escalation", "instrument", "route"):
            for entry in data.get(section, []):
                yield entry["key"], entry
                for position, channel in enumerate(entry.get("channels", []), start=1):
                    yield f"{entry['key']}#{position}", channel | {"review": channel.get("review") or entry.get("review")}


def test_facts_marked_for_review_are_drafts_and_the_rest_published(content):
    statuses = {}
    for model in (Agency, ContactChannel, Lever, Offence, EscalationStep, Instrument, CooperationRoute):
        statuses.update(model.objects.filter(content_key__isnull=False).values_list("content_key", "status"))
    expected = {key: "draft" if entry.get("review") else "published" for key, entry in entries_with_keys()}
    assert "draft" in expected.values() and "published" in expected.values()
    assert {key: statuses.get(key) for key in expected} == expected


def coverage_report():
    out = StringIO()
    call_command("coverage_report", stdout=out)
    return out.getvalue()


def counted(report, line, name):
    """The number given for `name` on the report line that starts with `line`."""
    [text] = [row for row in report.splitlines() if row.startswith(line)]
    return int(re.search(rf"{name} (\d+)", text).group(1))


def test_coverage_report_counts_the_countries_and_their_parts(content):
    uk_nations, us_states = 3, len([s for s in pycountry.subdivisions.get(country_code="US") if s.type in {"State", "District"}])
    expected = f"Jurisdictions: {len(pycountry.countries)} countries and territories, {uk_nations + us_states} nations and states"
    assert expected in coverage_report()


def test_coverage_report_counts_the_members_of_each_instrument(content):
    factories.instrument("Convention on Testing", short_name="Testing Convention", members=["za", "gb", "fr"])
    factories.instrument("Scheme under review", short_name="Review Scheme", members=["za", "gb"], status="draft")
    report = coverage_report()
    assert "  Testing Convention: 3\n" in report
    assert "  Review Scheme (draft): 2\n" in report


def test_coverage_report_lists_a_country_once_it_has_published_content(content):
    def with_deep_content():
        line = coverage_report().split("Deep content:")[1].split("\n")[0]
        return line.split("(", 1)[1].rstrip(")").split(", ")

    newcomer, drafted = Jurisdiction.objects.filter(parent=None).exclude(code__in=with_deep_content()).values_list("code", flat=True)[:2]
    factories.agency(newcomer, "Police of the islands")
    factories.agency(drafted, "Police not yet checked", status="draft")
    listed = with_deep_content()
    assert newcomer in listed and drafted not in listed


def test_coverage_report_counts_drafts_and_facts_overdue_for_review(content):
    before = coverage_report()
    factories.lever("fr", "Ask the court for an order", status="draft")
    factories.lever("fr", "Report to the regulator", next_review=datetime.date.today() - datetime.timedelta(days=1))
    factories.lever("fr", "Report to the platform", next_review=datetime.date.today() + datetime.timedelta(days=1))
    after = coverage_report()
    assert counted(after, "Drafts awaiting review", "levers") == counted(before, "Drafts awaiting review", "levers") + 1
    assert counted(after, "Overdue for review", "levers") == counted(before, "Overdue for review", "levers") + 1


def test_coverage_report_counts_states_with_their_own_order_and_countries_with_home_reporting(content):
    def line(report, label):
        return report.split(label)[1].split("\n")[0]

    before = coverage_report()
    without = Jurisdiction.objects.filter(parent__code="us").exclude(levers__kind=Lever.Kind.PROTECTIVE_ORDER, levers__status="published").first()
    assert without.code in line(before, "Orders of their own:")
    factories.lever(without.code, "An order of the state's own", kind=Lever.Kind.PROTECTIVE_ORDER, citation="Code § 1", law_url="https://law.example/1")
    after = coverage_report()
    assert without.code not in line(after, "Orders of their own:")

    newcomer = Jurisdiction.objects.filter(parent=None, how_to_report_en__isnull=True).first()
    assert newcomer.code not in line(after, "Home reporting")
    newcomer.how_to_report = "Go to the nearest station and ask for the reference."
    newcomer.source_url, newcomer.last_verified = "https://police.example/report", datetime.date(2025, 3, 4)
    newcomer.save()
    assert newcomer.code in line(coverage_report(), "Home reporting")


def test_coverage_report_counts_translated_and_approved_texts_of_the_countries_in_depth(content):
    from jurisdictions import publishing
    from jurisdictions.coverage import translation_coverage

    before = translation_coverage()
    agency = factories.agency("za", "Translated test agency", purpose="Helps you.")
    factories.agency("fr", "Agency of a country not in depth", purpose="Helps you too.")
    agency.purpose_fr = "Vous aide."
    agency.save()
    after = translation_coverage()
    assert after["fr"] == (before["fr"][0] + 1, before["fr"][1], before["fr"][2] + 1)
    assert after["es"] == (before["es"][0], before["es"][1], before["es"][2] + 1)
    publishing.approve_translation(agency, "fr", get_user_model().objects.create_user("translation-reviewer"))
    assert translation_coverage()["fr"][1] == before["fr"][1] + 1
