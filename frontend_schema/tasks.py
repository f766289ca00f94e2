"""Background tasks of the API: renditions rendered before a front end asks for them."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django_tasks import task
from wagtail.models import Page, ReferenceIndex

from frontend_schema.images import Image, ImageFormat, preset_specs


def page_image_ids(page: Page) -> set[int]:
    """The IDs of the images ``page`` uses anywhere: its fields, its StreamField blocks, its
    rich text (Wagtail's reference index, brought up to date for the page first)."""
    ReferenceIndex.create_or_update_for_object(page)
    image_type = ContentType.objects.get_for_model(Image)
    references = ReferenceIndex.get_references_for_object(page).filter(to_content_type=image_type)
    return {int(object_id) for object_id in references.values_list("to_object_id", flat=True)}


@task()
def page_renditions_prerender(page_id: int) -> int:
    """Render every preset of every image of the page ``page_id`` in the formats of
    IMAGE_PRERENDER_FORMATS, so that the API names files, not the serve view, for it.

    Returns how many renditions the images have of those specs afterwards; a page that no longer
    exists has none. Renditions that exist are kept, so running it twice renders nothing new.
    """
    page = Page.objects.filter(pk=page_id).specific().first()
    if page is None:
        return 0
    formats = [ImageFormat(value) for value in settings.IMAGE_PRERENDER_FORMATS]
    count = 0
    for image in Image.objects.filter(pk__in=page_image_ids(page)):
        count += len(image.get_renditions(*preset_specs(image, formats)))
    return count


def page_published_prerender(sender, instance, **kwargs) -> None:
    """On ``page_published``: enqueue ``page_renditions_prerender`` once the commit is done, so
    that a worker finds the published page and its references."""
    transaction.on_commit(lambda: page_renditions_prerender.enqueue(page_id=instance.pk))


@task()
def frontend_cache_purge(tags: list[str], purge_urls: bool = True) -> list[str]:
    """Purge what changed from the frontend caches of WAGTAILFRONTENDCACHE.

    ``tags`` are cache tags (``frontend_schema.caching``; they name IDs and models only). Each
    backend that purges by tag (``frontend_schema.frontend_cache``) drops the API answers
    carrying one of them; by URL, every site's sitemap and every live campaign's feeds are
    purged (Wagtail purges a page's own URL itself on publish and unpublish), unless
    ``purge_urls`` is false (a change those URLs do not show: the search index). Returns the
    URLs purged.
    """
    from wagtail.contrib.frontend_cache.utils import get_backends, purge_urls_from_cache

    backends = get_backends()
    if not backends:
        return []
    for backend in backends.values():
        if hasattr(backend, "purge_tags"):
            backend.purge_tags(tags)
    if not purge_urls:
        return []
    urls = listed_urls()
    purge_urls_from_cache(urls)
    return urls


def listed_urls() -> list[str]:
    """The URLs that follow content and can be listed: each site's sitemap, each live campaign's
    feeds in its locale (tag feeds are not listed; they expire by PARTNERS_FEED_MAX_AGE)."""
    from django.urls import reverse
    from wagtail.models import Site

    from campaign.models import CampaignPage
    from partners.urls import FeedFileConverter

    urls = [f"{site.root_url}{reverse('partners-sitemap')}" for site in Site.objects.all()]
    filenames = FeedFileConverter.regex.replace("\\", "").split("|")
    for campaign in CampaignPage.objects.live().select_related("locale"):
        site = campaign.get_site()
        if site is None:
            continue
        for filename in filenames:
            path = reverse(
                "partners-feed",
                kwargs={
                    "campaign": campaign.slug,
                    "locale": campaign.locale.language_code,
                    "filename": filename,
                },
            )
            urls.append(f"{site.root_url}{path}")
    return urls
