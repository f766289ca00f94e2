"""The "Data protection" group: the only role that may see supporters' personal data in the
admin (the sign-ups listing, its CSV export, the suppression list). Idempotent."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Data protection"
PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("participation", "view_supportersignup"),
    ("participation", "view_consentrecord"),
    ("participation", "view_suppressionentry"),
]


def group_ensure(apps, schema_editor):
    permissions_grant(apps, GROUP, PERMISSIONS)


def permissions_grant(apps, group_name: str, permissions: list[tuple[str, str]]) -> None:
    """Give the group ``group_name`` (created when missing) ``permissions``, pairs of an app
    label and a codename. Idempotent; later migrations of the group call it too."""
    # Permissions are normally created after all migrations ran; these need them now.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(
        *[
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in permissions
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_supporter_sign_ups"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(group_ensure, migrations.RunPython.noop)]
