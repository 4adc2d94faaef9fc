"""Orders where the person lives, their law and whether you can apply from abroad;
protection across EU borders; content translated in files and approved per language."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import translation

from jurisdictions import publishing
from jurisdictions.loading import Translations, load_content
from jurisdictions.models import Jurisdiction, Lever, Purpose, Revision, StartedBy

from . import factories
from .pages import visible_text


def order(place, title, **fields):
    fields.setdefault("citation", "Harassment Act, section 4")
    fields.setdefault("law_url", "https://www.laws.example/harassment-act/4")
    return factories.lever(place, title, kind=Lever.Kind.PROTECTIVE_ORDER, **fields)


# Orders ----------------------------------------------------------------------


@pytest.mark.django_db
def test_an_order_must_name_the_law_that_creates_it():
    lever = Lever(
        jurisdiction=factories.jurisdiction("nz"),
        kind=Lever.Kind.PROTECTIVE_ORDER,
        title="Harassment order",
        description="The court orders the person to stop.",
        **factories.sourced(),
    )
    with pytest.raises(ValidationError) as error:
        lever.full_clean()
    assert {"citation", "law_url"} <= set(error.value.message_dict)


@pytest.mark.django_db
def test_a_country_whose_orders_differ_by_state_may_point_to_them_without_a_law():
    factories.jurisdiction("us").__class__.objects.filter(code="us").update(part_label=Jurisdiction.PartLabel.STATE)
    lever = Lever(
        jurisdiction=Jurisdiction.objects.get(code="us"),
        kind=Lever.Kind.PROTECTIVE_ORDER,
        title="A state order",
        description="Choose the state to see its order.",
        **factories.sourced(),
    )
    lever.full_clean()


def test_the_states_order_shows_its_law_court_and_filing_from_abroad_on_the_guide(client, content):
    order(
        "us-wy",
        "Stalking protection order (Wyoming test)",
        citation="Wyo. Stat. § 7-3-508",
        law_url="https://www.laws.example/wyoming/7-3-508",
        court="The circuit court of the county where you or the person live",
        from_abroad="You may file by mail and ask to appear by video.",
    )
    factories.offence("us-wy", "Stalking by electronic means (test)", "Wyo. Stat. § 6-2-506")
    page = client.get("/guide/za/us/", {"part": "us-wy"})
    text = visible_text(page)
    assert "Stalking protection order (Wyoming test)" in text
    assert 'href="https://www.laws.example/wyoming/7-3-508"' in page.content.decode()
    assert "The circuit court of the county where you or the person live" in text
    assert "You may file by mail and ask to appear by video." in text
    assert "Stalking by electronic means (test) (Wyo. Stat. § 6-2-506)" in text.replace("( ", "(").replace(" )", ")")


def test_a_states_own_order_replaces_the_countrys_pointer_to_state_orders(client, content):
    order("us-vt", "Civil order against stalking (Vermont test)")
    factories.lever("us", "Pointer to every state's order (test)", kind=Lever.Kind.PROTECTIVE_ORDER)
    with_state = visible_text(client.get("/guide/za/us/", {"part": "us-vt"}))
    without_state = visible_text(client.get("/guide/za/us/"))
    assert "Civil order against stalking (Vermont test)" in with_state
    assert "Pointer to every state's order (test)" not in with_state
    assert "Pointer to every state's order (test)" in without_state
    state_page = visible_text(client.get("/countries/us-vt/"))
    assert "Civil order against stalking (Vermont test)" in state_page
    assert "Pointer to every state's order (test)" not in state_page


def test_a_state_without_its_own_order_keeps_the_countrys_pointer(client, content):
    factories.lever("us", "Pointer to every state's order (test)", kind=Lever.Kind.PROTECTIVE_ORDER)
    assert "Pointer to every state's order (test)" in visible_text(client.get("/countries/us-nd/"))


# Protection across borders -----------------------------------------------------


def test_an_order_recognised_across_eu_borders_is_offered_between_two_bound_states_only(client, content):
    factories.instrument(
        "Protection order recognised across borders (test)",
        members=["fr", "de"],
        purpose=Purpose.PROTECT,
        started_by=StartedBy.YOU,
        description="Ask the court that made your order for a certificate.",
    )
    between_bound = client.get("/guide/fr/de/")
    text = visible_text(between_bound)
    assert "Protection order recognised across borders (test)" in text
    assert "Ask the court that made your order for a certificate." in text
    # It is something the victim asks for, not a police-to-police route, so the officer's letter leaves it out.
    letter = client.post("/guide/fr/de/letter/", {"reference": "", "print": "1"})
    assert "Protection order recognised across borders (test)" not in visible_text(letter)
    assert "Protection order recognised across borders (test)" not in visible_text(client.get("/guide/fr/ie/"))


# Jurisdiction texts under review --------------------------------------------------


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_countrys_reporting_texts_under_review_wait_as_a_pending_change(tmp_path, content):
    # A country the reference content says nothing about yet.
    place = next(p for p in Jurisdiction.objects.filter(parent=None, how_to_report_en__isnull=True) if publishing.pending_revision(p) is None)
    write(
        tmp_path / "place.toml",
        f'[jurisdiction.{place.code}]\nreference_name = "RRB number"\nhow_to_report = "Go to the station."\n'
        'source_url = "https://www.police.example/report"\nlast_verified = 2026-01-02\nreview = "Confirm on the police site."\n',
    )
    load_content(tmp_path)
    place.refresh_from_db()
    assert not place.how_to_report
    revision = publishing.pending_revision(place)
    assert revision is not None and revision.note == "Confirm on the police site."
    assert "Go to the station." in revision.values.values()
    load_content(tmp_path)
    assert Revision.objects.filter(object_id=place.pk, content_type__model="jurisdiction", state=Revision.State.PENDING).count() == 1


# Translations -------------------------------------------------------------------

AGENCY = """
[[agency]]
key = "nz-test-police"
jurisdiction = "nz"
name = "Test Police"
kind = "police"
purpose = "Takes your report."
source_url = "https://www.police.example/nz"
last_verified = 2026-01-02

  [[agency.channels]]
  kind = "web"
  label = "Report online"
  value = "https://www.police.example/report"
"""


@pytest.mark.django_db
def test_translations_load_from_their_file_into_the_records_language(tmp_path):
    write(tmp_path / "nz.toml", AGENCY)
    write(
        tmp_path / "translations" / "fr.toml",
        '[agency."nz-test-police"]\npurpose = "Reçoit votre plainte."\n\n[channel."nz-test-police#1"]\nlabel = "Porter plainte en ligne"\n',
    )
    load_content(tmp_path)
    from jurisdictions.models import Agency

    police = Agency.objects.get(content_key="nz-test-police")
    assert police.purpose_fr == "Reçoit votre plainte."
    assert police.channels.get().label_fr == "Porter plainte en ligne"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "translation, problem",
    [
        ('[agency."nz-no-such-agency"]\npurpose = "Texte."\n', "not in the content files"),
        ('[agency."nz-test-police"]\nname = "Police de test"\n', "not a translated text"),
        ('[platform."x"]\nname = "X"\n', "no table"),
    ],
)
def test_a_translation_naming_nothing_we_have_stops_the_load(tmp_path, translation, problem):
    write(tmp_path / "nz.toml", AGENCY)
    write(tmp_path / "translations" / "fr.toml", translation)
    with pytest.raises(ValueError, match=problem):
        load_content(tmp_path)


def test_a_translation_file_for_a_language_the_site_does_not_offer_stops_the_load(tmp_path, settings):
    write(tmp_path / "translations" / "xx.toml", "")
    with pytest.raises(ValueError, match="not one of the site's other languages"):
        Translations.read(tmp_path)


def agency_translated_into_french(purpose_fr="Reçoit votre plainte et enquête."):
    police = factories.agency("nz", "Police for translation tests")
    police.purpose_fr = purpose_fr
    police.save()
    return police


def reviewer():
    user = get_user_model().objects.create_user("reviewer-of-translations")
    return user


def test_a_translation_is_marked_not_yet_reviewed_until_a_reviewer_approves_it(client, content):
    police = agency_translated_into_french()
    page = visible_text(client.get("/fr/countries/nz/"))
    assert "Reçoit votre plainte et enquête. Traduction pas encore relue." in page

    assert publishing.approve_translation(police, "fr", reviewer())
    page = visible_text(client.get("/fr/countries/nz/"))
    assert "Reçoit votre plainte et enquête." in page
    assert "Reçoit votre plainte et enquête. Traduction pas encore relue." not in page


def test_changing_an_approved_translation_makes_it_unreviewed_again(client, content):
    police = agency_translated_into_french()
    publishing.approve_translation(police, "fr", reviewer())
    police.purpose_fr = "Reçoit votre plainte, enquête et vous rappelle."
    police.save()
    page = visible_text(client.get("/fr/countries/nz/"))
    assert "Reçoit votre plainte, enquête et vous rappelle. Traduction pas encore relue." in page


def test_approving_a_language_with_no_translation_approves_nothing(content):
    police = factories.agency("nz", "Police without translations")
    assert not publishing.approve_translation(police, "es", reviewer())
    police.refresh_from_db()
    assert police.translations_approved == {}


def test_an_untranslated_text_still_falls_back_to_english_visibly(client, content):
    factories.agency("nz", "Police with English only", purpose="Only written in English for now.")
    page = visible_text(client.get("/es/countries/nz/"))
    assert "Only written in English for now. Aún no traducido: se muestra en inglés." in page


def test_reviewers_approve_translations_from_the_admin_list(admin_client, content):
    police = agency_translated_into_french()
    response = admin_client.post(
        "/admin/jurisdictions/agency/", {"action": "approve_translation_fr", "_selected_action": [police.pk]}, follow=True
    )
    assert response.status_code == 200
    police.refresh_from_db()
    assert police.translations_approved["fr"]["by"] == "admin"


# isiZulu ---------------------------------------------------------------------------


def test_isizulu_is_an_interface_language(client, content):
    page = client.get("/zu/guide/za/gb/")
    assert page.status_code == 200
    assert '<html lang="zu" dir="ltr">' in page.content.decode()
    with translation.override("zu"):
        leave = translation.gettext("Leave this site")
    assert leave != "Leave this site" and leave in visible_text(page)
    assert "yaseNingizimu Afrika" in visible_text(page)


def test_a_language_version_no_speaker_has_reviewed_says_so(client, content, settings):
    settings.UNREVIEWED_INTERFACE_LANGUAGES = ["zu"]
    with translation.override("zu"):
        note = translation.gettext("This language version has not yet been checked by a reviewer who speaks it.")
    assert note in visible_text(client.get("/zu/"))
    with translation.override("fr"):
        french_note = translation.gettext("This language version has not yet been checked by a reviewer who speaks it.")
    assert french_note not in visible_text(client.get("/fr/"))


def test_staff_edit_an_orders_law_and_see_which_translations_are_approved(admin_client, content):
    lever = order("us-wy", "Order to check in the admin", court="The district court")
    lever.title_fr = "Ordonnance à vérifier"
    lever.save()
    publishing.approve_translation(lever, "fr", get_user_model().objects.get(username="admin"))
    page = admin_client.get(f"/admin/jurisdictions/lever/{lever.pk}/change/")
    text = visible_text(page)
    assert page.status_code == 200
    assert "For a protective order" in text and 'name="law_url"' in page.content.decode()
    assert "Français: approved by admin on" in text
    channel = factories.channel(factories.agency("za", "Agency with a channel"), "web", "https://www.police.example/")
    assert admin_client.get(f"/admin/jurisdictions/contactchannel/{channel.pk}/change/").status_code == 200


def test_a_state_without_its_own_reporting_texts_shows_its_countrys(client, content):
    country = factories.jurisdiction("us")
    country.how_to_report = "Report to the local police department and ask for the case number (test)."
    country.source_url, country.last_verified = "https://www.police.example/us", factories.CHECKED_ON
    country.save()
    state = factories.jurisdiction("us-nd")
    state.how_to_report = ""
    state.save()
    report = visible_text(client.get("/countries/us-nd/")).split("How to report and get a reference number")[1]
    assert report.startswith(" Report to the local police department and ask for the case number (test).")


def test_reverting_to_a_version_from_before_an_approval_keeps_the_approval(content):
    police = agency_translated_into_french()
    reviewer_user = get_user_model().objects.create_user("reviewer-of-reverts", is_superuser=True)
    before_approval = police.history.first().instance
    publishing.approve_translation(police, "fr", reviewer_user)
    before_approval.address = "1 Example Street"
    publishing.draft(police, before_approval, user=reviewer_user)
    publishing.publish(police, reviewer_user)
    police.refresh_from_db()
    assert police.address == "1 Example Street"
    assert police.translations_approved["fr"]["by"] == "reviewer-of-reverts"
