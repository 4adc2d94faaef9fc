import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from jurisdictions import publishing
from jurisdictions.editions import PREVIEW, PUBLISHED
from jurisdictions.loading import load_content
from jurisdictions.models import Platform, Revision, Status
from jurisdictions.permissions import EDITORS_GROUP
from jurisdictions.platforms import KNOWN_SLUGS, intimate_image_services, platforms_for

TODAY = datetime.date(2026, 11, 30)


def platform(slug, **values):
    """A platform of our own, in place of any loaded one with the same slug."""
    Platform.objects.filter(slug=slug).delete()
    defaults = {
        "name": slug.title(),
        "law_enforcement_url": f"https://{slug}.example/law-enforcement",
        "source_url": f"https://{slug}.example/law-enforcement",
        "last_verified": TODAY,
    }
    return Platform.objects.create(slug=slug, **(defaults | values))


def test_every_published_platform_page_is_https_with_a_source_and_a_date(content):
    published = Platform.objects.published()
    assert published.filter(slug="facebook").exists()
    for record in published:
        pages = [getattr(record, name) for name in Platform.PAGE_FIELDS] + [record.retention_source_url]
        assert all(url.startswith("https://") for url in pages if url), record.slug
        assert record.source_url.startswith("https://") and record.last_verified, record.slug
        record.full_clean()


def test_every_published_platform_without_a_police_channel_says_what_is_known(content):
    for record in Platform.objects.published().filter(kind=Platform.Kind.PLATFORM, law_enforcement_url=""):
        assert record.law_enforcement_note.strip(), record.slug


def test_a_platform_without_a_police_channel_or_a_note_is_refused(db):
    record = Platform(slug="newsite", name="New site", source_url="https://newsite.example/", last_verified=TODAY)
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    assert "law_enforcement_note" in refused.value.message_dict


def test_plain_http_pages_and_unsourced_retention_periods_are_refused(db):
    record = Platform(
        slug="newsite",
        name="New site",
        law_enforcement_url="http://newsite.example/police",
        retention_days=90,
        source_url="https://newsite.example/",
        last_verified=TODAY,
    )
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    assert {"law_enforcement_url", "retention_source_url"} <= set(refused.value.message_dict)


def test_a_draft_platform_is_left_out_for_victims_and_shown_in_preview(db):
    platform("whatsapp")
    platform("discord", status=Status.DRAFT)
    assert [p.slug for p in platforms_for(["whatsapp", "discord"], PUBLISHED)] == ["whatsapp"]
    assert {p.slug for p in platforms_for(["whatsapp", "discord"], PREVIEW)} == {"whatsapp", "discord"}


def test_unknown_slugs_and_services_are_ignored(db):
    platform("whatsapp")
    chosen = platforms_for(["myspace", "whatsapp", "<script>", "stopncii", "whatsapp"], PUBLISHED)
    assert [p.slug for p in chosen] == ["whatsapp"]
    assert platforms_for(["myspace"], PUBLISHED) == []


def test_platforms_come_in_the_guides_order_from_one_query(db, django_assert_num_queries):
    platform("telegram", order=2, law_enforcement_url="", law_enforcement_note="No portal; see its privacy policy.")
    platform("facebook", order=1)
    with django_assert_num_queries(1):
        chosen = platforms_for(["telegram", "facebook"], PUBLISHED)
    assert [p.slug for p in chosen] == ["facebook", "telegram"]


def test_confirmed_facts_are_live_while_unconfirmed_ones_wait_for_a_reviewer(content):
    facebook, = platforms_for(["facebook"], PUBLISHED)
    assert facebook.report_harassment_url.startswith("https://www.facebook.com/help/")
    assert facebook.retention_days is None
    proposed, = platforms_for(["facebook"], PREVIEW)
    assert proposed.retention_days == 90 and proposed.pk == facebook.pk
    assert publishing.pending_revision(facebook) is not None

    publishing.publish(facebook, user=None)
    facebook.refresh_from_db()
    assert facebook.retention_days == 90
    load_content()
    assert publishing.pending_revision(facebook) is None
    assert platforms_for(["facebook"], PREVIEW)[0].pk == facebook.pk


def test_loading_the_platforms_again_changes_nothing(content):
    def state():
        return sorted(Platform.objects.values_list("content_key", "status", "loaded_values"))

    before, history, pending = state(), Platform.history.count(), Revision.objects.count()
    report = load_content()
    assert state() == before
    assert Platform.history.count() == history
    assert Revision.objects.count() == pending
    assert report.counts["created"] == report.counts["updated"] == 0


def test_every_wizard_choice_has_reference_content(content):
    loaded = set(Platform.objects.values_list("slug", flat=True))
    assert KNOWN_SLUGS <= loaded


def test_every_guide_can_show_both_intimate_image_services(content):
    services = intimate_image_services(PUBLISHED)
    assert [s.slug for s in services] == ["stopncii", "takeitdown"]
    assert services[1].report_intimate_images_url == "https://takeitdown.ncmec.org/"
    assert all(s.guidance and s.source_url.startswith("https://") for s in services)


def test_editors_may_draft_platforms(db):
    codenames = set(Group.objects.get(name=EDITORS_GROUP).permissions.values_list("codename", flat=True))
    assert {"view_platform", "add_platform", "change_platform", "delete_platform"} <= codenames
