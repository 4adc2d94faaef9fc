import pytest

from jurisdictions.loading import load_content


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test sees the reference content, loaded once per run."""
    with django_db_blocker.unblock():
        load_content()


@pytest.fixture
def content(db):
    """The reference content (already loaded by django_db_setup)."""
    return None


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache, as a newly started server would."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language, as each new request does;
    a page asked for in another language leaves that language active in the test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True, scope="session")
def no_network_beyond_this_machine():
    """Tests talk only to this machine: any other address is refused, loudly."""
    import ipaddress
    import socket

    original = socket.socket.connect

    def connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            local = host == "localhost"
            try:
                local = local or ipaddress.ip_address(host).is_loopback
            except ValueError:
                pass
            if not local:
                raise ConnectionRefusedError(f"tests may not connect to {host}")
        return original(sock, address)

    socket.socket.connect = connect
    yield
    socket.socket.connect = original
