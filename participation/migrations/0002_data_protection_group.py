"""The "Data protection" group: the only role that may see supporters' personal data in the
admin (the sign-ups listing, its CSV export, the suppression list). Idempotent."""

from django.db import migrations

from cms.migration_helpers import group_permissions_grant

GROUP = "Data protection"
PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("participation", "view_supportersignup"),
    ("participation", "view_consentrecord"),
    ("participation", "view_suppressionentry"),
]


def group_ensure(apps, schema_editor):
    group_permissions_grant(apps, GROUP, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_supporter_sign_ups"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(group_ensure, migrations.RunPython.noop)]
