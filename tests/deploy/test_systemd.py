"""deploy/systemd/: every timer starts a unit of the folder, and the services run management
commands this project has; the participation retention runs hourly."""

import configparser
import shlex

import pytest
from django.core.management import get_commands, load_command_class
from django.test import override_settings

from tests.deploy.image import ROOT

SYSTEMD = ROOT / "deploy" / "systemd"


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string((SYSTEMD / name).read_text())
    return parser


TIMERS = sorted(path.name for path in SYSTEMD.glob("*.timer"))
SERVICES = sorted(path.name for path in SYSTEMD.glob("*.service"))


@pytest.mark.parametrize("timer", TIMERS)
def test_each_timer_starts_a_oneshot_service_of_the_folder(timer):
    unit = _unit(timer)["Timer"]["Unit"]
    assert unit == timer.replace(".timer", ".service")
    assert unit in SERVICES
    assert _unit(unit)["Service"]["Type"] == "oneshot"
    assert _unit(timer)["Install"]["WantedBy"] == "timers.target"


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_runs_a_command_of_this_project_with_arguments_it_takes(service):
    command = shlex.split(_unit(service)["Service"]["ExecStart"])
    if "manage.py" not in command:
        return  # gunicorn: tests/deploy/test_gunicorn.py
    name, arguments = (
        command[command.index("manage.py") + 1],
        command[command.index("manage.py") + 2 :],
    )
    known = get_commands()
    assert name in known
    # The servers' task backend (the tests' is the immediate one, which db_worker refuses).
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        parser = load_command_class(known[name], name).create_parser("manage.py", name)
        parser.parse_args(arguments)


def test_participation_retention_runs_every_hour():
    timer = _unit("campaign-cms-participation-retention.timer")["Timer"]
    assert timer["OnCalendar"] == "*-*-* *:17:00"
    assert timer["Persistent"] == "true"
    service = _unit("campaign-cms-participation-retention.service")["Service"]
    assert service["ExecStart"].endswith("manage.py participation_retention")
