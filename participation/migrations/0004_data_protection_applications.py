"""The "Data protection" group also handles organisations' applications: it sees them (the
contact person is personal data), moderates them (change) and erases them (delete)."""

from django.db import migrations

from cms.migration_helpers import group_permissions_grant

GROUP = "Data protection"

PERMISSIONS = [
    ("participation", "view_organisationapplication"),
    ("participation", "change_organisationapplication"),
    ("participation", "delete_organisationapplication"),
]


def group_ensure(apps, schema_editor):
    group_permissions_grant(apps, GROUP, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("participation", "0003_organisation_applications")]

    operations = [migrations.RunPython(group_ensure, migrations.RunPython.noop)]
