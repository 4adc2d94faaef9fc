import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_django(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "CACHE_URL"}}
    environment.update(env, DJANGO_SETTINGS_MODULE="xborder.settings")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = start_django()
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_a_bad_database_url_is_a_clear_startup_error():
    result = start_django(DEBUG="1", DATABASE_URL="not-a-database")
    assert result.returncode != 0
    assert "DATABASE_URL='not-a-database' is not a URL this project can use" in result.stderr


def test_a_bad_debug_value_is_a_clear_startup_error():
    result = start_django(DEBUG="maybe")
    assert "DEBUG='maybe' is not understood" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k != "DEBUG"}, "SECRET_KEY": "x" * 50, "DJANGO_SETTINGS_MODULE": "xborder.settings"},
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "False", result.stderr
