import tablib
from django.urls import reverse

from jurisdictions.models import Agency, ContactChannel, Revision
from jurisdictions.resources import AgencyResource, ContactChannelResource

from .test_workflow import editor, reviewer  # noqa: F401  (fixtures)


def south_african_channels():
    return ContactChannelResource().export(ContactChannel.objects.filter(agency__jurisdiction__code="za").order_by("pk"))


def test_exported_content_can_be_read_back(content):
    exported = south_african_channels()
    assert "0800 017 160" in exported.csv
    assert exported.headers[:3] == ["id", "agency", "kind"]
    assert "status" in exported.headers
    agencies = AgencyResource().export(Agency.objects.filter(jurisdiction__code="za"))
    assert "za" in agencies.csv and "SAPS Crime Stop" in agencies.json


def test_an_import_creates_drafts_and_drafted_changes_for_review(content):
    data = tablib.Dataset().load(south_african_channels().csv, format="csv")
    toll_free = next(i for i, row in enumerate(data.dict) if row["value"] == "0800 017 160")
    data[toll_free] = tuple("0800 017 161" if header == "value" else value for header, value in zip(data.headers, data[toll_free]))
    agency = Agency.objects.get(content_key="za-information-regulator")
    data.append([("" if h in {"id", "status"} else {"agency": agency.pk, "kind": "web", "label": "Complaint form", "value": "https://inforegulator.org.za/", "order": 9, "source_url": "https://inforegulator.org.za/", "last_verified": "2026-11-20", "next_review": ""}.get(h, "")) for h in data.headers])
    result = ContactChannelResource().import_data(data, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    live = ContactChannel.objects.get(content_key="za-information-regulator#3")
    assert live.value == "0800 017 160" and live.status == "published"
    change = Revision.objects.get(object_id=live.pk, content_type__model="contactchannel", state="pending")
    assert change.values["value"] == "0800 017 161"
    assert ContactChannel.objects.get(label="Complaint form").status == "draft"


def with_value(data, index, value):
    data[index] = tuple(value if header == "value" else cell for header, cell in zip(data.headers, data[index]))


def test_a_file_with_a_bad_row_imports_nothing_and_says_which_row(content):
    data = tablib.Dataset().load(south_african_channels().csv, format="csv")
    phones = [i for i, row in enumerate(data.dict) if row["kind"] in {"phone", "tollfree"}]
    with_value(data, phones[0], "0800 017 161")  # a good change
    with_value(data, phones[1], "not a number")  # a bad one
    before = ContactChannel.objects.count()
    result = ContactChannelResource().import_data(data, dry_run=False)
    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert invalid.number == phones[1] + 1
    assert "is not a phone number" in str(invalid.error)
    assert ContactChannel.objects.count() == before
    assert not Revision.objects.exists()


def test_editors_can_open_the_import_page(editor):  # noqa: F811
    assert editor.get(reverse("admin:jurisdictions_contactchannel_import")).status_code == 200
    assert editor.get(reverse("admin:jurisdictions_contactchannel_export")).status_code == 200
