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
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr
