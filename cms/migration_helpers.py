"""Helpers for data migrations that set up roles (groups and their permissions).

Data migrations import from here rather than repeating the code; keep every function's behaviour
stable, since applied migrations run it again on every new database.
"""

from django.contrib.auth.management import create_permissions


def permissions_create(apps, *app_labels: str) -> None:
    """Create the model permissions of ``app_labels`` (default: every app) now.

    Django creates permissions in its ``post_migrate`` signal, after every migration has run; a
    data migration that grants them needs them earlier. ``create_permissions`` skips an app config
    without a models module, as historical ones are, so one is faked for the call. Idempotent.

    ``apps`` is the historical app registry passed to ``RunPython`` functions.
    """
    configs = (
        [apps.get_app_config(label) for label in app_labels]
        if app_labels
        else list(apps.get_app_configs())
    )
    for app_config in configs:
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = models_module


def group_permissions_grant(apps, group_name: str, permissions: list[tuple[str, str]]) -> None:
    """Give the group ``group_name`` (created when missing) ``permissions``: pairs of an app
    label and a permission codename, such as ``("participation", "view_supportersignup")``.
    Creates the permissions first (``permissions_create``). Idempotent.

    Raises ``Permission.DoesNotExist`` for a pair that names no permission.
    """
    permissions_create(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(
        *[
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in permissions
        ]
    )
