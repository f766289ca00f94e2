"""Production settings: no start without secrets, and Django's deploy checks pass cleanly.

Each case runs in a fresh interpreter, because settings are read once per process.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="cms.settings.production", **env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


SETUP = ["-c", "import django; django.setup()"]


def test_production_refuses_to_start_without_a_secret_key():
    result = run(SETUP, ALLOWED_HOSTS="campaign.example.org")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set. Production refuses to start without a secret key" in (
        result.stderr
    )


def test_production_refuses_an_empty_secret_key_and_missing_hosts():
    empty_key = run(SETUP, SECRET_KEY="", ALLOWED_HOSTS="campaign.example.org")
    no_hosts = run(SETUP, SECRET_KEY=secrets.token_urlsafe(50))

    assert empty_key.returncode != 0
    assert "SECRET_KEY is not set" in empty_key.stderr
    assert no_hosts.returncode != 0
    assert "ALLOWED_HOSTS is not set" in no_hosts.stderr


def test_the_deploy_checks_pass_without_warnings():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="campaign.example.org,www.campaign.example.org",
        DEFAULT_FROM_EMAIL="campaign@campaign.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


# --- DATABASE_URL --------------------------------------------------------------------------------

CONCURRENT_WRITERS = """
import sys, threading, time
import django
from django.conf import settings
from cms.settings.base import database_config

settings.configure(DATABASES={"default": database_config(sys.argv[1])}, INSTALLED_APPS=[])
django.setup()
from django.db import connection, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS counter (value integer)")
failures = []

def writer(pause):
    # Read, then write in the same transaction: what a web request and the task worker both do.
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM counter")
                time.sleep(pause)
                cursor.execute("INSERT INTO counter VALUES (1)")
    except Exception as error:
        failures.append(repr(error))
    finally:
        connection.close()

threads = [threading.Thread(target=writer, args=(0.3,)) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(failures or "ok")
"""


def test_sqlite_serves_concurrent_writers_without_database_is_locked(tmp_path):
    """`make run` has the web server and the task worker write to one SQLite file at once."""
    result = subprocess.run(
        [sys.executable, "-c", CONCURRENT_WRITERS, f"sqlite:///{tmp_path / 'db.sqlite3'}"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "ok", result.stdout + result.stderr


def test_an_empty_database_url_means_sqlite():
    from cms.settings.base import database_config

    for empty in (None, "", "  "):
        assert database_config(empty)["ENGINE"] == "django.db.backends.sqlite3"


def test_a_bad_database_url_is_a_clear_configuration_error():
    import pytest
    from django.core.exceptions import ImproperlyConfigured

    from cms.settings.base import database_config

    for bad in ("nonsense", "postgress://host/name"):
        with pytest.raises(ImproperlyConfigured, match="DATABASE_URL is not a database URL"):
            database_config(bad)


def test_postgresql_gets_no_sqlite_options():
    from cms.settings.base import database_config

    config = database_config("postgres://postgres@127.0.0.1:5432/name", conn_max_age=60)
    assert config["CONN_MAX_AGE"] == 60
    assert "transaction_mode" not in config.get("OPTIONS", {})


def test_deploy_check_warns_about_the_placeholder_sender():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="campaign.example.org",
        DEFAULT_FROM_EMAIL="webmaster@localhost",
    )
    assert result.returncode != 0
    assert "cms.W001" in result.stderr + result.stdout

    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="campaign.example.org",
        DEFAULT_FROM_EMAIL="campaign@example.org",
    )
    assert "cms.W001" not in result.stderr + result.stdout, result.stderr
