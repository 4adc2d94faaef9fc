from django.contrib.auth import get_user_model

from jurisdictions.loading import load_content
from jurisdictions.models import Agency, ContactChannel, Instrument, Jurisdiction, Membership, Offence

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


def test_facts_marked_for_review_are_drafts(content):
    act = Offence.objects.get(content_key="za-harassment-act")
    assert act.status == "draft"
    assert not Offence.objects.published().filter(pk=act.pk).exists()


def test_coverage_report_counts_the_world(content):
    from django.core.management import call_command
    from io import StringIO

    out = StringIO()
    call_command("coverage_report", stdout=out)
    report = out.getvalue()
    assert "249 countries and territories, 54 nations and states" in report
    assert "INTERPOL: 208" in report
    deep = report.split("Deep content:")[1].split("\n")[0]
    assert "za" in deep and "(" in deep and "fr" not in deep.split("(")[1].split(", ")
