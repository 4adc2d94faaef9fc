import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from . import factories
from .pages import visible_text

ROOT = Path(__file__).resolve().parent.parent
VICTIM_PAGES = ["/", "/?home=za", "/?home=za&away=gb", "/guide/za/gb/?part=gb-sct", "/guide/za/us/?emergency=1", "/countries/za/", "/safety/"]


@pytest.mark.parametrize("url", VICTIM_PAGES)
def test_every_victim_page_has_a_quick_exit_that_works_without_javascript(client, content, url):
    page = client.get(url).content.decode()
    assert re.search(r'<a class="quick-exit" id="quick-exit" href="https://www\.bbc\.co\.uk/weather" rel="noreferrer">Leave this site</a>', page)
    assert 'href="/safety/"' in page


@pytest.mark.parametrize("url", VICTIM_PAGES)
def test_victim_pages_carry_a_strict_content_security_policy(client, content, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    for directive in ["default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "form-action 'self'", "base-uri 'none'", "object-src 'none'"]:
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    page = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "inline script"
    assert not re.search(r"\son[a-z]+\s*=", page), "inline event handler"
    assert not re.search(r"\sstyle\s*=", page), "inline style"


@pytest.mark.parametrize("url", VICTIM_PAGES)
def test_victim_pages_send_the_safety_headers_and_no_cookie(client, content, url):
    response = client.get(url)
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert not response.cookies


@pytest.mark.parametrize("url", VICTIM_PAGES)
def test_victim_pages_load_nothing_from_other_hosts(client, content, url):
    page = client.get(url).content.decode()
    # A canonical or alternate link names this page's own address for search engines: nothing is loaded from it.
    for attribute in re.findall(r'<(?:script|link(?![^>]*\brel="(?:canonical|alternate)")|img|iframe)\b[^>]*\b(?:src|href)="([^"]+)"', page):
        assert attribute.startswith("/") or attribute.startswith("data:"), attribute


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/", "/guide/za/gb/", "/countries/za/", "/safety/"])
def test_victim_pages_only_answer_get(client, content, method, url):
    assert getattr(client, method)(url).status_code == 405


def test_safety_page_explains_what_quick_exit_cannot_do(client, content):
    text = visible_text(client.get("/safety/"))
    assert "does not erase your browsing history" in text
    assert "private or incognito window" in text


def test_staff_text_is_escaped_on_victim_pages(client, content):
    factories.agency("za", "Online Abuse Desk", purpose='<script>alert("x")</script><b onclick="x()">bold</b>')
    page = client.get("/guide/za/gb/").content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<b onclick" not in page


def test_admin_locks_out_after_repeated_failed_logins(client, content):
    get_user_model().objects.create_superuser("root", password="the-right-password-123")
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": "root", "password": "wrong"})
    response = client.post(url, {"username": "root", "password": "the-right-password-123"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_admin_lives_at_the_configured_path(content):
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.urls import reverse; print(reverse('admin:index'))"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "xborder.test_settings", "ADMIN_PATH": "staff-only-7f3/"},
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "/staff-only-7f3/", result.stderr


def test_deploy_checks_are_clean_with_production_settings():
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    environment.update(
        DJANGO_SETTINGS_MODULE="xborder.settings",
        SECRET_KEY="k3#" + "x9Lq2vR7tP" * 6,
        ALLOWED_HOSTS="guide.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


DATABASE_DOWN_SCRIPT = """
import django
django.setup()
from django.test import Client
client = Client()
for url in ["/guide/za/gb/?part=gb-sct", "/?home=za&away=gb", "/countries/us/", "/guide/ng/gb/", "/fr/guide/za/gb/", "/ar/countries/za/", "/fr/?home=za&away=gb"]:
    response = client.get(url)
    print(url, response.status_code, response.content.decode().replace("\\n", " "))
"""


def test_emergency_numbers_reach_the_victim_when_the_database_is_down():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "xborder.test_settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/not-there",
        "ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run([sys.executable, "-c", DATABASE_DOWN_SCRIPT], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60)
    lines = {line.split(" ", 1)[0]: line for line in result.stdout.splitlines()}
    assert len(lines) == 7, result.stdout + result.stderr
    za = lines["/guide/za/gb/?part=gb-sct"]
    assert " 503 " in za and 'href="tel:10111"' in za and "SAPS national emergency" in za
    assert " 503 " in lines["/?home=za&away=gb"] and 'href="tel:10111"' in lines["/?home=za&away=gb"]
    assert 'href="tel:911"' in lines["/countries/us/"]
    assert 'href="tel:199"' in lines["/guide/ng/gb/"]
    for url, language in [("/fr/guide/za/gb/", "fr"), ("/ar/countries/za/", "ar"), ("/fr/?home=za&away=gb", "fr")]:
        assert " 503 " in lines[url] and 'href="tel:10111"' in lines[url], url
        assert f'<html lang="{language}"' in lines[url], url
    assert 'dir="rtl"' in lines["/ar/countries/za/"]
