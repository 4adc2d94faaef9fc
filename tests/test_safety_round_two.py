"""What a watched victim meets when things go wrong: whole pages in history, redirects
that stay on the site, clear answers to oversized input, an honest cache, PDFs that
cannot slow the site, logs that keep nothing about a victim, and a lockout that tells
clients behind a proxy apart."""

import logging
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from guide import printing
from guide.errors import server_error

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("url", ["/guide/za/gb/?part=gb-sct", "/?home=za", "/countries/za/", "/guide/za/xx/", "/?home=xx"])
@pytest.mark.parametrize("htmx", [True, False])
def test_every_victim_response_says_it_varies_on_htmx(client, content, url, htmx):
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "wizard"} if htmx else {}
    response = client.get(url, **headers)
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_of_a_wizard_step_gets_the_whole_page(client, content):
    restored = client.get("/", {"home": "za", "away": "gb"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="wizard", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    page = restored.content.decode()
    assert "<html" in page and 'id="quick-exit"' in page


def test_wizard_steps_replace_the_address_instead_of_adding_to_history(client, content):
    page = client.get("/", {"home": "za", "away": "gb"}).content.decode()
    assert "hx-push-url" not in page
    assert 'hx-replace-url="true"' in page
    danger = client.get("/", {"home": "za", "away": "fr"}).content.decode()
    assert 'class="danger-form" data-replace-history' in danger


@pytest.mark.parametrize("path", ["/en//evil.example/", "/en/%2F%2Fevil.example/", "/en/%5C%5Cevil.example/", "/en/\\evil.example/"])
def test_redirects_from_en_stay_on_this_site(client, content, path):
    response = client.get(path)
    location = response["Location"]
    assert response.status_code == 301
    assert location.startswith("/") and not location.startswith("//") and not location.startswith("/\\")


def test_a_page_asked_for_as_another_host_never_links_there(client, content):
    response = client.get("//evil.example/guide/za/gb/")
    assert "evil.example" not in response.content.decode()


def test_a_percent_encoded_code_is_answered_once_not_in_a_loop(client, content):
    assert client.get("/countries/%C3%A9A/").status_code == 404


@pytest.mark.parametrize("page", ["pdf", "print"])
def test_a_long_query_string_never_fails(client, content, page):
    response = client.get(f"/guide/za/gb/{page}/?part=gb-sct&x=" + "A" * 4000)
    assert response.status_code == 200


def test_print_form_fields_of_twenty_thousand_characters_are_a_400(client, content):
    fields = {name: "A" * 20000 for name in ["client_name", "reference_number", "station", "officer"]}
    response = client.post("/guide/za/gb/print/", {**fields, "pdf": "1"})
    assert response.status_code == 400
    assert "Ensure this value has at most" in response.content.decode()


def test_a_request_body_over_the_cap_is_a_400(client, content, settings):
    body = "reference_number=" + "A" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post("/guide/za/gb/print/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


def test_preview_is_ignored_and_cached_for_anonymous_visitors(client, content, django_assert_num_queries):
    client.get("/guide/za/gb/")
    with django_assert_num_queries(0):
        page = client.get("/guide/za/gb/", {"preview": "1"}).content.decode()
    assert "Preview for content staff" not in page


def test_preview_is_honoured_for_staff_and_never_cached(client, content):
    staff = get_user_model().objects.create_user("editor", password="long-enough-password-1", is_staff=True)
    client.force_login(staff)
    response = client.get("/guide/za/gb/", {"preview": "1"})
    assert "Preview for content staff" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_pages_never_contain_the_requests_host(client, content, settings):
    settings.SITE_URL = "https://guide.example.org"
    client.get("/guide/za/gb/", HTTP_HOST="localhost")
    page = client.get("/guide/za/gb/").content.decode()
    assert "localhost" not in page and "testserver" not in page
    assert "https://guide.example.org/guide/za/gb/" in page


def test_links_on_a_cached_page_carry_only_the_answers(client, content):
    client.get("/guide/za/gb/", {"part": "gb-sct", "utm_source": "tracker"})
    page = client.get("/guide/za/gb/", {"part": "gb-sct"}).content.decode()
    assert "tracker" not in page
    assert 'href="/fr/guide/za/gb/?part=gb-sct"' in page


def _silent_server():
    """A server that accepts connections and never answers, like a hung Redis."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held = []

    def accept():
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    return listener


HUNG_CACHE_SCRIPT = """
import django
django.setup()
from django.test import Client
response = Client().get("/safety/")
print(response.status_code, "Leave this site" in response.content.decode())
"""


def test_a_cache_that_never_answers_does_not_stop_a_page(tmp_path):
    listener = _silent_server()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "xborder.test_settings",
        "CACHE_URL": f"redis://127.0.0.1:{listener.getsockname()[1]}/0",
        "DATABASE_URL": f"sqlite:///{tmp_path}/unused.sqlite3",
        "ALLOWED_HOSTS": "testserver",
    }
    try:
        # Without short cache timeouts the page would wait for ever; the subprocess limit only detects that.
        result = subprocess.run([sys.executable, "-c", HUNG_CACHE_SCRIPT], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60)
    finally:
        listener.close()
    assert result.stdout.split() == ["200", "True"], result.stderr[-2000:]


def test_the_unpersonalised_pdf_is_cached_like_a_page(client, content, django_assert_num_queries):
    first = client.get("/guide/za/gb/pdf/", {"part": "gb-sct"})
    with django_assert_num_queries(0):
        again = client.get("/guide/za/gb/pdf/", {"part": "gb-sct"})
    assert again.content == first.content and again["Content-Type"] == "application/pdf"


def test_a_personalised_pdf_waits_for_a_free_slot_with_a_clear_busy_page(client, content, settings):
    settings.PDF_CONCURRENCY = 1
    with printing.pdf_slot():
        response = client.post("/guide/za/gb/pdf/", {"reference_number": "CAS 123/11/2026"})
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "try again in a minute" in response.content.decode()
    assert "CAS 123/11/2026" not in response.content.decode()
    assert client.post("/guide/za/gb/pdf/", {"reference_number": "CAS 123/11/2026"}).status_code == 200


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def logged():
    collect = _Collect()
    loggers = [logging.getLogger("xborder.access"), logging.getLogger("django.request")]
    for logger in loggers:
        logger.addHandler(collect)
    yield collect.lines
    for logger in loggers:
        logger.removeHandler(collect)


def test_logs_keep_neither_the_victims_address_nor_their_answers(client, content, logged):
    client.get("/guide/za/gb/", {"part": "gb-sct"}, REMOTE_ADDR="203.0.113.7")
    client.get("/guide/za/xx/", REMOTE_ADDR="203.0.113.7")
    client.get("/countries/za%0d%0aGET%20forged%20200/", REMOTE_ADDR="203.0.113.7")
    text = "\n".join(logged)
    assert "GET guide 200" in text and "GET guide 404" in text and "GET country 404" in text
    assert "203.0.113.7" not in text
    assert "za" not in text.replace("GET", "") and "gb-sct" not in text
    assert "forged" not in text
    assert all("\n" not in line and "\r" not in line for line in logged)


def test_the_failure_page_gives_emergency_numbers_in_the_pages_language():
    response = server_error(RequestFactory().get("/fr/guide/za/gb/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert 'lang="fr"' in page and 'href="tel:10111"' in page and 'id="quick-exit"' in page


def test_admin_lockout_behind_a_proxy_tells_clients_apart(client, content, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    get_user_model().objects.create_superuser("root", password="the-right-password-123")
    url = reverse("admin:login")
    attacker = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    editor = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    for _ in range(5):
        client.post(url, {"username": "root", "password": "wrong"}, **attacker)
    assert client.post(url, {"username": "root", "password": "the-right-password-123"}, **attacker).status_code == 429
    # What the attacker writes into X-Forwarded-For is to the left of what the proxy adds: never used.
    spoofed = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.20, 203.0.113.66"}
    assert client.post(url, {"username": "root", "password": "the-right-password-123"}, **spoofed).status_code == 429
    response = client.post(url, {"username": "root", "password": "the-right-password-123"}, **editor)
    assert response.status_code == 302
