from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

# The local account `make run` creates: only with DEBUG on (the development settings).
DEVELOPMENT_PASSWORD = "campaign-admin"  # noqa: S105


class Command(BaseCommand):
    help = (
        "Create a superuser for the admin if it does not exist yet; when it exists, set its "
        "password if --password is given, else leave it alone. With DEBUG on (development) a new "
        f"admin's password defaults to '{DEVELOPMENT_PASSWORD}'; otherwise --password is "
        "required, must pass the password validators (AUTH_PASSWORD_VALIDATORS) and may not be "
        "the development password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--password",
            default=None,
            help=f"Required outside development; there '{DEVELOPMENT_PASSWORD}' by default.",
        )
        parser.add_argument("--email", default="admin@example.org")

    def handle(self, *args, username, password, email, **options):
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is not None and password is None:
            self.stdout.write(f"Admin user '{username}' already exists; password left unchanged.")
            return
        created = user is None
        if created:
            user = user_model(username=username, email=email, is_staff=True, is_superuser=True)
        if not settings.DEBUG:
            if not password:
                raise CommandError(
                    "Give the new admin's password with --password: outside development "
                    "(DEBUG off) there is no default password."
                )
            if password == DEVELOPMENT_PASSWORD:
                raise CommandError(
                    f"'{DEVELOPMENT_PASSWORD}' is the published development password; choose "
                    "another one."
                )
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise CommandError(
                    "The password is refused by the password validators: " + " ".join(error)
                ) from None
        user.set_password(password or DEVELOPMENT_PASSWORD)
        user.save()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Created admin user '{username}'."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Set the password of admin user '{username}'."))
