"""The letter for the investigating officer, read in the PDF itself, and the platforms
answer it is built from."""

import logging

import pytest
from django.http import QueryDict
from django.urls import resolve

from guide import printing
from guide.answers import GuideAnswers, read_answers
from guide.caching import page_key
from jurisdictions.models import Instrument, Membership, Platform, Purpose, StartedBy, Status

from . import factories
from .test_printing import cache_writes, pdf_text, row_count  # noqa: F401  (cache_writes is a fixture)

REFERENCE = "CAS 512/11/2026"


def letter(client, path, platforms=(), **details):
    query = "?" + "&".join(f"platform={slug}" for slug in platforms) if platforms else ""
    return client.post(f"{path}{query}", {"pdf": "1", **details})


def letter_text(client, path, platforms=(), **details):
    text, reader = pdf_text(letter(client, path, platforms, **details))
    assert len(reader.pages) <= 2
    return text


def platform(slug, **fields):
    """The platform with this slug, published with these facts in place of the reference content's."""
    Platform.objects.filter(slug=slug).delete()
    return Platform.objects.create(slug=slug, name=slug.title(), **factories.sourced(**fields))


# The platform answer


def test_platforms_are_known_slugs_once_each_in_the_wizards_order():
    params = QueryDict("platform=TikTok&platform=nosuchsite&platform=facebook&platform=tiktok&platform=")
    answers = read_answers(params, "za", "gb")
    assert answers.platforms == ("facebook", "tiktok")
    assert answers.guide_url() == "/guide/za/gb/?platform=facebook&platform=tiktok"
    assert answers.url("letter") == "/guide/za/gb/letter/?platform=facebook&platform=tiktok"
    assert answers.wizard_query()["platform"] == ["facebook", "tiktok"]


def test_a_single_platform_from_a_plain_dict_and_none_before_the_away_answer():
    assert read_answers({"home": "za", "away": "gb", "platform": "X"}).platforms == ("x",)
    assert read_answers({"home": "za", "platform": "x"}).platforms == ()
    answers = GuideAnswers(home="za", away="gb", part="gb-sct", emergency=True, platforms=("whatsapp",))
    assert answers.guide_query() == "?part=gb-sct&emergency=1&platform=whatsapp"


def test_the_wizard_carries_the_platforms_in_its_links(client, content):
    page = client.get("/", {"home": "za", "platform": "whatsapp"}).content.decode()
    assert "platform=" not in page, "not asked before the harasser's country"
    page = client.get("/", {"home": "za", "away": "us", "platform": ["youtube", "whatsapp"]}).content.decode()
    assert "platform=whatsapp&amp;platform=youtube" in page
    response = client.get("/", {"home": "za", "away": "fr", "emergency": "no", "platform": ["youtube", "whatsapp"]})
    assert response["Location"] == "/guide/za/fr/?platform=whatsapp&platform=youtube"


def test_a_guide_is_cached_apart_for_each_choice_of_platforms(rf, content):
    guide = resolve("/guide/za/gb/")
    keys = [page_key(rf.get(path), "en", guide) for path in ["/guide/za/gb/", "/guide/za/gb/?platform=whatsapp", "/guide/za/gb/?platform=WhatsApp&platform=nosuchsite"]]
    assert None not in keys
    assert keys[0] != keys[1] == keys[2]


# The letter


def test_za_to_gb_names_the_reference_both_bureaus_and_the_officer(client, content):
    text = letter_text(client, "/guide/za/gb/letter/", reference_number=REFERENCE, officer="Sgt Mokoena", date_reported="2026-11-20")
    assert text.startswith("To the investigating officer")
    assert f"CAS number {REFERENCE}" in text
    assert "Sgt Mokoena" in text and "20 November 2026" in text
    assert "SAPS INTERPOL National Central Bureau (Pretoria)" in text
    assert "National Crime Agency" in text
    assert "Routes between South Africa and the United Kingdom" in text


def test_a_treaty_is_the_route_the_data_is_requested_through(client, content):
    text = letter_text(client, "/guide/za/us/letter/")
    assert "Then request the data through: Mutual Legal Assistance Treaty with the United States." in text
    assert "letters rogatory" not in text


def test_without_a_treaty_or_a_bureau_the_letter_says_so(client, content):
    Membership.objects.filter(instrument__content_key="interpol", jurisdiction__code="fr").delete()
    text = letter_text(client, "/guide/za/fr/letter/")
    assert "Our sources show no INTERPOL route between South Africa and France." in text
    assert "Our sources show no police or treaty route between South Africa and France." in text
    assert "diplomatic channels (letters rogatory)" in text
    assert "SAPS INTERPOL" not in text and "Then request the data through:" not in text


def test_a_bureau_missing_from_the_content_is_said_to_be_missing(client, content):
    text = letter_text(client, "/guide/za/fr/letter/")
    assert "SAPS INTERPOL National Central Bureau (Pretoria)" in text
    assert "France: not named in our sources" in text


def test_a_treaty_made_for_the_test_replaces_the_diplomatic_fallback(client, content):
    factories.instrument("Treaty of Testing on Legal Assistance", members=["za", "fr"], purpose=Purpose.COMPEL,
                         started_by=StartedBy.CENTRAL_AUTHORITY)
    text = letter_text(client, "/guide/za/fr/letter/")
    assert "Then request the data through: Treaty of Testing on Legal Assistance." in text
    assert "letters rogatory" not in text


def test_budapest_preservation_only_where_both_are_parties_in_the_published_content(client, content):
    assert "Article 29" not in letter_text(client, "/guide/gb/fr/letter/"), "the Convention's content awaits review"
    Instrument.objects.filter(content_key="budapest").update(status=Status.PUBLISHED)
    Membership.objects.filter(instrument__content_key="budapest").update(status=Status.PUBLISHED)
    text = letter_text(client, "/guide/gb/fr/letter/")
    assert text.index("Preserve first") < text.index("What we ask")
    assert "Both the United Kingdom and France are Parties to the Budapest Convention" in text
    assert "Article 29" in text and "24/7 network" in text
    assert "Article 29" not in letter_text(client, "/guide/za/fr/letter/"), "South Africa is not a Party"


def test_a_platform_with_a_preservation_period_puts_preserve_first(client, content):
    platform("tiktok", law_enforcement_url="https://tiktok.example/law", retention_days=90,
             retention_text="Records are kept for 90 days on a preservation request.", retention_source_url="https://tiktok.example/retention")
    text = letter_text(client, "/guide/za/gb/letter/", platforms=["tiktok"])
    assert text.index("Preserve first") < text.index("What we ask") < text.index("INTERPOL bureaus")
    assert "Tiktok: Records are kept for 90 days on a preservation request." in text
    assert "https://tiktok.example/law" in text.replace(" ", "")
    assert "Preserve first" not in letter_text(client, "/guide/za/gb/letter/")


def test_a_platform_without_a_portal_is_described_by_its_note(client, content):
    platform("telegram", law_enforcement_note="Telegram publishes no portal; it answers court orders by email.")
    text = letter_text(client, "/guide/za/gb/letter/", platforms=["telegram", "nosuchsite"])
    assert "Telegram: Telegram publishes no portal; it answers court orders by email." in text
    assert "nosuchsite" not in text
    assert "Another site or app" not in letter_text(client, "/guide/za/gb/letter/", platforms=["other"])


def test_when_the_harassers_country_is_unknown_the_platforms_are_asked_first(client, content):
    text = letter_text(client, "/guide/za/unknown/letter/", platforms=["whatsapp"])
    assert "whose country is not known" in text
    assert "ask the platforms used for the subscriber data of the accounts" in text
    assert "WhatsApp" in text
    assert "INTERPOL bureaus" not in text and "Routes between" not in text


def test_every_pair_of_reference_countries_gets_a_letter_of_at_most_two_pages(client, content):
    codes = ["za", "gb", "us", "ng", "in", "unknown"]
    for home in codes[:-1]:
        for away in codes:
            if home != away:
                letter_text(client, f"/guide/{home}/{away}/letter/", platforms=["facebook", "instagram", "whatsapp", "youtube", "tiktok", "snapchat", "discord"])


def test_the_letter_is_in_the_pages_language(client, content):
    text = letter_text(client, "/fr/guide/za/gb/letter/")
    assert "To the investigating officer" not in text
    assert text.startswith("À l’enquêteur chargé du dossier")
    assert "Ce que nous demandons" in text and "What we ask" not in text


def test_nothing_typed_is_stored_cached_or_logged(client, content, caplog, cache_writes):  # noqa: F811
    caplog.set_level(logging.DEBUG)
    rows_before = row_count()
    response = letter(client, "/guide/za/gb/letter/", reference_number=REFERENCE, station="Sunnyside", officer="Sgt Mokoena")
    assert REFERENCE in pdf_text(response)[0]
    assert row_count() == rows_before
    assert REFERENCE not in caplog.text
    assert not [value for value in cache_writes if REFERENCE.encode() in value or b"Sgt Mokoena" in value]
    assert not response.cookies
    assert response["Cache-Control"].startswith("max-age=0")
    assert response["X-Robots-Tag"] == "noindex"


def test_the_print_view_is_the_same_letter_as_a_page(client, content):
    response = client.post("/guide/za/gb/letter/", {"view": "1", "reference_number": REFERENCE})
    page = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "To the investigating officer" in page and REFERENCE in page
    assert '<th scope="row">Police station</th><td></td>' in page


def test_the_form_is_shown_on_get_and_asked_again_when_wrong(client, content):
    response = client.get("/guide/za/gb/letter/", {"platform": "facebook"})
    page = response.content.decode()
    assert response.status_code == 200 and 'method="post"' in page and 'name="pdf"' in page
    assert "Nothing you type here is stored." in page and "CAS number" in page
    assert 'name="client_name"' not in page
    assert response["X-Robots-Tag"] == "noindex" and not response.cookies
    bad = client.post("/guide/za/gb/letter/", {"date_reported": "not a date", "reference_number": "x" * 500, "pdf": "1"})
    assert bad.status_code == 400
    assert "Please check the fields marked below." in bad.content.decode()


@pytest.mark.parametrize("url", ["/guide/zz/gb/letter/", "/guide/za/xx/letter/", "/guide/za/gb/letter/?part=us-ca"])
def test_unknown_codes_are_a_404(client, content, url):
    assert client.get(url).status_code == 404
    assert client.post(url, {"pdf": "1"}).status_code == 404


def test_a_busy_server_says_so_and_keeps_nothing(client, content, settings):
    settings.PDF_CONCURRENCY = 1
    with printing.pdf_slot():
        response = letter(client, "/guide/za/gb/letter/", reference_number=REFERENCE)
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert REFERENCE not in response.content.decode()


def test_a_letter_within_one_country_leads_to_its_guide(client, content):
    response = client.get("/guide/za/za/letter/")
    assert response.status_code == 302 and response["Location"] == "/countries/za/"


def test_robots_keep_out_of_the_letter(client, content):
    assert "Disallow: /guide/*/letter/" in client.get("/robots.txt").content.decode()


def test_the_print_view_is_valid_html_for_the_w3c_checker(client, content, tmp_path):
    import subprocess

    from .test_findable import _html_checker

    java, jar = _html_checker()
    files = []
    for number, (url, language) in enumerate([("/guide/za/gb/letter/?platform=facebook", ""), ("/guide/za/unknown/letter/", "/ar")]):
        page = tmp_path / f"letter-{number}.html"
        page.write_bytes(client.post(language + url, {"view": "1", "reference_number": REFERENCE}).content)
        files.append(str(page))
    result = subprocess.run([java, "-jar", str(jar), "--errors-only", *files], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr + result.stdout
