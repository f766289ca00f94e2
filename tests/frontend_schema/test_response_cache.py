"""The response cache: a repeated public query is answered from the cache without running
GraphQL, until a page or snippet it holds changes."""

import datetime
import json
import os
import time
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import override_settings
from django.utils import timezone

from campaign import factories
from campaign.models import SignatureCount
from frontend_schema.caching import local_copies, tags_invalidate
from frontend_schema.views import GraphQLView

pytestmark = pytest.mark.django_db

HEADERS = ("Content-Type", "Cache-Control", "ETag", "Cache-Tag", "Surrogate-Key", "Vary")
POST_QUERY = "query ($p: String!) { page(path: $p) { databaseId title } }"


@pytest.fixture(autouse=True, params=["shared", "shared+local"])
def response_cache_on(request, settings):
    """The response cache on, in Redis when REDIS_URL names one (as in production); every test
    runs without and with the per-process copies (``local_copies``) that production keeps."""
    settings.GRAPHQL_RESPONSE_CACHE = True
    settings.GRAPHQL_RESPONSE_CACHE_TIMEOUT = 300
    settings.GRAPHQL_RESPONSE_CACHE_LOCAL_BYTES = 10**7 if request.param == "shared+local" else 0
    if os.environ.get("REDIS_URL"):
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": os.environ["REDIS_URL"],
                "KEY_PREFIX": "test-response-cache",
            }
        }
    cache.clear()
    local_copies.clear()
    yield request.param
    cache.clear()
    local_copies.clear()


@pytest.fixture
def posts(campaign_tree):
    return [factories.CampaignPostPageFactory(parent=campaign_tree.posts) for _ in range(2)]


def path_of(page) -> str:
    return "/" + page.url_path.removeprefix(page.get_site().root_page.url_path)


def ask(client, page, method="get", **headers):
    path = page if isinstance(page, str) else path_of(page)
    variables = f'{{"p": "{path}"}}'
    if method == "get":
        return client.get("/graphql/", {"query": POST_QUERY, "variables": variables}, **headers)
    return client.post(
        "/graphql/",
        {"query": POST_QUERY, "variables": {"p": path}},
        content_type="application/json",
        **headers,
    )


@contextmanager
def counted_runs():
    """Count the requests that ran GraphQL (``GraphQLView.run``) inside the block."""
    calls = []
    original = GraphQLView.run

    def run(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    with mock.patch.object(GraphQLView, "run", run):
        yield calls


def never_runs():
    return mock.patch.object(GraphQLView, "run", side_effect=AssertionError("GraphQL ran"))


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_repeated_query_is_answered_from_the_cache_byte_for_byte(
    posts, client, django_assert_num_queries, method
):
    path = path_of(posts[0])
    first = ask(client, path, method)
    assert first.json()["data"]["page"]["databaseId"] == posts[0].pk
    with django_assert_num_queries(0), never_runs():
        second = ask(client, path, method)
    assert second.status_code == first.status_code
    assert second.content == first.content
    for name in HEADERS:
        assert second.get(name) == first.get(name), name


def test_a_cached_answer_still_gets_304(posts, client, django_assert_num_queries):
    path = path_of(posts[0])
    etag = ask(client, path)["ETag"]
    with django_assert_num_queries(0):
        response = ask(client, path, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_variables_operation_host_and_media_type_are_part_of_the_key(posts, client):
    ask(client, posts[0])
    other = ask(client, posts[1])
    assert other.json()["data"]["page"]["databaseId"] == posts[1].pk
    with counted_runs() as runs:
        ask(client, posts[0], HTTP_ACCEPT="application/graphql-response+json")
        ask(client, posts[0], HTTP_HOST="other.example")
        variables = f'{{"p": "{path_of(posts[0])}"}}'
        client.get(
            "/graphql/",
            {"query": POST_QUERY.replace("query ", "query Named "), "variables": variables},
        )
    assert len(runs) == 3


def test_publishing_a_page_in_the_answer_drops_it(
    posts, client, django_capture_on_commit_callbacks
):
    ask(client, posts[0])
    posts[0].title = "Changed"
    with django_capture_on_commit_callbacks(execute=True):
        posts[0].save_revision().publish()
    assert ask(client, posts[0]).json()["data"]["page"]["title"] == "Changed"


def test_an_unrelated_publication_keeps_it(
    posts, campaign_tree, client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    path = path_of(posts[0])
    first = ask(client, path)
    organisation = factories.OrganisationPageFactory(parent=campaign_tree.organisations)
    with django_capture_on_commit_callbacks(execute=True):
        posts[1].save_revision().publish()
        organisation.save_revision().publish()
    with django_assert_num_queries(0):
        assert ask(client, path).content == first.content


def test_a_hit_reads_its_tags_versions_only_after_some_tag_changed(
    posts, campaign_tree, client, django_capture_on_commit_callbacks
):
    from frontend_schema import caching

    path = path_of(posts[0])
    first = ask(client, path)
    with mock.patch.object(caching, "_versions", wraps=caching._versions) as versions:
        assert ask(client, path).content == first.content
        assert versions.call_count == 0  # no tag changed since it was stored
        organisation = factories.OrganisationPageFactory(parent=campaign_tree.organisations)
        with django_capture_on_commit_callbacks(execute=True):
            organisation.save_revision().publish()
        assert ask(client, path).content == first.content
        assert versions.call_count == 1  # its tags checked once, unchanged: stamped again
        assert ask(client, path).content == first.content
        assert versions.call_count == 1


def test_a_get_with_a_non_ascii_query_string_has_its_own_key(posts, client):
    ask(client, posts[0])
    path = path_of(posts[0])
    with counted_runs() as runs:
        response = client.get(
            "/graphql/",
            {"query": POST_QUERY + " # é", "variables": f'{{"p": "{path}"}}'},
        )
        again = client.get(
            "/graphql/",
            {"query": POST_QUERY + " # é", "variables": f'{{"p": "{path}"}}'},
        )
    assert response.json()["data"]["page"]["databaseId"] == posts[0].pk
    assert again.content == response.content
    assert len(runs) == 1


def test_lists_are_dropped_when_a_page_of_their_type_is_published(
    posts, campaign_tree, client, django_capture_on_commit_callbacks
):
    query = {"query": "{ posts(first: 10) { edges { node { title } } } }"}
    assert len(client.get("/graphql/", query).json()["data"]["posts"]["edges"]) == 2
    new = factories.CampaignPostPageFactory(parent=campaign_tree.posts, live=False)
    with django_capture_on_commit_callbacks(execute=True):
        new.save_revision().publish()
    assert len(client.get("/graphql/", query).json()["data"]["posts"]["edges"]) == 3


def test_a_changed_counter_drops_the_campaign(
    campaign_tree, client, django_capture_on_commit_callbacks
):
    query = {"query": "{ campaigns { counter { count } } }"}
    client.get("/graphql/", query)
    with django_capture_on_commit_callbacks(execute=True):
        SignatureCount.objects.create(
            campaign=campaign_tree.campaign, count=1234, as_of=datetime.date(2026, 1, 1)
        )
    answer = client.get("/graphql/", query).json()
    assert answer["data"]["campaigns"][0]["counter"]["count"] == 1234


def test_a_changed_image_or_document_drops_the_answers_holding_it(
    campaign_tree, client, django_capture_on_commit_callbacks
):
    image, document = factories.ImageFactory(title="Crowd"), factories.DocumentFactory()
    campaign = campaign_tree.campaign
    campaign.hero_image = image
    campaign.intro = f'<p><a linktype="document" id="{document.pk}">the briefing</a></p>'
    campaign.save()
    query = {
        "query": '{ campaign(slug: "reclaim-your-face") { heroImage { altText } intro { html } } }'
    }
    first = client.get("/graphql/", query).json()["data"]["campaign"]
    assert first["heroImage"]["altText"] == "Crowd"
    with django_capture_on_commit_callbacks(execute=True):
        image.title = "A crowd in Brussels"
        image.save()
    assert client.get("/graphql/", query).json()["data"]["campaign"]["heroImage"] == {
        "altText": "A crowd in Brussels"
    }
    with django_capture_on_commit_callbacks(execute=True):
        document.file.save("renamed.pdf", ContentFile(b"%PDF-1.4 renamed"), save=True)
    html = client.get("/graphql/", query).json()["data"]["campaign"]["intro"]["html"]
    assert "renamed" in html


@pytest.mark.parametrize(
    "params",
    [
        {"query": "{ nope }"},
        {"query": '{ posts(locale: "xx") { totalCount } }'},
    ],
)
def test_errors_are_never_cached(db, client, params):
    with counted_runs() as runs:
        client.get("/graphql/", params)
        client.get("/graphql/", params)
    assert len(runs) == 2


def test_previews_and_authorised_requests_are_never_cached(posts, client):
    from campaign.services import page_preview_create

    preview = page_preview_create(page=posts[0])
    params = {
        "query": "query ($t: String!) { preview(token: $t) { title } }",
        "variables": f'{{"t": "{preview.token}"}}',
    }
    with counted_runs() as runs:
        client.get("/graphql/", params)
        client.get("/graphql/", params)
        ask(client, posts[0], HTTP_AUTHORIZATION="Bearer x")
        ask(client, posts[0], HTTP_AUTHORIZATION="Bearer x")
    assert len(runs) == 4


@override_settings(GRAPHQL_RESPONSE_CACHE=False)
def test_the_setting_turns_it_off(posts, client):
    with counted_runs() as runs:
        ask(client, posts[0])
        ask(client, posts[0])
    assert len(runs) == 2


@pytest.mark.parametrize("response_cache_on", ["shared+local"], indirect=True)
def test_the_local_copy_answers_a_hit_with_one_short_read(posts, client, response_cache_on):
    """With the per-process copy, a repeated hit reads only the generation key from the shared
    cache, never the stored answer again."""
    path = path_of(posts[0])
    first = ask(client, path)
    ask(client, path)  # checked once in the shared cache, then kept locally
    if os.environ.get("REDIS_URL"):
        from frontend_schema.caching import _generation

        deadline = time.monotonic() + 5
        while not _generation._listening and time.monotonic() < deadline:
            time.sleep(0.01)  # the tracking connection subscribes in the background
        ask(client, path)  # the generation, read once more, now kept in memory
    with (
        mock.patch.object(cache, "get_many", side_effect=AssertionError("read the entry")),
        mock.patch.object(cache, "get", wraps=cache.get) as get,
        never_runs(),
    ):
        again = ask(client, path)
    assert again.content == first.content
    reads = [call.args[0] for call in get.call_args_list]
    # With Redis the generation is tracked in memory (cms.cache.TrackedValue): not even that.
    assert reads == ([] if os.environ.get("REDIS_URL") else ["graphql-tag-generation"])


@pytest.mark.parametrize("response_cache_on", ["shared+local"], indirect=True)
def test_the_local_copy_follows_a_publication_made_by_another_process(
    posts, client, response_cache_on, django_capture_on_commit_callbacks
):
    """Another worker's publication changes only the shared cache (tags_invalidate): this
    process's copy must not be served after it."""
    path = path_of(posts[0])
    ask(client, path)
    ask(client, path)
    posts[0].title = "Renamed elsewhere"
    with django_capture_on_commit_callbacks(execute=True):
        posts[0].save_revision().publish()
    with counted_runs() as runs:
        answer = ask(client, path)
    assert runs == [1]
    assert answer.json()["data"]["page"]["title"] == "Renamed elsewhere"
    # What another process does on publishing the page changes the shared cache only: new tag
    # versions and generation (tags_invalidate). That alone stops the local copy.
    ask(client, path)
    tags_invalidate([f"page-{posts[0].pk}"])
    with counted_runs() as runs:
        ask(client, path)
    assert runs == [1]


@pytest.mark.parametrize("response_cache_on", ["shared+local"], indirect=True)
def test_a_large_answer_is_not_kept_locally(posts, client, response_cache_on, settings):
    settings.GRAPHQL_RESPONSE_CACHE_LOCAL_BYTES = 100  # answers over 10 bytes are not kept
    path = path_of(posts[0])
    ask(client, path)
    ask(client, path)
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many, never_runs():
        ask(client, path)
    assert get_many.called  # read from the shared cache again: nothing was kept locally


def test_local_copies_keep_to_their_byte_budget_least_recently_used_first(settings):
    from frontend_schema.caching import LocalCopies

    settings.GRAPHQL_RESPONSE_CACHE_LOCAL_BYTES = 1000
    copies = LocalCopies()
    for name in "abc":
        copies.set(name, {"body": b"x" * 90}, timeout=60)
    copies.get("a")  # now the most recently used
    copies.set("big", {"body": b"x" * 101}, timeout=60)  # over a tenth: not kept
    assert copies.get("big") is None
    for index in range(9):
        copies.set(f"n{index}", {"body": b"x" * 90}, timeout=60)
    # 12 answers of 90 bytes do not fit in 1000: the least recently used one ("b") went.
    assert copies.get("b") is None
    assert all(copies.get(name) is not None for name in ["a", "c", "n0", "n8"])
    copies.set("brief", {"body": b"x"}, timeout=0)
    assert copies.get("brief") is None  # expired


# --- Faults a tester found against a running server, each kind with its test -----------------


def test_an_answer_built_while_something_changed_is_not_kept(posts, client):
    """A publication that commits while an answer is being built (its purge runs before the
    answer is stored) must not leave that answer cached under the new tag versions."""
    path = path_of(posts[0])
    original = GraphQLView.run

    def run_while_a_publication_commits(self, *args, **kwargs):
        response = original(self, *args, **kwargs)
        tags_invalidate([f"page-{posts[0].pk}"])  # what the publication's commit does
        return response

    with mock.patch.object(GraphQLView, "run", run_while_a_publication_commits):
        ask(client, path)
    with counted_runs() as runs:
        ask(client, path)
    assert runs == [1]  # built again: the first answer was not kept
    with never_runs():
        ask(client, path)  # and this one was


def test_an_answer_holding_an_expiring_page_is_fresh_until_then_only(posts, client, settings):
    """Wagtail hides a page from its expiry time on (before `publish_scheduled` unpublishes it):
    the response cache and HTTP caches must not keep an answer holding it past that time."""
    settings.GRAPHQL_GET_MAX_AGE = 3600
    settings.GRAPHQL_GET_S_MAXAGE = 86400
    settings.GRAPHQL_STALE_WHILE_REVALIDATE = 600
    soon = timezone.now() + datetime.timedelta(seconds=100)
    type(posts[0]).objects.filter(pk=posts[0].pk).update(expire_at=soon)
    first = ask(client, posts[0])
    again = ask(client, posts[0])  # from the response cache
    for response in (first, again):
        directives = dict(
            (part.split("=") + [""])[:2] for part in response["Cache-Control"].split(", ")
        )
        assert 95 <= int(directives["max-age"]) <= 100, response["Cache-Control"]
        assert 95 <= int(directives["s-maxage"]) <= 100, response["Cache-Control"]
        assert "stale-while-revalidate" not in directives
    # Past its expiry the entry is gone.
    with (
        mock.patch("frontend_schema.caching.time.time", return_value=time.time() + 101),
        mock.patch("frontend_schema.caching.time.monotonic", return_value=time.monotonic() + 101),
        counted_runs() as runs,
    ):
        ask(client, path_of(posts[1]))  # any request: the clock moved for everything
        ask(client, posts[0])
    assert len(runs) == 2


def test_get_and_post_hits_carry_their_own_cache_control(posts, client):
    """POST answers carry no Cache-Control (only GET answers are public): a GET answered from an
    entry a POST stored is public, and a POST answered from a GET's entry is not."""
    first_post = ask(client, posts[0], method="post")
    assert not first_post.has_header("Cache-Control")
    with never_runs():
        get = ask(client, posts[0])
    assert get["Cache-Control"].startswith("public")
    ask(client, posts[1])  # a GET first
    with never_runs():
        post = ask(client, posts[1], method="post")
    assert not post.has_header("Cache-Control")


def test_a_hit_never_skips_the_persisted_query_rules(posts, client, settings):
    """Once a query's answer is cached, requests that the persisted-query rules refuse are
    still refused: a hash that is not the document's, a version other than 1, a hash alone
    that was never registered, and any hash while persisted queries are off."""
    import hashlib

    path = path_of(posts[0])
    ask(client, path)  # cached as a plain query
    digest = hashlib.sha256(POST_QUERY.encode()).hexdigest()
    variables = f'{{"p": "{path}"}}'

    def send(extensions, query=None):
        params = {"variables": variables, "extensions": json.dumps(extensions)}
        if query is not None:
            params["query"] = query
        return client.get("/graphql/", params)

    wrong = send({"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}, POST_QUERY)
    assert wrong.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    version_2 = send({"persistedQuery": {"version": 2, "sha256Hash": digest}})
    assert version_2.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_SUPPORTED"
    never_registered = send({"persistedQuery": {"version": 1, "sha256Hash": digest}})
    assert never_registered.json()["errors"][0]["extensions"]["code"] == (
        "PERSISTED_QUERY_NOT_FOUND"
    )
    # Registered (hash and document), then answered by hash alone, from the cache too...
    send({"persistedQuery": {"version": 1, "sha256Hash": digest}}, POST_QUERY)
    assert send({"persistedQuery": {"version": 1, "sha256Hash": digest}}).json()["data"]
    with never_runs():
        assert send({"persistedQuery": {"version": 1, "sha256Hash": digest}}).json()["data"]
    # ...until persisted queries are turned off.
    settings.GRAPHQL_PERSISTED_QUERIES = False
    off = send({"persistedQuery": {"version": 1, "sha256Hash": digest}})
    assert off.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_SUPPORTED"


def test_the_scheme_is_part_of_the_key(posts, client):
    """Absolute URLs in an answer follow the request's scheme: an https answer is never served
    to an http request, nor the reverse."""
    with counted_runs() as runs:
        ask(client, posts[0], secure=True)
        ask(client, posts[0])
        ask(client, posts[0], secure=True)
        ask(client, posts[0])
    assert len(runs) == 2


def test_the_two_media_types_of_one_answer_have_different_etags(posts, client):
    """A strong ETag names one representation (RFC 9110 §8.8.3): If-None-Match with the
    application/json answer's tag must not get 304 for application/graphql-response+json."""
    plain = ask(client, posts[0])
    graphql = ask(client, posts[0], HTTP_ACCEPT="application/graphql-response+json")
    assert plain.content == graphql.content
    assert plain["ETag"] != graphql["ETag"]
    again = ask(
        client,
        posts[0],
        HTTP_ACCEPT="application/graphql-response+json",
        HTTP_IF_NONE_MATCH=plain["ETag"],
    )
    assert again.status_code == 200


# --- Translations -------------------------------------------------------------------------------

TRANSLATIONS_QUERY = (
    "query ($p: String!) { page(path: $p) { title translations { title locale } } }"
)


def test_publishing_or_unpublishing_a_translation_drops_the_originals_translations(
    posts, locales, client, django_capture_on_commit_callbacks
):
    post = posts[0]
    german = post.copy_for_translation(locales["de"], copy_parents=True)
    for ancestor in german.get_ancestors().specific().filter(depth__gt=1, live=False):
        ancestor.save_revision().publish()
    german.title = "Auf Deutsch"
    german.save_revision()
    params = {"query": TRANSLATIONS_QUERY, "variables": f'{{"p": "{path_of(post)}"}}'}

    def translations() -> list[dict]:
        return client.get("/graphql/", params).json()["data"]["page"]["translations"]

    assert translations() == []
    with django_capture_on_commit_callbacks(execute=True):
        german.get_latest_revision().publish()
    assert translations() == [{"title": "Auf Deutsch", "locale": "de"}]
    german.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        german.unpublish()
    assert translations() == []


# --- View restrictions --------------------------------------------------------------------------

POSTS_QUERY = {"query": "{ posts(first: 10) { edges { node { databaseId } } } }"}


def listed_posts(client) -> list[int]:
    edges = client.get("/graphql/", POSTS_QUERY).json()["data"]["posts"]["edges"]
    return [edge["node"]["databaseId"] for edge in edges]


@pytest.mark.parametrize(("on", "restriction_type"), [("post", "password"), ("ancestor", "login")])
def test_a_view_restriction_added_or_deleted_drops_the_answers_showing_the_page(
    posts, campaign_tree, client, django_capture_on_commit_callbacks, on, restriction_type
):
    """A restriction on the post or on its index hides it from the list and from its own
    path at once; deleting the restriction shows it again."""
    from wagtail.models import PageViewRestriction

    post = posts[0]
    assert post.pk in listed_posts(client)
    assert ask(client, post).json()["data"]["page"]["databaseId"] == post.pk
    restricted = post if on == "post" else campaign_tree.posts
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=restricted, restriction_type=restriction_type, password="secret"
        )
    assert post.pk not in listed_posts(client)
    assert ask(client, post).json()["data"]["page"] is None
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert post.pk in listed_posts(client)
    assert ask(client, post).json()["data"]["page"]["databaseId"] == post.pk


def test_a_view_restriction_on_the_original_drops_the_answers_about_its_alias(
    posts, campaign_tree, client, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    mirror = factories.StandardPageFactory(parent=campaign_tree.campaign, title="Mirror")
    alias = posts[0].create_alias(parent=mirror, update_slug="aliased-post")
    assert ask(client, alias).json()["data"]["page"]["databaseId"] == alias.pk
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=posts[0], restriction_type="login")
    assert ask(client, alias).json()["data"]["page"] is None


def test_a_collection_view_restriction_drops_the_answers_linking_its_documents(
    campaign_tree, client, django_capture_on_commit_callbacks
):
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.get_first_root_node().add_child(name="Press")
    document = factories.DocumentFactory(collection=collection)
    campaign = campaign_tree.campaign
    campaign.intro = f'<p><a linktype="document" id="{document.pk}">the briefing</a></p>'
    campaign.save()
    query = {"query": '{ campaign(slug: "reclaim-your-face") { intro { html } } }'}

    def intro() -> str:
        return client.get("/graphql/", query).json()["data"]["campaign"]["intro"]["html"]

    assert f"/documents/{document.pk}/" in intro()
    with django_capture_on_commit_callbacks(execute=True):
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type="login"
        )
    assert f"/documents/{document.pk}/" not in intro()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert f"/documents/{document.pk}/" in intro()


# --- The search index ---------------------------------------------------------------------------

SEARCH_QUERY = {"query": '{ search(query: "quokka", first: 10) { edges { node { title } } } }'}
NO_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_search_answers_are_tagged_as_such(posts, client):
    from frontend_schema.caching import SEARCH_TAG

    response = client.get("/graphql/", SEARCH_QUERY)
    assert SEARCH_TAG in response["Cache-Tag"].split(",")
    assert SEARCH_TAG not in ask(client, posts[0])["Cache-Tag"].split(",")


def test_a_search_answered_before_the_index_was_updated_is_dropped_once_it_is(
    campaign_tree, client, django_capture_on_commit_callbacks
):
    """The index is updated by a background task after the publication has committed (and
    purged): a search in between is answered from the old index, and must not stay cached."""
    from wagtail.search.tasks import insert_or_update_object_task

    def titles() -> list[str]:
        edges = client.get("/graphql/", SEARCH_QUERY).json()["data"]["search"]["edges"]
        return [edge["node"]["title"] for edge in edges]

    with override_settings(TASKS=NO_TASKS):  # the worker has not run yet
        post = factories.CampaignPostPageFactory(
            parent=campaign_tree.posts, title="Quokka sightings", live=False
        )
        with django_capture_on_commit_callbacks(execute=True):
            post.save_revision().publish()
    assert titles() == []
    # The worker updates the index.
    with django_capture_on_commit_callbacks(execute=True):
        insert_or_update_object_task.enqueue("campaign", "campaignpostpage", str(post.pk))
    assert titles() == ["Quokka sightings"]


def test_a_deleted_trusted_document_is_refused_though_its_answer_was_cached(
    posts, client, settings, django_capture_on_commit_callbacks
):
    """With trusted documents only, an answer cached for a document's hash must not outlive the
    document's place on the allow-list."""
    import hashlib

    from frontend_schema.models import TrustedDocument

    settings.GRAPHQL_TRUSTED_DOCUMENTS_ONLY = True
    digest = hashlib.sha256(POST_QUERY.encode()).hexdigest()
    trusted = TrustedDocument.objects.create(sha256_hash=digest, document=POST_QUERY)
    params = {
        "variables": f'{{"p": "{path_of(posts[0])}"}}',
        "extensions": json.dumps({"persistedQuery": {"version": 1, "sha256Hash": digest}}),
    }
    assert client.get("/graphql/", params).json()["data"]
    with never_runs():
        assert client.get("/graphql/", params).json()["data"]  # cached
    with django_capture_on_commit_callbacks(execute=True):
        trusted.delete()
    refused = client.get("/graphql/", params).json()
    assert refused["errors"][0]["extensions"]["code"] == "TRUSTED_DOCUMENT_REQUIRED"
