"""Review means review: nothing an editor does through the admin reaches victims until
a reviewer publishes it, and a change to an agency keeps its contact channels."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jurisdictions import publishing, versioning
from jurisdictions.loading import load_content
from jurisdictions.models import Agency, ContactChannel, Jurisdiction, Revision

from .test_admin import form_data
from .test_workflow import editor, reviewer  # noqa: F401  (fixtures)

GUIDE = "/guide/za/gb/"
REGULATOR = "za-information-regulator"
NEW_PURPOSE = "Complain here when a company or a person spreads your personal information."
NEW_CHANNEL = "https://inforegulator.org.za/complaints-form/"


def victim_sees(path=GUIDE):
    return Client().get(path).content.decode()


def change_url(record):
    return reverse(f"admin:jurisdictions_{record._meta.model_name}_change", args=[record.pk])


def add_channel(data, value, label):
    """Fill the empty inline row of the agency form as an editor would."""
    prefix = "channels"
    row = int(data[f"{prefix}-TOTAL_FORMS"]) - 1
    data.update({
        f"{prefix}-{row}-kind": "web",
        f"{prefix}-{row}-label_en": label,
        f"{prefix}-{row}-value": value,
        f"{prefix}-{row}-order": "9",
        f"{prefix}-{row}-source_url": "https://inforegulator.org.za/",
        f"{prefix}-{row}-last_verified": "2026-11-20",
    })


def row_of(data, value):
    return next(key.rsplit("-", 1)[0] for key, cell in data.items() if key.startswith("channels-") and cell == value)


@pytest.fixture
def regulator(content):
    return Agency.objects.get(content_key=REGULATOR)


def test_an_agency_change_with_its_channels_waits_for_a_reviewer_and_is_published_whole(editor, reviewer, regulator):
    email = ContactChannel.objects.get(content_key=f"{REGULATOR}#4")
    phone = ContactChannel.objects.get(content_key=f"{REGULATOR}#3")
    before = victim_sees("/countries/za/")
    assert email.value in before and phone.value in before

    # The editor changes the purpose, adds a channel, changes one and removes another, on the live form.
    data = form_data(editor.get(change_url(regulator)))
    data["purpose_en"] = NEW_PURPOSE
    add_channel(data, NEW_CHANNEL, "Complaint form")
    data[f"{row_of(data, phone.value)}-value"] = "0800 017 161"
    data[f"{row_of(data, email.value)}-DELETE"] = "on"
    response = editor.post(change_url(regulator), data)
    assert response.status_code == 302, response.content.decode()[:3000]

    # Victims see exactly what they saw; the agency and its channels are as they were.
    for path in (GUIDE, "/countries/za/"):
        page = victim_sees(path)
        assert NEW_PURPOSE not in page and NEW_CHANNEL not in page and "0800 017 161" not in page
        assert email.value in page and phone.value in page

    # Staff preview shows the change as it will be, channels included; an anonymous visitor's ?preview=1 does not.
    preview = editor.get("/countries/za/", {"preview": "1"})
    shown = preview.content.decode()
    assert NEW_PURPOSE in shown and NEW_CHANNEL in shown and "0800 017 161" in shown
    assert email.value not in shown and "no-cache" in preview["Cache-Control"]
    assert NEW_PURPOSE not in Client().get("/countries/za/", {"preview": "1"}).content.decode()

    # The reviewer sees field by field what changes, in the pending list and on the change page.
    listed = reviewer.get(reverse("admin:jurisdictions_revision_changelist")).content.decode()
    assert "Information Regulator" in listed and NEW_PURPOSE in listed and "0800 017 161" in listed
    page = reviewer.get(change_url(regulator))
    text = page.content.decode()
    assert "Pending change by editor" in text and 'name="_publish"' in text
    assert NEW_CHANNEL in text  # the form shows the change, the new channel included

    # Publishing from the change page makes the whole change live, on the same records.
    data = form_data(page)
    data["_publish"] = "Publish"
    assert reviewer.post(change_url(regulator), data).status_code == 302
    page = victim_sees("/countries/za/")
    assert NEW_PURPOSE in page and NEW_CHANNEL in page
    assert "0800 017 161" in page and email.value not in page
    regulator.refresh_from_db()
    phone.refresh_from_db()
    assert regulator.purpose == NEW_PURPOSE and phone.value == "0800 017 161" and phone.pk and regulator.channels.count() == 4
    assert not ContactChannel.objects.filter(pk=email.pk).exists()
    revision = Revision.objects.get(object_id=regulator.pk, content_type__model="agency")
    assert revision.state == "published" and revision.drafted_by.username == "editor" and revision.published_by.username == "reviewer"
    assert regulator.history.first().history_user.username == "reviewer"


def test_routes_and_memberships_keep_pointing_at_the_one_live_record(editor, content):
    bureau = Agency.objects.get(content_key="za-saps-ncb")
    data = form_data(editor.get(change_url(bureau)))
    data["purpose_en"] = NEW_PURPOSE
    assert editor.post(change_url(bureau), data).status_code == 302
    assert Agency.objects.filter(name=bureau.name).count() == 1
    assert NEW_PURPOSE not in victim_sees()


def test_reviewer_publishes_pending_changes_from_the_list(editor, reviewer, regulator):
    data = form_data(editor.get(change_url(regulator)))
    data["purpose_en"] = NEW_PURPOSE
    editor.post(change_url(regulator), data)
    revision = publishing.pending_revision(regulator)
    changelist = reverse("admin:jurisdictions_revision_changelist")
    editor.post(changelist, {"action": "publish_selected", "_selected_action": [revision.pk]})
    assert NEW_PURPOSE not in victim_sees("/countries/za/")
    reviewer.post(changelist, {"action": "publish_selected", "_selected_action": [revision.pk]})
    assert NEW_PURPOSE in victim_sees("/countries/za/")


def test_an_editors_history_revert_is_only_a_pending_change(editor, reviewer, regulator):
    original = regulator.purpose
    data = form_data(reviewer.get(change_url(regulator)))
    data.update(purpose_en=NEW_PURPOSE, _publish="Publish")
    reviewer.post(change_url(regulator), data)
    assert NEW_PURPOSE in victim_sees("/countries/za/")

    older = regulator.history.exclude(purpose=NEW_PURPOSE).first()
    url = reverse("admin:jurisdictions_agency_simple_history", args=[regulator.pk, older.history_id])
    assert editor.post(url, form_data(editor.get(url))).status_code == 302
    regulator.refresh_from_db()
    assert regulator.purpose == NEW_PURPOSE and NEW_PURPOSE in victim_sees("/countries/za/")
    undo = Revision.objects.get(state="pending", object_id=regulator.pk)
    assert undo.drafted_by.username == "editor" and "Undo" in undo.note

    reviewer.post(reverse("admin:jurisdictions_agency_changelist"), {"action": "publish_selected", "_selected_action": [regulator.pk]})
    regulator.refresh_from_db()
    assert regulator.purpose == original
    assert NEW_PURPOSE not in victim_sees("/countries/za/")


def test_jurisdiction_texts_wait_for_review_and_its_structure_is_for_reviewers(editor, reviewer):
    za = Jurisdiction.objects.get(code="za")
    page = editor.get(change_url(za))
    assert 'name="code"' not in page.content.decode() and 'name="parent"' not in page.content.decode()
    data = form_data(page)
    data.update(how_to_report_en=za.how_to_report + " UNREVIEWED", code="zz", kind="state")
    assert editor.post(change_url(za), data).status_code == 302
    za.refresh_from_db()
    assert za.code == "za" and za.kind == "country" and "UNREVIEWED" not in za.how_to_report
    assert Client().get(GUIDE).status_code == 200 and "UNREVIEWED" not in victim_sees()

    reviewer.post(reverse("admin:jurisdictions_jurisdiction_changelist"), {"action": "publish_selected", "_selected_action": [za.pk]})
    assert "UNREVIEWED" in victim_sees()


def test_a_channel_added_to_a_draft_agency_is_a_draft_too(editor, content):
    za = Jurisdiction.objects.get(code="za")
    url = reverse("admin:jurisdictions_agency_add")
    data = form_data(editor.get(url))
    data.update(
        jurisdiction=za.pk, name="Cyber help desk", kind="support", purpose_en="Helps victims.", order=1,
        source_url="https://www.saps.gov.za/", last_verified="2026-11-20",
    )
    add_channel(data, NEW_CHANNEL, "Help desk")
    assert editor.post(url, data).status_code == 302
    channel = ContactChannel.objects.get(value=NEW_CHANNEL)
    assert channel.status == "draft" and channel.agency.status == "draft"


def test_editors_cannot_delete_what_victims_see(editor, regulator):
    changelist = reverse("admin:jurisdictions_agency_changelist")
    editor.post(changelist, {"action": "delete_selected", "_selected_action": [regulator.pk], "post": "yes"})
    assert Agency.objects.filter(pk=regulator.pk).exists()


def import_file(client, model, name, content, content_type="text/csv", file_format="csv"):
    url = reverse(f"admin:jurisdictions_{model}_import")
    page = client.get(url)
    choices = dict((label.lower(), value) for value, label in page.context["form"].fields["format"].choices)
    response = client.post(url, {"format": choices.get(file_format, "99"), "import_file": SimpleUploadedFile(name, content, content_type=content_type), "resource": "0"})
    if "confirm_form" in (response.context or {}):
        confirm = response.context["confirm_form"]
        return client.post(reverse(f"admin:jurisdictions_{model}_process_import"), {name: field.value() for name, field in ((n, confirm[n]) for n in confirm.fields)})
    return response


def test_an_import_by_an_editor_changes_nothing_victims_see(editor, regulator):
    rows = [
        "id,jurisdiction,name,kind,purpose,public_can_contact,address,order,source_url,last_verified,next_review,status",
        f"{regulator.pk},za,IMPORTED NAME,regulator,{regulator.purpose},1,,10,https://inforegulator.org.za/,2026-11-20,,published",
        ",za,IMPORTED NEW,regulator,Helps.,1,,10,https://inforegulator.org.za/,2026-11-20,,published",
        "999999,za,IMPORTED WITH AN ID,regulator,Helps.,1,,10,https://inforegulator.org.za/,2026-11-20,,published",
    ]
    response = import_file(editor, "agency", "agencies.csv", "\n".join(rows).encode())
    assert response.status_code == 302
    page = victim_sees("/countries/za/")
    assert "IMPORTED" not in page
    assert set(Agency.objects.filter(name__startswith="IMPORTED").values_list("status", flat=True)) == {"draft"}
    assert not Agency.objects.filter(pk=999999).exists()
    assert Revision.objects.get(object_id=regulator.pk, state="pending").values["name"] == "IMPORTED NAME"


def test_imports_take_only_csv_xlsx_and_json_of_a_limited_size(editor, content):
    url = reverse("admin:jurisdictions_agency_import")
    labels = [label for _, label in editor.get(url).context["form"].fields["format"].choices if label != "---"]
    assert sorted(label.lower() for label in labels) == ["csv", "json", "xlsx"]
    big = ("name\n" + "x" * 80 + "\n") * 30000
    response = import_file(editor, "agency", "big.csv", big.encode())
    assert response.status_code == 200 and "larger than 2 MB" in response.content.decode()
    many = "id,name\n" + ",x\n" * 6000
    response = import_file(editor, "agency", "many.csv", many.encode())
    assert response.status_code == 200 and "import at most 5000" in response.content.decode()
    assert not Agency.objects.filter(name="x").exists()


def test_exports_never_start_a_cell_as_a_formula(reviewer, content):
    channel = ContactChannel.objects.get(content_key=f"{REGULATOR}#2")
    ContactChannel.objects.filter(pk=channel.pk).update(label_en='=HYPERLINK("http://x")')
    url = reverse("admin:jurisdictions_contactchannel_export")
    choices = dict((label.lower(), value) for value, label in reviewer.get(url).context["form"].fields["format"].choices)
    response = reviewer.post(url, {"format": choices["csv"], "resource": "0", **{f"contactchannelresource_{name}": "on" for name in ("id", "label", "value")}})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    cells = [cell for line in body.decode("utf-8-sig").splitlines() for cell in line.split(",")]
    assert any("HYPERLINK" in cell for cell in cells)
    assert not [cell for cell in cells if cell.lstrip('"').startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_the_content_version_moves_once_per_publish_not_on_drafts(editor, reviewer, regulator, monkeypatch):
    bumps = []
    monkeypatch.setattr(versioning, "bump_content_version", lambda: bumps.append(1))
    data = form_data(editor.get(change_url(regulator)))
    data["purpose_en"] = NEW_PURPOSE
    add_channel(data, NEW_CHANNEL, "Complaint form")
    editor.post(change_url(regulator), data)
    assert bumps == []
    reviewer.post(reverse("admin:jurisdictions_agency_changelist"), {"action": "publish_selected", "_selected_action": [regulator.pk]})
    assert bumps == [1]


def test_loading_the_reference_files_again_keeps_a_published_staff_change(editor, reviewer, regulator):
    data = form_data(editor.get(change_url(regulator)))
    data["purpose_en"] = NEW_PURPOSE
    editor.post(change_url(regulator), data)
    reviewer.post(reverse("admin:jurisdictions_agency_changelist"), {"action": "publish_selected", "_selected_action": [regulator.pk]})
    load_content()
    regulator.refresh_from_db()
    assert regulator.purpose == NEW_PURPOSE and NEW_PURPOSE in victim_sees("/countries/za/")


def test_the_export_import_round_trip_keeps_phone_numbers(content):
    from jurisdictions.resources import ContactChannelResource

    exported = ContactChannelResource().export(ContactChannel.objects.filter(content_key=f"{REGULATOR}#2"))
    ContactChannel.objects.filter(content_key=f"{REGULATOR}#2").update(value="+27 10 023 5200")
    exported = ContactChannelResource().export(ContactChannel.objects.filter(content_key=f"{REGULATOR}#2"))
    assert "'+27 10 023 5200" in exported.csv
    import tablib

    data = tablib.Dataset().load(io.StringIO(exported.csv).read(), format="csv")
    pending = Revision.objects.count()
    result = ContactChannelResource().import_data(data, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Revision.objects.count() == pending  # read back as "+27 10 023 5200": nothing changed


def test_publishing_from_the_change_page_moves_the_content_version_once(reviewer, regulator, monkeypatch):
    bumps = []
    monkeypatch.setattr(versioning, "bump_content_version", lambda: bumps.append(1))
    data = form_data(reviewer.get(change_url(regulator)))
    data.update(purpose_en=NEW_PURPOSE, _publish="Publish")
    add_channel(data, NEW_CHANNEL, "Complaint form")
    assert reviewer.post(change_url(regulator), data).status_code == 302
    assert bumps == [1]


def test_removing_a_channel_alone_is_a_pending_change_too(editor, reviewer, regulator):
    email = ContactChannel.objects.get(content_key=f"{REGULATOR}#4")
    data = form_data(editor.get(change_url(regulator)))
    data[f"{row_of(data, email.value)}-DELETE"] = "on"
    assert editor.post(change_url(regulator), data).status_code == 302
    assert email.value in victim_sees("/countries/za/")
    assert email.value not in editor.get("/countries/za/", {"preview": "1"}).content.decode()
    # Saving the form again, now without the removed channel in it, keeps the removal.
    assert editor.post(change_url(regulator), form_data(editor.get(change_url(regulator)))).status_code == 302
    reviewer.post(reverse("admin:jurisdictions_agency_changelist"), {"action": "publish_selected", "_selected_action": [regulator.pk]})
    assert email.value not in victim_sees("/countries/za/")
    assert not ContactChannel.objects.filter(pk=email.pk).exists()
