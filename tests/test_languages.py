import pytest

from django.conf import settings
from guide.countries import search
from django.utils import translation

from . import factories
from .pages import visible_text


def test_the_language_is_in_the_address_and_the_page_says_it(client, content):
    response = client.get("/fr/guide/za/gb/", {"part": "gb-sct"})
    assert response.status_code == 200
    assert '<html lang="fr" dir="ltr">' in response.content.decode()
    assert "Afrique du Sud" in visible_text(response)


def test_arabic_pages_read_right_to_left(client, content):
    page = client.get("/ar/guide/za/gb/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page


def test_the_switcher_keeps_the_pair_and_the_part(client, content):
    page = client.get("/guide/za/gb/", {"part": "gb-sct", "emergency": "1"}).content.decode()
    assert 'href="/fr/guide/za/gb/?part=gb-sct&amp;emergency=1"' in page
    assert 'href="/ar/guide/za/gb/?part=gb-sct&amp;emergency=1"' in page
    french = client.get("/fr/guide/za/gb/", {"part": "gb-sct"}).content.decode()
    assert 'href="/guide/za/gb/?part=gb-sct"' in french


def test_links_inside_a_guide_keep_its_language(client, content):
    page = client.get("/es/guide/za/gb/").content.decode()
    assert 'href="/es/countries/za/"' in page
    assert 'href="/es/guide/za/gb/print/"' in page


def test_a_first_visit_uses_the_browsers_language(client, content):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9,en;q=0.5")
    assert response.status_code == 302 and response["Location"] == "/pt/"
    assert "Accept-Language" in response["Vary"]
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB")
    assert english.status_code == 200 and "Accept-Language" in english["Vary"]
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="tlh").status_code == 200


def test_the_wizard_keeps_its_language_to_the_guide(client, content):
    response = client.get("/fr/", {"home": "za", "away": "fr", "emergency": "yes"})
    assert response["Location"] == "/fr/guide/za/fr/?emergency=1"


@pytest.mark.parametrize("language, typed, code", [("fr", "Afrique du", "za"), ("es", "Reino Unido", "gb"), ("pt", "África do Sul", "za"), ("ar", "جنوب", "za"), ("fr", "South Africa", "za")])
def test_country_search_knows_names_in_the_readers_language(language, typed, code):
    with translation.override(language):
        assert search(typed)[0].code == code


def test_country_names_follow_the_language_in_the_wizard(client, content):
    page = client.get("/es/").content.decode()
    assert '<option value="za">Sudáfrica</option>' in page


def test_statute_citations_and_numbers_stay_as_they_are(client, content):
    text = visible_text(client.get("/fr/guide/za/us/"))
    for fact in ["18 U.S.C. § 875(c)", "08600 10111", "+27 (0)12 393 1000", "enquiries@inforegulator.org.za"]:
        assert fact in text


LANGUAGES = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
VICTIM_PAGES = ["/", "/?home=za", "/?home=za&away=gb", "/?home=za&away=us", "/?home=za&away=fr", "/guide/za/gb/?part=gb-sct",
                "/guide/za/us/?emergency=1", "/guide/za/unknown/", "/guide/fr/de/", "/countries/za/", "/countries/gb-sct/",
                "/countries/ke/", "/safety/", "/guide/za/gb/print/", "/guide/za/gb/letter/"]


def _catalogue(language):
    import polib
    from django.conf import settings

    return polib.pofile(str(settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_interface_string_is_translated(language):
    catalogue = _catalogue(language)
    assert catalogue.untranslated_entries() == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_source(language):
    import gettext

    from django.conf import settings

    compiled = gettext.GNUTranslations(open(settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.mo", "rb"))
    for entry in _catalogue(language).translated_entries():
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0], entry.msgid
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_interface_text_is_left_on_victim_pages(client, content, language):
    import re

    english = [
        entry.msgid for entry in _catalogue(language)
        if any("templates/guide" in path or path.startswith("guide/") for path, _ in entry.occurrences)
        and "%(" not in entry.msgid and len(entry.msgid) >= 20 and entry.msgstr != entry.msgid
    ]
    for url in VICTIM_PAGES:
        text = visible_text(client.get(f"/{language}{url}"))
        left = [msgid for msgid in english if re.sub(r"\s+", " ", msgid) in text]
        assert left == [], (url, left)


def test_translated_content_is_shown_and_missing_translations_say_so(client, content):
    tip_line = factories.agency("za", "Crime Tip Line", purpose="Line to report crime anonymously.")
    tip_line.purpose_fr = "Ligne pour signaler anonymement un crime."
    tip_line.save()
    factories.agency("za", "Data Regulator", purpose="Regulator for the unlawful disclosure of personal information.")
    page = client.get("/fr/guide/za/gb/").content.decode()
    assert "Ligne pour signaler anonymement un crime." in page
    assert "Line to report crime anonymously." not in page
    untranslated = page.split("<h3>Data Regulator</h3>")[1].split("</article>")[0]
    assert '<p lang="en" dir="ltr">Regulator for the unlawful disclosure of personal information.' in untranslated
    assert "Pas encore traduit" in untranslated
    english = client.get("/guide/za/gb/").content.decode()
    assert "Line to report crime anonymously." in english
    assert 'class="untranslated"' not in english


def test_no_section_is_ever_empty_for_lack_of_a_translation(client, content):
    text = visible_text(client.get("/ar/guide/za/us/"))
    for fact in ["Section 230", "INTERPOL Washington", "Community Service Centre", "0800 017 160"]:
        assert fact in text


def test_change_your_answers_keeps_the_language_and_the_answers(client, content):
    assert 'href="/pt/?home=za&amp;away=gb&amp;part=gb-sct"' in client.get("/pt/guide/za/gb/", {"part": "gb-sct"}).content.decode()


def test_an_english_address_with_en_leads_to_the_unprefixed_page(client, content):
    response = client.get("/en/guide/za/gb/", {"part": "gb-sct"})
    assert response.status_code == 301 and response["Location"] == "/guide/za/gb/?part=gb-sct"


def test_the_pdf_follows_the_pages_language(client, content):
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(client.get("/fr/guide/za/gb/pdf/").content))
    assert str(reader.trailer["/Root"]["/Lang"]).startswith("fr")
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Afrique du Sud" in text and "08600 10111" in text


def test_every_wizard_link_keeps_the_language(client, content):
    import re

    for params in [{"q": "south"}, {"home": "za"}, {"home": "za", "q": "uk"}, {"home": "za", "away": "gb"}, {"home": "za", "away": "fr"}]:
        page = client.get("/ar/", params).content.decode()
        wizard = page.split('id="wizard"')[1].split("</section>")[0]
        links = re.findall(r'(?:href|hx-get|action)="(/[^"]*)"', wizard)
        assert links and all(link.startswith("/ar/") for link in links), (params, links)
