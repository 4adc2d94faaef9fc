import pytest
import tablib
from django.urls import reverse

from jurisdictions.models import Agency, ContactChannel, Revision
from jurisdictions.resources import AgencyResource, ContactChannelResource

from . import factories
from .test_workflow import editor, reviewer  # noqa: F401  (fixtures)


@pytest.fixture
def desk(content):
    desk = factories.agency("za", "Online Abuse Desk")
    factories.channel(desk, ContactChannel.Kind.TOLL_FREE, "0800 123 456")
    factories.channel(desk, ContactChannel.Kind.PHONE, "012 345 6789")
    factories.channel(desk, ContactChannel.Kind.WEB, "https://www.saps.gov.za/online-abuse")
    return desk


def desk_channels(desk):
    return ContactChannelResource().export(ContactChannel.objects.filter(agency=desk).order_by("pk"))


def test_exported_content_can_be_read_back(desk):
    exported = desk_channels(desk)
    assert "0800 123 456" in exported.csv and "https://www.saps.gov.za/online-abuse" in exported.csv
    assert exported.headers[:3] == ["id", "agency", "kind"]
    assert "status" in exported.headers
    agencies = AgencyResource().export(Agency.objects.filter(pk=desk.pk))
    assert "za" in agencies.csv and "Online Abuse Desk" in agencies.json


def test_an_import_creates_drafts_and_drafted_changes_for_review(desk):
    data = tablib.Dataset().load(desk_channels(desk).csv, format="csv")
    toll_free = next(i for i, row in enumerate(data.dict) if row["value"] == "0800 123 456")
    with_value(data, toll_free, "0800 123 457")
    data.append([("" if h in {"id", "status"} else {"agency": desk.pk, "kind": "web", "label": "Complaint form", "value": "https://www.saps.gov.za/complaints", "order": 9, "source_url": "https://www.saps.gov.za/", "last_verified": "2025-03-04", "next_review": ""}.get(h, "")) for h in data.headers])
    result = ContactChannelResource().import_data(data, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    live = ContactChannel.objects.get(agency=desk, value="0800 123 456")
    assert live.status == "published"
    change = Revision.objects.get(object_id=live.pk, content_type__model="contactchannel", state="pending")
    assert change.values["value"] == "0800 123 457"
    assert ContactChannel.objects.get(label="Complaint form").status == "draft"


def with_value(data, index, value):
    data[index] = tuple(value if header == "value" else cell for header, cell in zip(data.headers, data[index]))


def test_a_file_with_a_bad_row_imports_nothing_and_says_which_row(desk):
    data = tablib.Dataset().load(desk_channels(desk).csv, format="csv")
    phones = [i for i, row in enumerate(data.dict) if row["kind"] in {"phone", "tollfree"}]
    with_value(data, phones[0], "0800 123 457")  # a good change
    with_value(data, phones[1], "not a number")  # a bad one
    before = ContactChannel.objects.count()
    pending_before = Revision.objects.count()
    result = ContactChannelResource().import_data(data, dry_run=False)
    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert invalid.number == phones[1] + 1
    assert "is not a phone number" in str(invalid.error)
    assert ContactChannel.objects.count() == before
    assert Revision.objects.count() == pending_before


def test_editors_can_open_the_import_page(editor):  # noqa: F811
    assert editor.get(reverse("admin:jurisdictions_contactchannel_import")).status_code == 200
    assert editor.get(reverse("admin:jurisdictions_contactchannel_export")).status_code == 200
