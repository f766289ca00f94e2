"""Webhooks are for administrators: "Campaign administrators" manage subscriptions and see (and
replay) deliveries. Editors and moderators get nothing here."""

from django.db import migrations

from cms.migration_helpers import permissions_create

ADMINISTRATORS = "Campaign administrators"
CODENAMES = [
    "add_webhooksubscription",
    "change_webhooksubscription",
    "delete_webhooksubscription",
    "view_webhooksubscription",
    "view_webhookdelivery",
    "change_webhookdelivery",
]


def permissions_grant(apps, schema_editor):
    permissions_create(apps, "partners")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=ADMINISTRATORS).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="partners", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_webhooks"),
        ("campaign", "0005_editorial_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(permissions_grant, migrations.RunPython.noop)]
