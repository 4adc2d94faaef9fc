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
