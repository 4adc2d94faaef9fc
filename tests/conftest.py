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
