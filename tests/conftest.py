"""Fixtures shared by the whole suite: a small campaign tree on the default site."""

from types import SimpleNamespace

import pytest
from django.core.cache import caches
from wagtail.models import Locale, Page, Site

from campaign import factories


def pytest_collection_modifyitems(config, items):
    """Refuse a transactional test that does not restore the migrated data.

    A ``transaction=True`` test starts from whatever the previous transactional test left, and
    those flush the database when they end: without ``serialized_rollback=True`` the test finds
    no default locale or root page, or not, depending on the order the suite ran in.

    Raises:
        pytest.UsageError: naming the tests to fix.
    """
    unrestored = [
        item.nodeid
        for item in items
        if (mark := item.get_closest_marker("django_db"))
        and mark.kwargs.get("transaction")
        and not mark.kwargs.get("serialized_rollback")
    ]
    if unrestored:
        raise pytest.UsageError(
            "Transactional tests must also ask for serialized_rollback=True: "
            + ", ".join(unrestored)
        )


@pytest.fixture(autouse=True)
def fresh_caches():
    """Every test starts with empty caches. Database ids repeat across the rolled-back tests, so
    what an earlier test cached (a rendition, a site's root paths, a throttling count) would
    otherwise stand in for another object in this one."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def locales(db):
    """English (the default, created by Wagtail's migrations) plus German, French and Italian."""
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code in ("en", "de", "fr", "it")
    }


@pytest.fixture
def campaign_tree(db):
    """A campaign as the default site's root, with one index page of each kind."""
    root = Page.get_first_root_node()
    campaign = factories.CampaignPageFactory(parent=root, title="Reclaim Your Face")
    site = Site.objects.get(is_default_site=True)
    site.root_page = campaign
    site.hostname = "localhost"
    site.save()
    return SimpleNamespace(
        site=site,
        campaign=campaign,
        posts=factories.PostIndexPageFactory(parent=campaign),
        demands=factories.DemandIndexPageFactory(parent=campaign),
        organisations=factories.OrganisationIndexPageFactory(parent=campaign),
        supporters=factories.SupporterIndexPageFactory(parent=campaign),
    )
