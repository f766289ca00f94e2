"""deploy/README.md's single-server instructions against the files they use.

A unit the README never enables never runs (the task worker once was left out), and a service the
"Updating" steps never restart keeps running the old code.
"""

import configparser
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "deploy" / "README.md").read_text()
UNITS = sorted((ROOT / "deploy" / "systemd").iterdir())


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read_string(path.read_text())
    return parser


def _section(title: str) -> str:
    """The text of the README's section ``## title`` up to the next ``##`` heading."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README, re.S | re.M)
    assert match, title
    return match.group(1)


def _commands(text: str) -> str:
    """The shell commands of a section, continuation lines joined."""
    return text.replace("\\\n", " ")


def test_first_installation_enables_every_installable_unit():
    enabled = set(
        re.findall(r"[\w-]+\.(?:service|timer)", _commands(_section("First installation")))
    )
    installable = {path.name for path in UNITS if _unit(path).has_section("Install")}
    assert installable <= enabled, sorted(installable - enabled)


def test_updating_restarts_or_reloads_every_long_running_service():
    updating = _commands(_section("Updating"))
    for path in UNITS:
        unit = _unit(path)
        if path.suffix != ".service" or unit.get("Service", "Type", fallback="") == "oneshot":
            continue  # a oneshot run by its timer starts afresh with the new code every time
        assert re.search(rf"systemctl (?:reload|restart) {re.escape(path.name)}", updating), (
            path.name
        )


def test_every_make_target_the_readme_names_exists():
    targets = set(re.findall(r"\bmake ([a-z][\w-]*)", README))
    database = subprocess.run(
        ["make", "-pn"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout
    defined = set(re.findall(r"^([a-z][\w-]*):", database, re.M))
    assert targets and targets <= defined, sorted(targets - defined)


def test_every_management_command_a_unit_runs_exists():
    from django.core.management import get_commands

    for path in UNITS:
        start = _unit(path).get("Service", "ExecStart", fallback="")
        match = re.search(r"manage\.py ([\w-]+)", start)
        if match:
            assert match.group(1) in get_commands(), (path.name, match.group(1))
