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

from jurisdictions.models import ContactChannel

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


def test_each_language_and_fragment_is_cached_apart(client, content):
    english = client.get("/guide/za/gb/", {"part": "gb-sct"}).content.decode()
    french = client.get("/fr/guide/za/gb/", {"part": "gb-sct"}).content.decode()
    fragment = client.get("/guide/za/gb/", {"part": "gb-sct"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="away-part").content.decode()
    assert 'lang="en"' in english and 'lang="fr"' in french
    assert "<html" not in fragment


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

    first = client.get("/guide/za/gb/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert first["Content-Encoding"] == "gzip" and "Accept-Encoding" in first["Vary"]
    with django_assert_num_queries(0):
        again = client.get("/guide/za/gb/", HTTP_ACCEPT_ENCODING="gzip")
    assert again["Content-Encoding"] == "gzip"
    assert OLD in gzip.decompress(again.content).decode()
    plain = client.get("/guide/za/gb/")
    assert not plain.has_header("Content-Encoding") and OLD in plain.content.decode()
