"""ensure_admin: a local account in development, never a weak or published password elsewhere."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

User = get_user_model()


@pytest.mark.parametrize(
    "arguments",
    [
        [],  # the case: admin / campaign-admin by default
        ["--password", "campaign-admin"],  # the published development password
        ["--password", "admin"],  # too short, common, like the user name
        ["--password", "12345678901"],  # numeric
        ["--password", "password123"],  # common
        ["--username", "campaign-lead", "--password", "campaign-lead1"],  # like the user name
    ],
)
def test_outside_development_a_weak_or_missing_password_is_refused(arguments, db, settings):
    settings.DEBUG = False  # as in cms.settings.production

    with pytest.raises(CommandError):
        call_command("ensure_admin", *arguments)

    assert not User.objects.exists()


def test_outside_development_a_strong_password_creates_the_admin(db, settings):
    settings.DEBUG = False

    call_command("ensure_admin", "--password", "correct horse battery staple 7")

    user = User.objects.get(username="admin")
    assert user.is_superuser and user.check_password("correct horse battery staple 7")


def test_in_development_the_local_account_is_created(db, settings):
    settings.DEBUG = True

    call_command("ensure_admin")

    assert User.objects.get(username="admin").check_password("campaign-admin")


def test_an_existing_admin_keeps_its_password(db, settings):
    settings.DEBUG = False
    User.objects.create_user("admin", password="their own 7 words")

    call_command("ensure_admin")

    assert User.objects.get(username="admin").check_password("their own 7 words")


def test_production_settings_have_debug_off(settings):
    """The refusal keys on DEBUG; production settings must keep it off."""
    source = settings.BASE_DIR / "cms" / "settings" / "production.py"
    assert "\nDEBUG = False\n" in source.read_text()


def test_a_given_password_is_set_on_the_existing_admin(db, settings):
    """`make run ADMIN_PASSWORD=...` as the README says: the new password works."""
    settings.DEBUG = True
    User.objects.create_user("admin", password="campaign-admin")

    call_command("ensure_admin", "--password", "a new local password 9")

    assert User.objects.get(username="admin").check_password("a new local password 9")


def test_outside_development_a_weak_password_is_refused_for_an_existing_admin_too(db, settings):
    settings.DEBUG = False
    User.objects.create_user("admin", password="their own 7 words")

    with pytest.raises(CommandError):
        call_command("ensure_admin", "--password", "admin")

    assert User.objects.get(username="admin").check_password("their own 7 words")


def test_make_passes_the_password_only_when_given():
    """A password changed in the admin survives `make run`; one given on the command line is set."""
    import subprocess

    def admin_command(*args):
        result = subprocess.run(
            ["make", "-n", "admin", "-o", "migrate", *args],
            cwd=settings_dir(),
            capture_output=True,
            text=True,
            check=True,
        )
        return next(line for line in result.stdout.splitlines() if "ensure_admin" in line)

    assert "--password" not in admin_command()
    assert '--password "s3cret words 1"' in admin_command("ADMIN_PASSWORD=s3cret words 1")


def settings_dir():
    from django.conf import settings

    return settings.BASE_DIR
