"""Publishing, unpublishing, moving and deleting a page (its translations with it), changing a
snippet or a view restriction, or updating a page's search index purges the CDN
(wagtail.contrib.frontend_cache, through the task queue): by tag, and by URL what can be listed."""

from unittest import mock

import pytest
from django.test import override_settings
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from campaign import factories
from frontend_schema import frontend_cache
from frontend_schema.caching import SEARCH_TAG

pytestmark = pytest.mark.django_db


class RecordingBackend:
    """A frontend-cache backend that records what it is asked to purge."""

    tag_purges: list[list[str]] = []
    url_purges: list[str] = []

    def __init__(self, params):
        self.hostnames = ["*"]

    def invalidates_hostname(self, hostname) -> bool:
        return True

    def purge_batch(self, urls) -> None:
        RecordingBackend.url_purges.extend(urls)

    def purge_tags(self, tags) -> None:
        RecordingBackend.tag_purges.append(list(tags))


@pytest.fixture(autouse=True)
def recording_backend():
    RecordingBackend.tag_purges = []
    RecordingBackend.url_purges = []
    backend = {"default": {"BACKEND": f"{__name__}.RecordingBackend"}}
    with override_settings(WAGTAILFRONTENDCACHE=backend):
        yield RecordingBackend


def purged_tags() -> set[str]:
    return {tag for purge in RecordingBackend.tag_purges for tag in purge}


POST = "campaign.campaignpostpage"


def test_publishing_purges_the_page_its_parent_and_lists_of_its_type(
    campaign_tree, django_capture_on_commit_callbacks
):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()
    # The publication's purge, and the search index's (updated on each save of the page, by
    # the task the tests run at once): search answers only.
    assert {frozenset(purge) for purge in RecordingBackend.tag_purges} == {
        frozenset(
            {
                f"page-{post.pk}",
                f"page-{campaign_tree.posts.pk}",
                f"list-{POST}",
                f"any-{POST}",
                "absent",
                "sitemap",
            }
        ),
        frozenset({SEARCH_TAG}),
    }
    # By URL, once: the sitemap and the campaign's feeds (GraphQL GET URLs cannot be listed).
    assert RecordingBackend.url_purges.count("http://localhost/sitemap.xml") == 1
    assert any("/feeds/" in url for url in RecordingBackend.url_purges)


def test_nothing_is_purged_before_the_transaction_commits(
    campaign_tree, django_capture_on_commit_callbacks
):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post.save_revision().publish()
    assert RecordingBackend.tag_purges == []
    assert callbacks


def test_unpublishing_purges_the_page(campaign_tree, django_capture_on_commit_callbacks):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    with django_capture_on_commit_callbacks(execute=True):
        post.unpublish()
    assert {f"page-{post.pk}", f"list-{POST}", f"page-{campaign_tree.posts.pk}"} <= purged_tags()


def test_moving_purges_both_parents_and_every_page_below(
    campaign_tree, django_capture_on_commit_callbacks
):
    page = factories.StandardPageFactory(parent=campaign_tree.posts)
    child = factories.StandardPageFactory(parent=page)
    with django_capture_on_commit_callbacks(execute=True):
        page.move(campaign_tree.demands, pos="last-child")
    assert {
        f"page-{page.pk}",
        f"page-{child.pk}",
        f"page-{campaign_tree.posts.pk}",
        f"page-{campaign_tree.demands.pk}",
        "list-campaign.standardpage",
    } <= purged_tags()


def test_deleting_purges_the_page_and_its_parent(campaign_tree, django_capture_on_commit_callbacks):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    pk = post.pk
    with django_capture_on_commit_callbacks(execute=True):
        post.delete()
    assert {f"page-{pk}", f"page-{campaign_tree.posts.pk}", f"list-{POST}"} <= purged_tags()


def test_a_snippet_change_purges_the_snippet(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        group = factories.PoliticalGroupFactory()
    assert f"snippet-campaign.politicalgroup-{group.pk}" in purged_tags()
    assert "list-campaign.politicalgroup" in purged_tags()


@pytest.mark.parametrize(
    ("factory", "prefix"),
    [(factories.ImageFactory, "image"), (factories.DocumentFactory, "document")],
)
def test_an_image_or_document_change_or_deletion_purges_it(
    db, django_capture_on_commit_callbacks, factory, prefix
):
    media = factory()
    label = type(media)._meta.label_lower
    with django_capture_on_commit_callbacks(execute=True):
        media.title = "A new title"
        media.save()
    assert purged_tags() == {f"{prefix}-{media.pk}", f"any-{label}"}
    RecordingBackend.tag_purges.clear()
    pk = media.pk
    with django_capture_on_commit_callbacks(execute=True):
        media.delete()
    assert purged_tags() == {f"{prefix}-{pk}", f"any-{label}"}


def test_reading_a_files_size_for_the_first_time_purges_nothing(
    db, django_capture_on_commit_callbacks
):
    """Wagtail saves a file's size (and hash) when it is first read: no purge for that."""
    image, document = factories.ImageFactory(), factories.DocumentFactory()
    for media in (image, document):
        type(media).objects.filter(pk=media.pk).update(file_size=None)
        media.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        image.get_file_size()
        document.get_file_size()
    # Saved, and nothing purged.
    for media in (image, document):
        assert type(media).objects.get(pk=media.pk).file_size is not None
    assert RecordingBackend.tag_purges == []


def test_an_unrelated_publication_purges_no_other_page(
    campaign_tree, django_capture_on_commit_callbacks
):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    other = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()
    assert f"page-{other.pk}" not in purged_tags()
    assert "graphql" not in purged_tags()


def test_the_task_payload_carries_tags_of_ids_only(
    campaign_tree, django_capture_on_commit_callbacks
):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts, title="Jane Doe")
    with (
        mock.patch("frontend_schema.tasks.frontend_cache_purge") as task,
        django_capture_on_commit_callbacks(execute=True),
    ):
        post.save_revision().publish()
    payloads = [call.kwargs for call in task.enqueue.call_args_list]
    assert payloads
    for payload in payloads:
        assert payload == {"tags": sorted(payload["tags"]), "purge_urls": payload["purge_urls"]}
        assert all(
            tag.split("-")[-1].isdigit() or "." in tag or tag in {"absent", "sitemap", SEARCH_TAG}
            for tag in payload["tags"]
        )
    assert "Jane" not in repr(payloads)


# --- Translations -------------------------------------------------------------------------------


def translate(page, locale):
    """A published German (or other) copy of ``page``, its ancestors copied and published too."""
    translation = page.copy_for_translation(locale, copy_parents=True)
    for ancestor in translation.get_ancestors().specific().filter(depth__gt=1, live=False):
        ancestor.save_revision().publish()
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


def test_publishing_a_translation_purges_the_original_and_other_translations(
    campaign_tree, locales, django_capture_on_commit_callbacks
):
    """Each shows the others in its ``translations`` field."""
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    french = translate(post, locales["fr"])
    german = post.copy_for_translation(locales["de"], copy_parents=True)
    with django_capture_on_commit_callbacks(execute=True):
        german.save_revision().publish()
    assert {f"page-{german.pk}", f"page-{post.pk}", f"page-{french.pk}"} <= purged_tags()


@pytest.mark.parametrize("change", ["unpublish", "delete"])
def test_unpublishing_or_deleting_a_translation_purges_the_original(
    campaign_tree, locales, django_capture_on_commit_callbacks, change
):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    german = translate(post, locales["de"])
    with django_capture_on_commit_callbacks(execute=True):
        if change == "unpublish":
            german.unpublish()
        else:
            german.delete()
    assert f"page-{post.pk}" in purged_tags()


def test_moving_a_page_purges_the_translations_of_it_and_of_every_page_below(
    campaign_tree, locales, django_capture_on_commit_callbacks
):
    page = factories.StandardPageFactory(parent=campaign_tree.posts)
    child = factories.StandardPageFactory(parent=page)
    german_child = translate(child, locales["de"])
    german_page = german_child.get_parent()
    elsewhere = factories.StandardPageFactory(parent=campaign_tree.demands)
    unrelated = translate(elsewhere, locales["de"])
    with django_capture_on_commit_callbacks(execute=True):
        page.move(campaign_tree.demands, pos="last-child")
    assert {f"page-{german_page.pk}", f"page-{german_child.pk}"} <= purged_tags()
    assert f"page-{unrelated.pk}" not in purged_tags()


def test_a_page_without_translations_purges_no_other_page(
    campaign_tree, locales, django_capture_on_commit_callbacks
):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    other = translate(factories.CampaignPostPageFactory(parent=campaign_tree.posts), locales["de"])
    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()
    assert f"page-{other.pk}" not in purged_tags()


# --- View restrictions --------------------------------------------------------------------------


@pytest.mark.parametrize("restriction_type", ["login", "password", "groups"])
def test_adding_changing_or_deleting_a_page_view_restriction_purges_every_answer(
    campaign_tree, django_capture_on_commit_callbacks, restriction_type
):
    from django.contrib.auth.models import Group

    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=post, restriction_type=restriction_type, password="secret"
        )
    assert RecordingBackend.tag_purges == [["graphql"]]
    # By URL too: the sitemap and the feeds list public pages only.
    assert "http://localhost/sitemap.xml" in RecordingBackend.url_purges
    RecordingBackend.tag_purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.restriction_type = "login"
        restriction.save()
        if restriction_type == "groups":
            restriction.groups.add(Group.objects.create(name="Editors"))
    assert purged_tags() == {"graphql"}
    RecordingBackend.tag_purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert RecordingBackend.tag_purges == [["graphql"]]


def test_adding_or_deleting_a_collection_view_restriction_purges_every_answer(
    db, django_capture_on_commit_callbacks
):
    collection = Collection.get_first_root_node().add_child(name="Press")
    with django_capture_on_commit_callbacks(execute=True):
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type="login"
        )
    assert RecordingBackend.tag_purges == [["graphql"]]
    RecordingBackend.tag_purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert RecordingBackend.tag_purges == [["graphql"]]


# --- The search index ---------------------------------------------------------------------------


def index_page(page) -> None:
    """Run Wagtail's index update for ``page``, as the worker does after a save."""
    from wagtail.search.tasks import insert_or_update_object_task

    insert_or_update_object_task.enqueue(page._meta.app_label, page._meta.model_name, str(page.pk))


def test_updating_the_search_index_of_a_live_page_purges_search_answers(
    campaign_tree, django_capture_on_commit_callbacks
):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    with django_capture_on_commit_callbacks(execute=True):
        index_page(post)
    assert RecordingBackend.tag_purges == [[SEARCH_TAG]]
    # Tags only: the index changes neither the sitemap nor the feeds.
    assert RecordingBackend.url_purges == []


def test_updating_the_search_index_of_a_page_that_is_not_live_purges_nothing(
    campaign_tree, django_capture_on_commit_callbacks
):
    draft = factories.CampaignPostPageFactory(parent=campaign_tree.posts, live=False)
    with django_capture_on_commit_callbacks(execute=True):
        index_page(draft)
    assert RecordingBackend.tag_purges == []


def test_other_tasks_and_failed_index_updates_purge_nothing(
    campaign_tree, django_capture_on_commit_callbacks
):
    from wagtail.search.tasks import insert_or_update_object_task

    from frontend_schema.tasks import page_renditions_prerender

    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    with django_capture_on_commit_callbacks(execute=True):
        page_renditions_prerender.enqueue(page_id=post.pk)
        # A page that no longer exists: the task fails (Page.DoesNotExist).
        insert_or_update_object_task.enqueue("campaign", "campaignpostpage", "999999")
    assert RecordingBackend.tag_purges == []


# --- The backends -------------------------------------------------------------------------------


def test_cloudflare_purges_by_tag_in_chunks_of_thirty(monkeypatch):
    calls = []

    class Response:
        text = ""

        def json(self):
            return {"success": True}

    monkeypatch.setattr(
        frontend_cache.requests,
        "post",
        lambda url, **kwargs: calls.append((url, kwargs)) or Response(),
    )
    backend = frontend_cache.CloudflareBackend({"BEARER_TOKEN": "t", "ZONEID": "z"})
    backend.purge_tags([f"page-{n}" for n in range(45)])
    assert [len(kwargs["json"]["tags"]) for _, kwargs in calls] == [30, 15]
    url, kwargs = calls[0]
    assert url == "https://api.cloudflare.com/client/v4/zones/z/purge_cache"
    assert kwargs["headers"]["Authorization"] == "Bearer t"


def test_http_purges_by_tag_with_one_purge_request(monkeypatch):
    requests = []
    monkeypatch.setattr(
        frontend_cache, "urlopen", lambda request, timeout: requests.append(request)
    )
    backend = frontend_cache.HTTPBackend({"LOCATION": "http://varnish:6081"})
    backend.purge_tags(["page-1", "list-campaign.campaignpostpage"])
    (request,) = requests
    assert request.get_method() == "PURGE"
    assert request.full_url == "http://varnish:6081/"
    assert request.headers["Xkey-purge"] == "page-1 list-campaign.campaignpostpage"


def test_every_snippet_the_api_shows_is_tagged():
    """A snippet model with a GraphQL type must be in SNIPPET_MODELS, or its changes would
    purge nothing."""
    from wagtail import hooks
    from wagtail.models import Page
    from wagtail.snippets.models import get_snippet_models

    from frontend_schema.caching import SNIPPET_MODELS
    from frontend_schema.schema import schema

    hooks.search_for_hooks()
    shown = {
        graphql_type.extensions[
            "strawberry-definition"
        ].origin.__strawberry_django_definition__.model
        for graphql_type in schema._schema.type_map.values()
        if hasattr(
            getattr(
                (getattr(graphql_type, "extensions", None) or {}).get("strawberry-definition"),
                "origin",
                None,
            ),
            "__strawberry_django_definition__",
        )
    }
    snippets = {model for model in get_snippet_models() if not issubclass(model, Page)}
    assert {model._meta.label for model in shown & snippets} == set(SNIPPET_MODELS)
