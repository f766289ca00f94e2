"""The "Data protection" group also handles organisations' applications: it sees them (the
contact person is personal data), moderates them (change) and erases them (delete)."""

from importlib import import_module

from django.db import migrations

# The first migration of the group holds the function that grants permissions.
first = import_module("participation.migrations.0002_data_protection_group")

PERMISSIONS = [
    ("participation", "view_organisationapplication"),
    ("participation", "change_organisationapplication"),
    ("participation", "delete_organisationapplication"),
]


def group_ensure(apps, schema_editor):
    first.permissions_grant(apps, first.GROUP, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("participation", "0003_organisation_applications")]

    operations = [migrations.RunPython(group_ensure, migrations.RunPython.noop)]
