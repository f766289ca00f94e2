"""Signal receivers that keep caches honest: a page, snippet, image or document that changes drops
the cached API answers holding it, in the response cache at once and in the CDN by a purge task.

Connected once by ``FrontendSchemaConfig.ready``. Receivers translate the change into cache tags
(``frontend_schema.caching``) and delegate to ``content_changed``:

- a page published, unpublished, moved or deleted: its own tags (``page_change_tags``) and the
  ``page-<id>`` of each of its translations, whose ``translations`` field it joins or leaves;
- a view restriction of a page or a collection added, changed or deleted: every answer
  (``SITE_WIDE_TAG``), since it hides or shows whole sections, their aliases and documents;
- the search index updated for a live page (Wagtail's background task): every answer holding
  search results (``SEARCH_TAG``);
- a snippet, image, document, signature count or site's settings saved or deleted.
"""

from __future__ import annotations

from inspect import signature

from django.db import transaction
from wagtail.models import Page

from frontend_schema.caching import (
    SEARCH_TAG,
    SITE_WIDE_TAG,
    SNIPPET_MODELS,
    media_change_tags,
    page_change_tags,
    page_tag,
    site_tag,
    snippet_change_tags,
    tags_invalidate,
)


def content_changed(tags, *, purge_urls: bool = True) -> None:
    """Once the transaction commits: drop the response-cache entries naming ``tags`` and
    enqueue ``frontend_cache_purge`` for the CDN (which also purges the sitemap and feed URLs
    unless ``purge_urls`` is false: for changes that no page's content makes)."""
    from frontend_schema.tasks import frontend_cache_purge

    tags = sorted(set(tags))

    def purge() -> None:
        tags_invalidate(tags)
        frontend_cache_purge.enqueue(tags=tags, purge_urls=purge_urls)

    transaction.on_commit(purge)


def _parent_id(page: Page) -> int | None:
    if page.depth is None or page.depth <= 1:
        return None
    return Page.objects.filter(path=page.path[: -Page.steplen]).values_list("pk", flat=True).first()


def _page_tags(page: Page, parent_id: int | None) -> list[str]:
    label = page.specific_class._meta.label_lower if page.specific_class else "wagtailcore.page"
    return page_change_tags(page_id=page.pk, label=label, parent_id=parent_id)


def _translation_tags(page: Page) -> list[str]:
    """``["page-<id>", ...]`` of every page sharing ``page``'s ``translation_key`` (``page``
    included), read in one query: each shows ``page`` in its ``translations`` field."""
    pages = Page.objects.filter(translation_key=page.translation_key)
    return [page_tag(pk) for pk in pages.values_list("pk", flat=True)]


def on_page_published_or_unpublished(sender, instance, **kwargs) -> None:
    content_changed([*_page_tags(instance, _parent_id(instance)), *_translation_tags(instance)])


def on_post_page_move(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    # The moved page and every page below it have a new path and URL, which their translations
    # show too: one query for all of them (each page shares its own translation key).
    subtree = Page.objects.descendant_of(instance, inclusive=True).values("translation_key")
    moved = Page.objects.filter(translation_key__in=subtree).values_list("pk", flat=True)
    tags = _page_tags(instance, parent_page_after.pk if parent_page_after else None)
    if parent_page_before is not None:
        tags.append(page_tag(parent_page_before.pk))
    content_changed([*tags, *(page_tag(pk) for pk in moved)])


def on_page_pre_delete(sender, instance, **kwargs) -> None:
    # Deleting a page deletes its rows in every table of its type: act once, on the base row.
    if type(instance) is not Page:
        return
    content_changed([*_page_tags(instance, _parent_id(instance)), *_translation_tags(instance)])


def on_change_hiding_unrecorded_content(sender, instance, **kwargs) -> None:
    """Drop every answer (``SITE_WIDE_TAG``), on a change whose effect on answers is not
    recorded by tag; such changes are rare:

    - a ``PageViewRestriction`` or ``CollectionViewRestriction`` saved or deleted: a page's
      restriction hides or shows the page, every page below it, the aliases of those pages,
      their entries in lists, search and the sitemap; a collection's hides or shows its
      documents wherever they are linked. The kind of restriction (login, password, groups) does
      not matter to the API, which shows no restricted page at all;
    - a ``TrustedDocument`` deleted: no answer cached for its hash may outlive it (with
      GRAPHQL_TRUSTED_DOCUMENTS_ONLY a document no longer trusted must be refused); documents
      are deleted with a front end's release.
    """
    content_changed([SITE_WIDE_TAG])


def on_search_index_task_finished(sender, task_result, **kwargs) -> None:
    """On django-tasks' ``task_finished`` for Wagtail's index update
    (``insert_or_update_object_task(app_label, model_name, pk)``, enqueued on every save of an
    indexed model, run by the worker after the commit): drop the answers holding search results
    (``SEARCH_TAG``) once the index of a live page has changed.

    Until then a search answered from the old index, even after the publication purged the
    page's own tags; an index update for a page that is not live changes no answer (the API
    searches live pages only), nor does a failed one.
    """
    from django.apps import apps
    from django_tasks import TaskResultStatus
    from wagtail.search.tasks import insert_or_update_object_task

    if task_result.task.func is not insert_or_update_object_task.func:
        return
    if task_result.status != TaskResultStatus.SUCCESSFUL:
        return
    try:
        # As the task was called: positionally by Wagtail, maybe by keyword elsewhere. A
        # receiver must not raise (the immediate backend runs it inside the save).
        arguments = signature(insert_or_update_object_task.func).bind(
            *task_result.args, **task_result.kwargs
        )
        model = apps.get_model(arguments.arguments["app_label"], arguments.arguments["model_name"])
        pk = arguments.arguments["pk"]
    except (TypeError, LookupError, KeyError):
        return
    if issubclass(model, Page) and Page.objects.filter(pk=pk, live=True).exists():
        # The sitemap and feeds do not follow the index: the page's publication purged them.
        content_changed([SEARCH_TAG], purge_urls=False)


def on_snippet_change(sender, instance, **kwargs) -> None:
    content_changed(snippet_change_tags(label=sender._meta.label_lower, object_id=instance.pk))


# What Wagtail saves on its own when the size or hash of a file is first read (during a request,
# an upload, a rendition): nothing an answer shows changes.
FILE_METADATA_FIELDS = frozenset({"file_size", "file_hash"})


def on_media_change(sender, instance, update_fields=None, **kwargs) -> None:
    # An image's file, title, focal point or collection (privacy); a document's file, title or
    # collection.
    from wagtail.images.models import AbstractImage

    if update_fields and set(update_fields) <= FILE_METADATA_FIELDS:
        return

    content_changed(
        media_change_tags(
            label=sender._meta.label_lower,
            object_id=instance.pk,
            is_image=isinstance(instance, AbstractImage),
        )
    )


def on_signature_count_change(sender, instance, **kwargs) -> None:
    # A campaign's translations share its counter.
    campaign = Page.objects.filter(pk=instance.campaign_id)
    translation_key = campaign.values_list("translation_key", flat=True).first()
    pages = Page.objects.filter(translation_key=translation_key).values_list("pk", flat=True)
    content_changed([page_tag(pk) for pk in pages])


def on_site_settings_change(sender, instance, **kwargs) -> None:
    content_changed([site_tag(instance.site_id)])


def connect() -> None:
    """Connect the receivers (``FrontendSchemaConfig.ready``)."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save, pre_delete
    from django_tasks.signals import task_finished
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import CollectionViewRestriction, PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from campaign.models import CampaignSiteSettings, SignatureCount
    from frontend_schema.models import TrustedDocument

    page_published.connect(on_page_published_or_unpublished, dispatch_uid="cache-page-published")
    page_unpublished.connect(
        on_page_published_or_unpublished, dispatch_uid="cache-page-unpublished"
    )
    post_page_move.connect(on_post_page_move, dispatch_uid="cache-page-moved")
    pre_delete.connect(on_page_pre_delete, sender=Page, dispatch_uid="cache-page-deleted")
    task_finished.connect(on_search_index_task_finished, dispatch_uid="cache-search-indexed")
    for signal in (post_save, post_delete):
        suffix = "saved" if signal is post_save else "deleted"
        for model in map(apps.get_model, SNIPPET_MODELS):
            signal.connect(
                on_snippet_change,
                sender=model,
                dispatch_uid=f"cache-snippet-{suffix}-{model._meta.label_lower}",
            )
        for model in (get_image_model(), get_document_model()):
            signal.connect(
                on_media_change,
                sender=model,
                dispatch_uid=f"cache-media-{suffix}-{model._meta.label_lower}",
            )
        signal.connect(
            on_signature_count_change, sender=SignatureCount, dispatch_uid=f"cache-counter-{suffix}"
        )
        signal.connect(
            on_site_settings_change,
            sender=CampaignSiteSettings,
            dispatch_uid=f"cache-site-settings-{suffix}",
        )
        for model in (PageViewRestriction, CollectionViewRestriction):
            signal.connect(
                on_change_hiding_unrecorded_content,
                sender=model,
                dispatch_uid=f"cache-restriction-{suffix}-{model._meta.label_lower}",
            )
    post_delete.connect(
        on_change_hiding_unrecorded_content,
        sender=TrustedDocument,
        dispatch_uid="cache-trusted-document-deleted",
    )
