import io
import logging
import os
import pickle
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import caches
from django.utils import timezone
from pypdf import PdfReader

from .test_guide import SOUTH_AFRICA_FACTS, UNITED_KINGDOM_FACTS

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".venv", ".git", "__pycache__", ".pytest_cache", ".hypothesis", "test-artifacts", "staticfiles"}
REFERENCE = "CAS 417/11/2026"


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split()), reader


def project_files():
    found = set()
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [d for d in subfolders if d not in SKIP_DIRS]
        found.update(os.path.join(folder, name) for name in files)
    return found


def files_mentioning(text, names):
    """Files among new entries of the temporary folder that contain `text` (other programs may add their own)."""
    found = []
    for name in names:
        path = Path(tempfile.gettempdir()) / name
        candidates = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else []
        for candidate in candidates:
            try:
                if text.encode() in candidate.read_bytes():
                    found.append(candidate)
            except OSError:
                pass
    return found


def row_count():
    return sum(model.objects.count() for model in apps.get_models())


def test_the_pdf_carries_the_seed_facts_the_address_and_the_date(client, content, settings):
    settings.SITE_URL = "https://guide.example.org"
    response = client.get("/guide/za/gb/pdf/", {"part": "gb-sct", "junk": "x" * 3000}, HTTP_HOST="localhost")
    text, reader = pdf_text(response)
    for fact in ["10111", "08600 10111", "0800 017 160", "+27 (0)12 393 1000", "CAS number", "Police Scotland",
                 "Online Safety Act 2023", "National Crime Agency", "enquiries@inforegulator.org.za", "Silverton, Pretoria"]:
        assert fact in text, fact
    flat = text.replace(" ", "")
    assert "https://guide.example.org/guide/za/gb/?part=gb-sct" in flat
    assert "localhost" not in text and "junk" not in text
    assert f"Madeon{timezone.localdate():%-d%B%Y}." in flat
    assert "Evidence log" in text and "Screenshot saved?" in text and "email headers" in text.lower()
    assert "Leave this site" not in text
    assert reader.metadata.title.startswith("South Africa → United Kingdom")
    assert len(reader.pages) >= 3


def test_the_pdf_has_most_seed_sentences(client, content):
    text, _ = pdf_text(client.get("/guide/za/gb/pdf/"))
    flat = text.replace(" ", "")
    missing = [fact for fact in SOUTH_AFRICA_FACTS + UNITED_KINGDOM_FACTS if fact.replace(" ", "") not in flat]
    assert missing == []


@pytest.fixture
def cache_writes(monkeypatch):
    """Every key and value written to the cache during a test, pickled as a cache stores them."""
    written = []
    backend = type(caches["default"])
    for name in ("set", "add"):
        original = getattr(backend, name)

        def spy(cache, key, value, *args, _original=original, **kwargs):
            written.append(pickle.dumps((key, value)))
            return _original(cache, key, value, *args, **kwargs)

        monkeypatch.setattr(backend, name, spy)
    return written


def test_a_support_worker_gets_a_pdf_with_the_clients_details_filled_in(client, content, caplog, cache_writes):
    caplog.set_level(logging.DEBUG)
    client.get("/guide/za/us/")
    assert any(b"Information Regulator" in value for value in cache_writes), "the guide page is cached, and seen being cached"
    files_before, rows_before = project_files(), row_count()
    temp_before = set(os.listdir(tempfile.gettempdir()))
    response = client.post(
        "/guide/za/us/print/",
        {"reference_number": REFERENCE, "station": "Sunnyside", "officer": "Sgt Mokoena", "date_reported": "2026-11-20", "client_name": "T.M.", "pdf": "1"},
    )
    text, _ = pdf_text(response)
    assert REFERENCE in text and "Sgt Mokoena" in text and "20 November 2026" in text and "T.M." in text
    assert not [f for f in project_files() - files_before if REFERENCE.encode() in Path(f).read_bytes()]
    assert row_count() == rows_before
    assert not files_mentioning(REFERENCE, set(os.listdir(tempfile.gettempdir())) - temp_before)
    assert REFERENCE not in caplog.text
    assert not response.cookies
    assert response["Cache-Control"].startswith("max-age=0")
    assert not [value for value in cache_writes if REFERENCE.encode() in value or b"Sgt Mokoena" in value]


def test_left_empty_the_pdf_has_lines_to_write_on(client, content):
    page = client.post("/guide/za/gb/print/", {"view": "1"}).content.decode()
    assert '<th scope="row">CAS number</th><td></td>' in page


def test_the_print_page_says_nothing_is_stored_and_sets_no_cookie(client, content):
    response = client.get("/guide/za/gb/print/", {"part": "gb-sct"})
    assert response.status_code == 200
    assert "Nothing you type here is stored." in response.content.decode()
    assert 'method="post"' in response.content.decode()
    assert not response.cookies


def test_the_guide_links_to_the_print_page_with_its_answers(client, content):
    page = client.get("/guide/za/gb/", {"part": "gb-sct"}).content.decode()
    assert 'href="/guide/za/gb/print/?part=gb-sct"' in page


def test_us_letter_on_request(client, content):
    _, reader = pdf_text(client.get("/guide/za/us/pdf/", {"paper": "letter"}))
    assert round(float(reader.pages[0].mediabox.width)) == 612
    _, reader = pdf_text(client.get("/guide/za/us/pdf/"))
    assert round(float(reader.pages[0].mediabox.width)) == 595


def test_bad_details_are_asked_again(client, content):
    response = client.post("/guide/za/gb/print/", {"date_reported": "not a date", "reference_number": "x" * 500, "pdf": "1"})
    assert response.status_code == 400
    assert "Please check the fields marked below." in response.content.decode()


@pytest.mark.parametrize("url", ["/guide/zz/gb/pdf/", "/guide/za/gb/pdf/?part=us-ca", "/guide/za/xx/print/"])
def test_bad_codes_get_a_404_as_on_the_screen_page(client, content, url):
    assert client.get(url).status_code == 404


def test_the_pdf_is_tagged_and_says_its_language(client, content):
    response = client.get("/guide/za/unknown/pdf/")
    reader = PdfReader(io.BytesIO(response.content))
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert str(catalog["/Lang"]).startswith("en")


def test_the_first_page_renders_to_an_a4_image_with_text_on_it(client, content, tmp_path):
    pdftoppm = "/usr/bin/pdftoppm"
    if not os.path.exists(pdftoppm):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    pdf = tmp_path / "guide.pdf"
    pdf.write_bytes(client.get("/guide/za/gb/pdf/", {"part": "gb-sct"}).content)
    first_page = [pdftoppm, "-r", "40", "-f", "1", "-l", "1", str(pdf)]
    grey = subprocess.run(first_page[:1] + ["-gray"] + first_page[1:], check=True, capture_output=True).stdout
    magic, size, depth, pixels = grey.split(b"\n", 3)
    assert (magic, size, depth) == (b"P5", b"331 468", b"255")  # grey, A4 at 40 dots per inch
    ink = sum(1 for pixel in pixels if pixel < 160) / len(pixels)
    assert 0.01 < ink < 0.5, f"{ink:.1%} of the page is dark"
    subprocess.run(first_page + ["-png", str(tmp_path / "page")], check=True)
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "pdf-za-gb-sct-page1.png").write_bytes(next(tmp_path.glob("page*.png")).read_bytes())


@pytest.mark.parametrize("url", ["/guide/za/gb/print/", "/guide/za/gb/pdf/"])
def test_print_pages_answer_only_get_and_post(client, content, url):
    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405
