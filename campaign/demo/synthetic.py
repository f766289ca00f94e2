"""Synthetic content at scale, for load tests: thousands of pages in seconds, not minutes.

Creating a page the normal way (``add_child``, a revision, publishing) costs dozens of queries and
a search-index update per page. Here the rows are written in bulk instead, in the same shape the
normal way leaves them:

* tree positions (treebeard's materialised ``path``, ``depth``, the parent's ``numchild``) are
  computed for the whole batch from the parent's last child;
* the ``wagtailcore_page`` rows are bulk-created, then the page type's own rows (Django refuses
  ``bulk_create`` for multi-table inheritance, so these use the insert it is built on);
* every page gets one revision, set as its latest and live revision, and a "created" and a
  "published" log entry, so the admin shows a normal page with a history;
* the pages are added to the search index in bulk, as ``update_index`` would.

Synthetic pages are named "Synthetic post 123" (slug ``synthetic-post-123``) and say in their text
that they are not real. The counts mean "at least": existing synthetic pages count towards them,
so running twice with the same numbers adds nothing the second time.
"""

import datetime
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router, transaction
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.search.backends import get_search_backends

from campaign.choices import OrganisationRole, OrganisationScope, SupporterKind
from campaign.demo.content import paragraph
from campaign.demo.loader import DemoCampaign
from campaign.demo.placeholders import placeholder_collection_ensure, placeholder_image_ensure
from campaign.demo.progress import Progress
from campaign.models import CampaignPostPage, OrganisationPage, SupporterPage

BATCH_SIZE = 500
# Distinct placeholder pictures shared by the synthetic items of one kind.
PLACEHOLDER_POOL = 25
# Countries cycled through by synthetic organisations and supporters, to give filters some spread.
COUNTRIES = ("AT", "BE", "CZ", "DE", "DK", "ES", "FI", "FR", "GR", "IE", "IT", "NL", "PL", "PT")
SUPPORTER_KINDS = (
    SupporterKind.PUBLIC_FIGURE,
    SupporterKind.NATIONAL_POLITICIAN,
    SupporterKind.ORGANISATION,
)


def synthetic_content_ensure(
    *, demo: DemoCampaign, posts: int, organisations: int, supporters: int, progress: Progress
) -> None:
    """At least this many synthetic posts, organisations and supporters in the demo campaign."""
    today = timezone.localdate()
    for count, parent, model, label, build in (
        (posts, demo.indexes["news"], CampaignPostPage, "Synthetic post", _post_fields(today)),
        (
            organisations,
            demo.indexes["coalition"],
            OrganisationPage,
            "Synthetic organisation",
            _organisation_fields(),
        ),
        (
            supporters,
            demo.indexes["supporters"],
            SupporterPage,
            "Synthetic supporter",
            _supporter_fields,
        ),
    ):
        if count:
            synthetic_pages_ensure(
                parent=parent, model=model, label=label, count=count, build=build, progress=progress
            )


def synthetic_pages_ensure(
    *,
    parent: Page,
    model: type[Page],
    label: str,
    count: int,
    build: Callable[[int], dict[str, Any]],
    progress: Progress,
) -> int:
    """Make sure ``parent`` has at least ``count`` live children titled "``label`` N".

    ``build(N)`` gives the page type's own field values for number N. Returns how many pages
    were added.
    """
    if model._meta.get_parent_list() != [Page]:
        raise TypeError(f"{model.__name__} must inherit directly from Page.")
    if not connections[router.db_for_write(Page)].features.can_return_rows_from_bulk_insert:
        raise RuntimeError("Synthetic content needs a database that returns ids from bulk inserts.")
    prefix = f"{slugify(label)}-"
    existing = _numbers_in_use(parent=parent, prefix=prefix)
    missing = count - len(existing)
    with progress.section(f"{label}s", max(missing, 0), every=BATCH_SIZE) as section:
        if missing <= 0:
            return 0
        first = max(existing, default=0) + 1
        numbers = list(range(first, first + missing))
        with transaction.atomic():
            # Locking the parent keeps two loaders from computing the same tree positions.
            parent = Page.objects.select_for_update().get(pk=parent.pk)
            next_position = _next_child_position(parent)
            for start in range(0, missing, BATCH_SIZE):
                batch = numbers[start : start + BATCH_SIZE]
                pages = [
                    _unsaved_page(
                        model=model,
                        parent=parent,
                        title=f"{label} {number}",
                        slug=f"{prefix}{number}",
                        position=next_position + start + offset,
                        fields=build(number),
                    )
                    for offset, number in enumerate(batch)
                ]
                _pages_insert(model=model, pages=pages)
                section.step(count=len(pages))
            Page.objects.filter(pk=parent.pk).update(numchild=_children(parent).count())
        return missing


def _numbers_in_use(*, parent: Page, prefix: str) -> set[int]:
    slugs = _children(parent).filter(slug__startswith=prefix).values_list("slug", flat=True)
    return {int(slug[len(prefix) :]) for slug in slugs if slug[len(prefix) :].isdigit()}


def _children(parent: Page):
    # Not parent.get_children(): that trusts numchild, and this must work while it is stale.
    return Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)


def _next_child_position(parent: Page) -> int:
    last_path = _children(parent).order_by("-path").values_list("path", flat=True).first()
    if last_path is None:
        return 1
    return Page._str2int(last_path[-Page.steplen :]) + 1


def _unsaved_page(
    *, model: type[Page], parent: Page, title: str, slug: str, position: int, fields: dict
) -> Page:
    now = timezone.now()
    depth = parent.depth + 1
    return model(
        title=title,
        draft_title=title,
        slug=slug,
        path=Page._get_path(parent.path, depth, position),
        depth=depth,
        numchild=0,
        url_path=f"{parent.url_path}{slug}/",
        locale_id=parent.locale_id,
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        latest_revision_created_at=now,
        **fields,
    )


def _pages_insert(*, model: type[Page], pages: Sequence[Page]) -> None:
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    rows = Page.objects.bulk_create(
        [Page(**{f.attname: getattr(page, f.attname) for f in page_fields}) for page in pages]
    )
    for page, row in zip(pages, rows, strict=True):
        page.id = page.page_ptr_id = row.pk
    # The page type's own table. QuerySet.bulk_create refuses multi-table models outright, so
    # use the insert it is built on, with only this table's columns, batched as it would batch.
    using = router.db_for_write(model)
    fields = model._meta.local_concrete_fields
    batch_size = connections[using].ops.bulk_batch_size(fields, pages)
    for start in range(0, len(pages), batch_size):
        model._base_manager._insert(pages[start : start + batch_size], fields=fields, using=using)

    base_content_type = ContentType.objects.get_for_model(Page)
    relations = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
    for page in pages:
        # Empty in-memory child relations: the revision then needs no query per page for them.
        for relation in relations:
            setattr(page, relation, [])
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type_id=page.content_type_id,
                base_content_type=base_content_type,
                object_id=str(page.pk),
                created_at=page.latest_revision_created_at,
                object_str=page.title,
                content=page.serializable_data(),
            )
            for page in pages
        ]
    )
    # One UPDATE for the batch; bulk_update would send a CASE branch per page.
    own_revision = Subquery(
        Revision.objects.filter(
            base_content_type=base_content_type,
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
        ).values("pk")[:1]
    )
    Page.objects.filter(pk__in=[page.pk for page in pages]).update(
        latest_revision=own_revision, live_revision=own_revision
    )
    PageLogEntry.objects.bulk_create(
        [
            PageLogEntry(
                content_type_id=page.content_type_id,
                page_id=page.pk,
                label=page.title,
                action=action,
                timestamp=page.first_published_at,
                revision=revision if action == "wagtail.publish" else None,
                content_changed=True,
            )
            for page, revision in zip(pages, revisions, strict=True)
            for action in ("wagtail.create", "wagtail.publish")
        ]
    )
    indexed = list(model.get_indexed_objects().filter(pk__in=[page.pk for page in pages]))
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, indexed)


def _placeholder_pool(kind: str) -> Callable[[int], Any]:
    """Item N's picture from a pool of ``PLACEHOLDER_POOL`` placeholders of ``kind``, drawn on
    first use: every synthetic item has an image (renditions are part of what a load test
    measures) without drawing thousands of pictures."""
    pool: dict[int, Any] = {}

    def image(number: int):
        slot = number % PLACEHOLDER_POOL
        if slot not in pool:
            pool[slot] = placeholder_image_ensure(
                name=f"Synthetic {kind} {slot + 1}",
                kind=kind,
                collection=placeholder_collection_ensure(),
            )
        return pool[slot]

    return image


def _post_fields(today) -> Callable[[int], dict[str, Any]]:
    hero = _placeholder_pool("hero")

    def build(number: int) -> dict[str, Any]:
        return {
            "hero_image": hero(number),
            # Made-up dates, one a day going back, so that date ordering has something to sort.
            "publication_date": today - datetime.timedelta(days=number % 3650),
            "summary": f"Synthetic post {number}, generated for load testing. Not real news.",
            "body": [
                paragraph(
                    f"<p>This is synthetic post {number}, generated by load_demo for load "
                    "testing. It is not real campaign news, and its date is made up.</p>"
                )
            ],
        }

    return build


def _organisation_fields() -> Callable[[int], dict[str, Any]]:
    logo = _placeholder_pool("logo")

    def build(number: int) -> dict[str, Any]:
        return {
            "logo": logo(number),
            "role": OrganisationRole.PARTNER,
            "scope": OrganisationScope.NATIONAL,
            "country": COUNTRIES[number % len(COUNTRIES)],
            "description": f"Synthetic organisation {number}, generated for load testing. It "
            "does not exist.",
        }

    return build


def _supporter_fields(number: int) -> dict[str, Any]:
    return {
        "kind": SUPPORTER_KINDS[number % len(SUPPORTER_KINDS)],
        "country": COUNTRIES[number % len(COUNTRIES)],
    }
