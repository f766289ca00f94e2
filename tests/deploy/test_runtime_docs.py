"""Every environment variable of the production runtime (object storage, health-check timeouts,
logging, error reporting) is in deploy/env.example and explained in deploy/README.md."""

import re
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
CMS = Path(__file__).resolve().parents[2] / "cms"
# The modules that read them, so that a new variable there is caught too.
READERS = ["storage.py", "error_reporting.py", "settings/base.py", "settings/production.py"]
PREFIXES = ("AWS_", "SENTRY_", "LOG_", "REDIS_", "DATABASE_CONNECT")


def read_variables() -> set[str]:
    names = set()
    for reader in READERS:
        text = (CMS / reader).read_text()
        names |= set(re.findall(r"""(?:environ(?:\.get)?\(|environ\[)["']([A-Z0-9_]+)["']""", text))
    return {name for name in names if name.startswith(PREFIXES)}


def test_the_runtime_reads_the_variables_the_docs_promise():
    assert {
        "AWS_STORAGE_BUCKET_NAME",
        "AWS_S3_ENDPOINT_URL",
        "AWS_S3_REGION_NAME",
        "AWS_S3_CUSTOM_DOMAIN",
        "LOG_FORMAT",
        "SENTRY_DSN",
        "SENTRY_TRACES_SAMPLE_RATE",
    } <= read_variables()


@pytest.mark.parametrize("name", sorted(read_variables()))
def test_each_variable_is_in_the_example_and_the_readme(name):
    assert name in (DEPLOY / "env.example").read_text()
    assert f"`{name}`" in (DEPLOY / "README.md").read_text()
