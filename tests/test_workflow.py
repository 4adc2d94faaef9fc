"""The content team's workflow, as a new editor and a reviewer would go through it."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from jurisdictions.models import ContactChannel, Jurisdiction, Revision

from . import factories
from .test_admin import form_data

OLD, NEW = "0800 123 456", "0800 123 457"


def staff(name, group):
    user = get_user_model().objects.create_user(name, password="a-long-password-for-staff", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor(content):
    return staff("editor", "Content editors")


@pytest.fixture
def reviewer(content):
    return staff("reviewer", "Content reviewers")


@pytest.fixture
def desk(content):
    return factories.agency("za", "Online Abuse Desk")


@pytest.fixture
def toll_free(desk):
    return factories.channel(desk, ContactChannel.Kind.TOLL_FREE, OLD)


def live(path="/guide/za/gb/"):
    return Client().get(path).content.decode()


def test_change_preview_publish_and_undo_a_phone_number(editor, reviewer, toll_free):
    channel = toll_free
    changelist = reverse("admin:jurisdictions_contactchannel_changelist")
    change_url = reverse("admin:jurisdictions_contactchannel_change", args=[channel.pk])
    live("/guide/za/gb/")  # the live page is now cached

    # An editor changes the number on the record's own form: it waits for review.
    data = form_data(editor.get(change_url))
    data["value"] = NEW
    assert editor.post(change_url, data).status_code == 302
    channel.refresh_from_db()
    assert channel.value == OLD and channel.status == "published"
    revision = Revision.objects.get(object_id=channel.pk, state="pending")
    assert revision.values["value"] == NEW and revision.values["dial"] == "+27800123457"
    assert revision.drafted_by.username == "editor"

    # Victims still see the published number; the preview shows the change, to staff only.
    assert OLD in live() and NEW not in live()
    preview = editor.get("/guide/za/gb/", {"preview": "1"})
    assert NEW in preview.content.decode() and OLD not in preview.content.decode()
    assert "drafts are included" in preview.content.decode()
    assert "no-cache" in preview["Cache-Control"]
    assert NEW not in Client().get("/guide/za/gb/", {"preview": "1"}).content.decode()

    # Editors cannot publish; reviewers can, and the change is live at once.
    editor.post(changelist, {"action": "publish_selected", "_selected_action": [channel.pk]})
    assert NEW not in live()
    reviewer.post(changelist, {"action": "publish_selected", "_selected_action": [channel.pk]})
    channel.refresh_from_db()
    assert channel.value == NEW and channel.history.first().history_user.username == "reviewer"
    revision.refresh_from_db()
    assert revision.state == "published" and revision.published_by.username == "reviewer" and revision.published_at
    assert NEW in live() and OLD not in live()

    # Undo is a pending change made from the older version in the history, reviewed like any other.
    before = channel.history.filter(value=OLD).first()
    revert_url = reverse("admin:jurisdictions_contactchannel_simple_history", args=[channel.pk, before.history_id])
    page = reviewer.get(revert_url)
    assert page.status_code == 200
    assert reviewer.post(revert_url, form_data(page)).status_code == 302
    channel.refresh_from_db()
    assert channel.value == NEW and NEW in live()
    reviewer.post(changelist, {"action": "publish_selected", "_selected_action": [channel.pk]})
    channel.refresh_from_db()
    assert channel.value == OLD
    assert OLD in live() and NEW not in live()


def test_an_editor_cannot_change_what_victims_see_directly(editor, toll_free):
    url = reverse("admin:jurisdictions_contactchannel_change", args=[toll_free.pk])
    page = editor.get(url)
    assert page.status_code == 200 and b'name="_publish"' not in page.content
    data = form_data(page)
    data.update(value=NEW, status="draft", _publish="Publish")
    assert editor.post(url, data).status_code == 302
    toll_free.refresh_from_db()
    assert toll_free.value == OLD and toll_free.status == "published"
    assert OLD in live() and NEW not in live()


def test_what_an_editor_adds_is_a_draft_until_reviewed(editor, desk):
    url = reverse("admin:jurisdictions_contactchannel_add")
    response = editor.post(url, {"agency": desk.pk, "kind": "web", "label_en": "Tip-offs", "value": "https://www.saps.gov.za/", "order": 5, "source_url": "https://www.saps.gov.za/", "last_verified": "2025-03-04", "status": "published"})
    assert response.status_code == 302
    added = ContactChannel.objects.get(label="Tip-offs")
    assert added.status == "draft"
    assert "Online Abuse Desk" in live("/countries/za/") and "Tip-offs" not in live("/countries/za/")


def test_the_dashboard_lists_overdue_drafts_and_unsourced_texts(editor, desk):
    factories.channel(desk, ContactChannel.Kind.PHONE, "012 345 6789", next_review=datetime.date(2020, 1, 1))
    factories.channel(desk, ContactChannel.Kind.PHONE, "021 555 0100", next_review=datetime.date.today() + datetime.timedelta(days=30))
    factories.offence("za", "Stalking: order from the magistrate", "Draft Test Act, section 4", status="draft")
    Jurisdiction.objects.filter(code="tv").update(how_to_report="Go to the police station.", source_url="", last_verified=None)
    page = editor.get(reverse("content_health")).content.decode()
    assert "012 345 6789" in page and "review was due 01 Jan 2020" in page
    assert "021 555 0100" not in page
    assert "Stalking: order from the magistrate" in page
    assert "Cross-border harassment guide: content" in page
    assert "Tuvalu" in page.split("texts but no source")[1]
    index = editor.get(reverse("admin:index")).content.decode()
    assert reverse("content_health") in index


def test_list_filters_show_overdue_records(editor, desk):
    factories.channel(desk, ContactChannel.Kind.PHONE, "012 345 6789", next_review=datetime.date(2020, 1, 1))
    factories.channel(desk, ContactChannel.Kind.PHONE, "021 555 0100", next_review=datetime.date.today() + datetime.timedelta(days=30))
    page = editor.get(reverse("admin:jurisdictions_contactchannel_changelist"), {"review": "overdue"}).content.decode()
    assert "012 345 6789" in page and "021 555 0100" not in page


def test_marking_verified_is_one_action(reviewer, toll_free):
    channel = toll_free
    recorded = channel.last_verified
    reviewer.post(reverse("admin:jurisdictions_contactchannel_changelist"), {"action": "mark_verified_today", "_selected_action": [channel.pk]})
    channel.refresh_from_db()
    assert channel.checked_on == datetime.date.today() and channel.checked_by.username == "reviewer"
    assert channel.last_verified == recorded
    assert channel.next_review == datetime.date.today() + datetime.timedelta(days=365)
