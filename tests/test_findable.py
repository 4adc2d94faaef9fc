"""A victim who searches for help finds the right guide: public pages can be indexed,
say what they are in their own language and have one address; personal pages cannot."""

import datetime
import html
import re
import xml.etree.ElementTree as ElementTree

import pytest
from django.conf import settings
from django.template import loader
from django.test import RequestFactory, override_settings

from jurisdictions.emergency import emergency_numbers
from jurisdictions.models import Agency, Jurisdiction

SITE = "https://guide.example.org"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
INDEXABLE = ["/", "/fr/", "/guide/za/gb/", "/fr/guide/za/gb/", "/ar/guide/za/us/?part=us-ca", "/guide/za/unknown/", "/countries/za/", "/countries/gb-sct/", "/safety/"]


def robots_of(response):
    page = response.content.decode(errors="replace")
    tags = re.findall(r'<meta name="robots" content="([^"]*)">', page)
    return " ".join(tags + [response.get("X-Robots-Tag", "")]).lower()


def description_of(response):
    found = re.search(r'<meta name="description" content="([^"]*)">', response.content.decode())
    return html.unescape(found.group(1)) if found else None


def links_of(response):
    page = response.content.decode(errors="replace")
    canonical = re.findall(r'<link rel="canonical" href="([^"]+)">', page)
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page))
    return canonical, {code: html.unescape(url) for code, url in alternates.items()}


@pytest.mark.parametrize("url", INDEXABLE)
def test_guides_country_pages_and_the_wizard_can_be_indexed(client, content, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "noindex" not in robots_of(response)


@pytest.mark.parametrize("url", ["/guide/za/gb/print/", "/fr/guide/za/gb/print/", "/guide/za/gb/pdf/", "/guide/xx/gb/", "/guide/za/gb/?emergency=maybe", "/no/such/page/"])
def test_personal_and_transient_pages_are_not_indexed(client, content, url):
    response = client.get(url)
    assert "noindex" in robots_of(response)
    assert links_of(response) == ([], {})


def test_a_printed_guide_with_a_clients_details_is_not_indexed(client, content):
    details = {"reference_number": "CAS 123/11/2026", "paper": "a4"}
    printed = client.post("/guide/za/gb/print/", details)
    pdf = client.post("/guide/za/gb/print/", {**details, "pdf": "1"})
    assert printed.status_code == 200 and "noindex" in robots_of(printed)
    assert links_of(printed) == ([], {})
    assert pdf["Content-Type"] == "application/pdf" and pdf["X-Robots-Tag"] == "noindex"


def test_the_admin_is_not_indexed(client, content):
    response = client.get(f"/{settings.ADMIN_PATH}login/")
    assert "noindex" in response["X-Robots-Tag"]


def test_the_offline_and_error_pages_are_not_indexed(content):
    from guide.errors import server_error

    offline = loader.get_template("guide/offline.html").render({"numbers": emergency_numbers("za")})
    error = server_error(RequestFactory().get("/guide/za/gb/")).content.decode()
    for page in (offline, error):
        assert '<meta name="robots" content="noindex">' in page
        assert re.search(r'<meta name="description" content="[^"]{50,300}">', page)


@pytest.mark.parametrize("url", INDEXABLE + ["/guide/za/gb/print/", "/guide/za/gb/letter/?platform=facebook", "/guide/xx/gb/"])
def test_every_page_has_a_description_of_50_to_300_characters(client, content, url):
    description = description_of(client.get(url))
    assert description is not None and 50 <= len(description) <= 300, description


def test_a_guide_is_described_by_who_is_where_and_the_first_steps(client, content):
    za_gb = description_of(client.get("/guide/za/gb/"))
    assert za_gb.startswith("You live in South Africa and the person harassing you is in the United Kingdom")
    assert "your local SAPS police station" in za_gb and "CAS number" in za_gb and "INTERPOL" in za_gb
    in_us = description_of(client.get("/guide/in/us/"))
    assert "India" in in_us and "the United States" in in_us and in_us != za_gb
    unknown = description_of(client.get("/guide/za/unknown/"))
    assert "do not know where the person harassing you is" in unknown


def test_the_title_says_the_same_in_short(client, content):
    page = client.get("/guide/za/gb/").content.decode()
    assert "<title>Harassed online from the United Kingdom, living in South Africa: what to do</title>" in page
    french = client.get("/fr/guide/za/gb/").content.decode()
    assert "<title>Afrique du Sud → Royaume-Uni : que faire contre le harcèlement en ligne</title>" in french


def test_the_french_guide_is_described_in_french(client, content):
    english = description_of(client.get("/guide/za/gb/"))
    french = description_of(client.get("/fr/guide/za/gb/"))
    assert french != english
    assert "Afrique du Sud" in french and "Royaume-Uni" in french and "la police" in french and "INTERPOL" in french
    assert "You live in" not in french and "report to" not in french


@pytest.mark.parametrize("language", ["es", "pt", "ar", "af", "zu"])
def test_every_language_describes_its_guide_in_that_language(client, content, language):
    english = description_of(client.get("/guide/za/gb/"))
    described = description_of(client.get(f"/{language}/guide/za/gb/"))
    assert described != english and "You live in" not in described and "report to" not in described


@override_settings(SITE_URL=SITE)
def test_canonical_and_alternate_addresses_come_from_the_site_url_not_the_requests_host(client, content):
    response = client.get("/fr/guide/za/us/?part=us-ca&emergency=1", HTTP_HOST="localhost")
    canonical, alternates = links_of(response)
    # Emergency only reorders the page; the nation or state changes what it says.
    assert canonical == [f"{SITE}/fr/guide/za/us/?part=us-ca"]
    assert alternates == {
        "en": f"{SITE}/guide/za/us/?part=us-ca",
        "fr": f"{SITE}/fr/guide/za/us/?part=us-ca",
        "es": f"{SITE}/es/guide/za/us/?part=us-ca",
        "pt": f"{SITE}/pt/guide/za/us/?part=us-ca",
        "ar": f"{SITE}/ar/guide/za/us/?part=us-ca",
        "af": f"{SITE}/af/guide/za/us/?part=us-ca",
        "zu": f"{SITE}/zu/guide/za/us/?part=us-ca",
        "x-default": f"{SITE}/guide/za/us/?part=us-ca",
    }
    assert "localhost" not in response.content.decode()


@override_settings(SITE_URL=SITE)
def test_a_cached_page_keeps_the_site_url_whoever_asked_first(client, content):
    first = client.get("/countries/za/", HTTP_HOST="localhost")
    again = client.get("/countries/za/", HTTP_HOST="127.0.0.1")
    for response in (first, again):
        assert links_of(response)[0] == [f"{SITE}/countries/za/"]
        page = response.content.decode()
        assert "localhost" not in page and "127.0.0.1" not in page


@override_settings(SITE_URL=SITE)
@pytest.mark.parametrize("url, canonical", [("/", "/"), ("/?home=za&away=gb", "/"), ("/es/?home=za", "/es/"), ("/safety/", "/safety/"), ("/guide/za/gb/?part=unknown", "/guide/za/gb/")])
def test_parameters_that_do_not_change_the_page_are_not_in_its_address(client, content, url, canonical):
    assert links_of(client.get(url))[0] == [SITE + canonical]


@override_settings(SITE_URL=SITE)
def test_robots_txt_names_the_sitemap_and_keeps_robots_out_of_personal_pages(client, content):
    response = client.get("/robots.txt", HTTP_HOST="localhost")
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {SITE}/sitemap.xml" in text.splitlines()
    for prefix in ["", "/fr", "/ar"]:
        for page in ["print", "pdf"]:
            assert f"Disallow: {prefix}/guide/*/{page}/" in text.splitlines()
    assert settings.ADMIN_PATH.strip("/") not in text
    assert "localhost" not in text


def _sitemap_addresses(client):
    """Every address the sitemap index leads to, with the alternates listed for it."""
    index = client.get("/sitemap.xml", HTTP_HOST="localhost")
    assert index.status_code == 200 and "xml" in index["Content-Type"]
    children = [loc.text for loc in ElementTree.fromstring(index.content).iter(f"{SITEMAP}loc")]
    assert children and all(child.startswith(f"{SITE}/sitemap-") for child in children)
    addresses = {}
    for child in children:
        response = client.get(child.removeprefix(SITE), HTTP_HOST="localhost")
        assert response.status_code == 200
        for url in ElementTree.fromstring(response.content).iter(f"{SITEMAP}url"):
            alternates = {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
            addresses[url.find(f"{SITEMAP}loc").text] = alternates
    return addresses


@override_settings(SITE_URL=SITE)
def test_the_sitemap_lists_country_pages_and_the_guides_of_pairs_with_content_in_every_language(client, content):
    addresses = _sitemap_addresses(client)
    assert all(url.startswith(f"{SITE}/") for url in addresses)
    for path in ["/countries/za/", "/fr/countries/za/", "/countries/mn/", "/guide/za/gb/", "/fr/guide/za/gb/", "/ar/guide/mn/za/", "/guide/za/unknown/", "/guide/za/gb/?part=gb-sct"]:
        assert SITE + path in addresses, path
    assert addresses[f"{SITE}/fr/guide/za/gb/"]["x-default"] == f"{SITE}/guide/za/gb/"
    assert addresses[f"{SITE}/guide/za/gb/"]["af"] == f"{SITE}/af/guide/za/gb/"
    # Neither Mongolia nor Bhutan has content of its own: their guide says only what every pair gets.
    assert f"{SITE}/guide/mn/bt/" not in addresses
    assert f"{SITE}/guide/mn/unknown/" not in addresses
    guides = [url for url in addresses if url.startswith(f"{SITE}/guide/") or re.match(rf"{SITE}/\w\w/guide/", url)]
    assert len(guides) >= 5000


@override_settings(SITE_URL=SITE)
def test_a_country_given_content_of_its_own_has_its_guides_listed(client, content):
    mongolia = Jurisdiction.objects.get(code="mn")
    draft = Agency.objects.create(
        jurisdiction=mongolia, name="Mongolian Police Agency", kind=Agency.Kind.POLICE, purpose="Takes reports.",
        source_url="https://police.gov.mn/", last_verified=datetime.date(2026, 11, 1), status="draft",
    )
    assert f"{SITE}/guide/mn/bt/" not in _sitemap_addresses(client)

    draft.status = "published"
    draft.save()
    addresses = _sitemap_addresses(client)
    for path in ["/guide/mn/bt/", "/guide/bt/mn/", "/fr/guide/mn/unknown/", "/af/guide/za/mn/"]:
        assert SITE + path in addresses, path
    assert f"{SITE}/guide/bt/np/" not in addresses
    assert f"{SITE}/guide/mn/mn/" not in addresses


def _html_checker():
    """The W3C Nu HTML checker's jar: VNU_JAR, or where `npm install --no-save vnu-jar` puts it."""
    import os
    import shutil
    from pathlib import Path

    jar = Path(os.environ.get("VNU_JAR") or settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")
    java = shutil.which("java")
    if not (jar.is_file() and java):
        message = f"the Nu HTML checker needs Java and {jar} (npm install --no-save vnu-jar, or set VNU_JAR)"
        if os.environ.get("REQUIRE_HTML_CHECKER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return java, jar


VALIDATED = ["/", "/?home=za", "/?home=za&away=gb", "/?home=za&q=uni", "/guide/za/gb/?part=gb-sct", "/ar/guide/za/us/?emergency=1", "/guide/za/unknown/", "/countries/za/", "/safety/", "/guide/za/gb/print/", "/guide/za/gb/letter/?platform=facebook", "/guide/xx/gb/"]


def test_pages_are_valid_html_for_the_w3c_checker(client, content, tmp_path):
    import subprocess

    java, jar = _html_checker()
    files = []
    for number, url in enumerate(VALIDATED):
        page = tmp_path / f"page-{number}.html"
        page.write_bytes(client.get(url).content)
        files.append(str(page))
    result = subprocess.run([java, "-jar", str(jar), "--errors-only", *files], capture_output=True, text=True, timeout=300)
    names = {f"page-{number}.html": url for number, url in enumerate(VALIDATED)}
    report = re.sub(r'"file:[^"]*/(page-\d+\.html)"', lambda found: names[found.group(1)], result.stderr + result.stdout)
    assert result.returncode == 0, report


def _site_url_at_startup(**env):
    import os
    import subprocess
    import sys

    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "SITE_URL", "ALLOWED_HOSTS"}}
    environment.update(env, SECRET_KEY="x" * 50, DJANGO_SETTINGS_MODULE="xborder.settings")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True,
    )


def test_the_site_url_defaults_to_the_first_allowed_host_in_production():
    assert _site_url_at_startup(ALLOWED_HOSTS="guide.example.org,www.guide.example.org").stdout.strip() == "https://guide.example.org"
    assert _site_url_at_startup(DEBUG="1").stdout.strip() == "http://127.0.0.1:8000"
    assert _site_url_at_startup(SITE_URL="https://help.example.net/").stdout.strip() == "https://help.example.net"


@pytest.mark.parametrize("env, message", [
    ({"SITE_URL": "guide.example.org"}, "SITE_URL='guide.example.org' is not the site's address"),
    ({"SITE_URL": "https://example.org/guide/"}, "is not the site's address"),
    ({"ALLOWED_HOSTS": "*"}, "SITE_URL must be set when ALLOWED_HOSTS does not name the site"),
])
def test_a_site_url_that_cannot_be_used_is_a_clear_startup_error(env, message):
    result = _site_url_at_startup(**env)
    assert result.returncode != 0 and message in result.stderr
