"""The campaign team's roles and the review workflow on posts and demands.

Three groups: "Campaign editors" write and submit for review, "Campaign moderators" review,
approve and publish, "Campaign administrators" also manage users, sites, settings and redirects.
Wagtail's own default groups ("Editors", "Moderators") are renamed into the first two, so a site
never shows two sets of roles. The review workflow ("Campaign review": one approval task for moderators and administrators)
covers the whole page tree, which includes every campaign's posts and demands.

The migration is idempotent: a group, task or workflow that already exists under the new name is
brought up to date rather than duplicated.
"""

from django.db import migrations

from cms.migration_helpers import permissions_create

EDITORS = "Campaign editors"
MODERATORS = "Campaign moderators"
ADMINISTRATORS = "Campaign administrators"
WORKFLOW = "Campaign review"
TASK = "Moderator review"

# (app label, codename) of the model permissions each role has, on top of the page and collection
# permissions below. Each role includes the one before it.
EDITOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("campaign", "view_politicalgroup"),
]
MODERATOR_PERMISSIONS = EDITOR_PERMISSIONS + [
    ("campaign", "add_politicalgroup"),
    ("campaign", "change_politicalgroup"),
    ("campaign", "delete_politicalgroup"),
    ("wagtailredirects", "add_redirect"),
    ("wagtailredirects", "change_redirect"),
    ("wagtailredirects", "delete_redirect"),
]
ADMINISTRATOR_PERMISSIONS = MODERATOR_PERMISSIONS + [
    ("auth", "add_user"),
    ("auth", "change_user"),
    ("auth", "delete_user"),
    ("auth", "view_user"),
    ("wagtailcore", "add_site"),
    ("wagtailcore", "change_site"),
    ("wagtailcore", "delete_site"),
    ("wagtailcore", "add_locale"),
    ("wagtailcore", "change_locale"),
    ("wagtailcore", "add_workflow"),
    ("wagtailcore", "change_workflow"),
    ("wagtailcore", "add_task"),
    ("wagtailcore", "change_task"),
    ("campaign", "change_campaignsitesettings"),
]

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
MODERATOR_PAGE_PERMISSIONS = EDITOR_PAGE_PERMISSIONS + [
    "publish_page",
    "delete_page",
    "lock_page",
    "unlock_page",
]
ADMINISTRATOR_PAGE_PERMISSIONS = MODERATOR_PAGE_PERMISSIONS + ["bulk_delete_page"]

EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
MODERATOR_COLLECTION_PERMISSIONS = EDITOR_COLLECTION_PERMISSIONS + [
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "delete_document"),
]

ROLES = [
    # name, Wagtail default it replaces, model, page and collection permissions
    (
        EDITORS,
        "Editors",
        EDITOR_PERMISSIONS,
        EDITOR_PAGE_PERMISSIONS,
        EDITOR_COLLECTION_PERMISSIONS,
    ),
    (
        MODERATORS,
        "Moderators",
        MODERATOR_PERMISSIONS,
        MODERATOR_PAGE_PERMISSIONS,
        MODERATOR_COLLECTION_PERMISSIONS,
    ),
    (
        ADMINISTRATORS,
        None,
        ADMINISTRATOR_PERMISSIONS,
        ADMINISTRATOR_PAGE_PERMISSIONS,
        MODERATOR_COLLECTION_PERMISSIONS,
    ),
]


def _permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _group(apps, name, replaces):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=name).first()
    if group is None and replaces:
        group = Group.objects.filter(name=replaces).first()
        if group is not None:
            group.name = name
            group.save(update_fields=["name"])
    return group or Group.objects.create(name=name)


def roles_ensure(apps, schema_editor):
    # Permissions are normally created after all migrations ran; these need them now.
    # (create_permissions skips an app config without a models module, as historical ones are.)
    permissions_create(apps)

    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    groups = {}
    for name, replaces, model_perms, page_perms, collection_perms in ROLES:
        group = _group(apps, name, replaces)
        groups[name] = group
        group.permissions.set([_permission(apps, app, code) for app, code in model_perms])
        GroupPagePermission.objects.filter(group=group).delete()
        if root_page is not None:
            for codename in page_perms:
                GroupPagePermission.objects.create(
                    group=group,
                    page=root_page,
                    permission=_permission(apps, "wagtailcore", codename),
                )
        GroupCollectionPermission.objects.filter(group=group).delete()
        if root_collection is not None:
            for app, codename in collection_perms:
                GroupCollectionPermission.objects.create(
                    group=group,
                    collection=root_collection,
                    permission=_permission(apps, app, codename),
                )

    _review_workflow_ensure(apps, [groups[MODERATORS], groups[ADMINISTRATORS]], root_page)


def _review_workflow_ensure(apps, reviewers, root_page):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model("wagtailcore", "Task")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    # Wagtail's default task and workflow are taken over rather than left beside ours.
    task = (
        GroupApprovalTask.objects.filter(name=TASK).first()
        or GroupApprovalTask.objects.filter(name="Moderators approval").first()
    )
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK, content_type=task_type, active=True)
    else:
        task.name = TASK
        task.active = True
        task.save(update_fields=["name", "active"])
        Task.objects.filter(pk=task.pk).update(name=TASK, active=True)
    task.groups.set(reviewers)

    workflow = (
        Workflow.objects.filter(name=WORKFLOW).first()
        or Workflow.objects.filter(name="Moderators approval").first()
    )
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW, active=True)
    else:
        workflow.name = WORKFLOW
        workflow.active = True
        workflow.save(update_fields=["name", "active"])
    if not WorkflowTask.objects.filter(workflow=workflow, task_id=task.pk).exists():
        WorkflowTask.objects.filter(workflow=workflow).delete()
        WorkflowTask.objects.create(workflow=workflow, task_id=task.pk, sort_order=0)
    if root_page is not None:
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0004_page_preview"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(roles_ensure, migrations.RunPython.noop)]
