"""Guide pages are cached, and a published edit shows on the next request, on every server."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from jurisdictions import versioning
from jurisdictions.models import ContactChannel, Jurisdiction

from . import factories

ROOT = Path(__file__).resolve().parent.parent
REDIS = ("127.0.0.1", 6379)
OLD, NEW = "0800 123 456", "0800 123 457"


@pytest.fixture
def toll_free(content):
    """A published number on every South African guide."""
    return factories.channel(factories.agency("za", "Online Abuse Desk"), ContactChannel.Kind.TOLL_FREE, OLD)


def test_a_cached_guide_is_served_without_queries_and_an_edit_shows_at_once(client, toll_free, django_assert_num_queries):
    client.get("/guide/za/gb/")
    with django_assert_num_queries(0):
        assert OLD in client.get("/guide/za/gb/").content.decode()
    toll_free.value = NEW
    toll_free.full_clean()
    toll_free.save()
    page = client.get("/guide/za/gb/").content.decode()
    assert NEW in page and OLD not in page


def test_one_edit_moves_the_content_version_on_once(content, monkeypatch):
    """Each move throws every cached page away, so an edit (which also writes its history) moves it once."""
    moves = []
    move = versioning.bump_content_version
    monkeypatch.setattr(versioning, "bump_content_version", lambda: moves.append(move()))
    channel = factories.channel(factories.agency("za", "Online Abuse Desk"), ContactChannel.Kind.TOLL_FREE, OLD)
    moves.clear()
    channel.value = NEW
    channel.save()
    assert len(moves) == 1
    scotland = Jurisdiction.objects.get(code="gb-sct")
    scotland.reference_name = "crime reference number"
    scotland.save()
    assert len(moves) == 2
    channel.delete()
    assert len(moves) == 3


def test_each_language_and_fragment_is_cached_apart(client, content):
    english = client.get("/guide/za/gb/", {"part": "gb-sct"}).content.decode()
    french = client.get("/fr/guide/za/gb/", {"part": "gb-sct"}).content.decode()
    whole = client.get("/", {"home": "za"}).content.decode()
    fragment = client.get("/", {"home": "za"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="wizard").content.decode()
    restored = client.get("/", {"home": "za"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true").content.decode()
    assert 'lang="en"' in english and 'lang="fr"' in french
    assert "<html" in whole and "<html" not in fragment
    assert "<html" in restored and 'id="quick-exit"' in restored


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _redis_available():
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


def _get(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.read().decode()


def _wait(port):
    for _ in range(100):
        try:
            _get(port, "/safety/")
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


@pytest.mark.skipif(not _redis_available() and os.environ.get("REQUIRE_REDIS") != "1", reason="no Redis on 127.0.0.1:6379")
def test_two_app_servers_sharing_a_cache_show_an_edit_on_the_next_request(tmp_path):
    environment = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}},
        "DJANGO_SETTINGS_MODULE": "xborder.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path}/shared.sqlite3",
        "CACHE_URL": f"redis://127.0.0.1:6379/0?key_prefix=xborder-test-{secrets.token_hex(6)}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run(manage + ["migrate", "-v0"], cwd=ROOT, env=environment, check=True)
    subprocess.run(manage + ["collectstatic", "--noinput", "-v0"], cwd=ROOT, env=environment, check=True)
    add = f"from tests import factories as f; f.jurisdiction('gb'); f.channel(f.agency('za', 'Online Abuse Desk'), 'tollfree', '{OLD}')"
    subprocess.run(manage + ["shell", "-c", add], cwd=ROOT, env=environment, check=True, stdout=subprocess.DEVNULL)
    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen([sys.executable, "-m", "gunicorn", "xborder.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", "--log-level", "warning"], cwd=ROOT, env=environment)
        for port in ports
    ]
    try:
        for port in ports:
            _wait(port)
        for port in ports:
            assert OLD in _get(port, "/guide/za/gb/")
        edit = f"from jurisdictions.models import ContactChannel as C; c = C.objects.get(value='{OLD}'); c.value = '{NEW}'; c.full_clean(); c.save()"
        subprocess.run(manage + ["shell", "-c", edit], cwd=ROOT, env=environment, check=True, stdout=subprocess.DEVNULL)
        for port in ports:
            page = _get(port, "/guide/za/gb/")
            assert NEW in page and OLD not in page
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)


def test_pages_are_compressed_for_browsers_that_accept_it_and_cached_that_way(client, toll_free, django_assert_num_queries):
    import gzip

    import brotli

    first = client.get("/guide/za/gb/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert first["Content-Encoding"] == "br" and "Accept-Encoding" in first["Vary"]
    assert OLD in brotli.decompress(first.content).decode()
    with django_assert_num_queries(0):
        again = client.get("/guide/za/gb/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert again.content == first.content
    older_browser = client.get("/guide/za/gb/", HTTP_ACCEPT_ENCODING="gzip")
    assert older_browser["Content-Encoding"] == "gzip"
    assert OLD in gzip.decompress(older_browser.content).decode()
    plain = client.get("/guide/za/gb/")
    assert not plain.has_header("Content-Encoding") and OLD in plain.content.decode()


def test_a_cached_page_is_answered_with_the_headers_the_whole_stack_gave_it(client, content):
    built = client.get("/guide/za/gb/", {"part": "gb-sct"})
    served = client.get("/guide/za/gb/", {"part": "gb-sct"})
    for header in ["Content-Security-Policy", "Referrer-Policy", "X-Frame-Options", "Permissions-Policy", "Content-Language", "Vary"]:
        assert served[header] == built[header], header
    assert "HX-Request" in served["Vary"]
    assert not served.cookies


def test_parameters_that_are_not_answers_make_no_cache_entries(client, content):
    from django.core.cache import cache

    client.get("/guide/za/gb/")
    keys_before = len(cache._cache)
    for junk in ["utm_source=x", "a=1&b=2", "part=gb-zzz", "emergency=perhaps", "q=anything"]:
        client.get(f"/guide/za/gb/?{junk}")
    client.get("/guide/za/gb/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="made-up-target")
    client.get("/guide/za/gb/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="another-made-up-target")
    assert len(cache._cache) <= keys_before + 1


def test_a_cached_page_is_refused_to_a_host_not_allowed(client, content):
    assert client.get("/guide/za/gb/").status_code == 200
    assert client.get("/guide/za/gb/", HTTP_HOST="evil.example").status_code == 400
