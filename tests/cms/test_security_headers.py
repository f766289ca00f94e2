"""Every response carries a Content-Security-Policy and a Permissions-Policy: strict on the API,
the landing page and the docs; what Wagtail's admin needs on the admin; overridable per view."""

import pytest
from csp.decorators import csp_replace
from django.http import HttpResponse
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path
from django.views.decorators.clickjacking import xframe_options_exempt

from campaign import factories


def policy(response) -> dict[str, set[str]]:
    """The response's Content-Security-Policy as directive → sources."""
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = set(sources)
    return directives


def assert_strict(response):
    directives = policy(response)
    assert directives["default-src"] == {"'none'"}
    assert directives["frame-ancestors"] == {"'none'"}
    assert directives["base-uri"] == {"'none'"}
    for name, sources in directives.items():
        # Nothing loosens a strict policy beyond the page's own nonce and files.
        assert not sources & {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"}, name
        assert "script-src" not in directives


def test_the_api_is_strict(campaign_tree, client):
    for response in (
        client.post("/graphql/", {"query": "{ __typename }"}, content_type="application/json"),
        client.get("/graphql/", {"query": "{ __typename }"}, HTTP_ACCEPT="application/json"),
        client.post("/graphql/", "not json", content_type="application/json"),
        client.put("/graphql/"),
    ):
        assert set(policy(response)) == {
            "default-src",
            "frame-ancestors",
            "base-uri",
            "form-action",
        }
        assert_strict(response)
        assert "Permissions-Policy" in response


def test_the_landing_page_and_docs_are_strict(db, client):
    home = client.get("/", HTTP_ACCEPT="text/html")
    assert_strict(home)
    # Its one inline style element, by nonce.
    nonce = next(s for s in policy(home)["style-src"] if s.startswith("'nonce-"))
    assert f'<style nonce="{nonce[7:-1]}">' in home.content.decode()
    assert_strict(client.get("/", HTTP_ACCEPT="application/json"))
    assert_strict(client.get("/docs/graphql.md"))


def test_graphiql_has_what_it_needs_and_no_more(db, client, settings):
    settings.GRAPHQL_GRAPHIQL = True
    directives = policy(client.get("/graphql/", HTTP_ACCEPT="text/html"))
    assert directives["script-src"] == {"'self'"}
    assert directives["connect-src"] == {"'self'"}
    assert directives["frame-ancestors"] == {"'none'"}


def test_pages_on_the_cms_host_are_strict(campaign_tree, client):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug="a-post")
    response = client.get("/news/a-post/", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert_strict(response)
    nonce = next(s for s in policy(response)["style-src"] if s.startswith("'nonce-"))
    assert f'<style nonce="{nonce[7:-1]}">' in response.content.decode()
    assert post.pk


def test_the_admin_gets_the_admin_policy(db, admin_client):
    for url in ("/admin/login/", "/admin/", "/admin/images/"):
        directives = policy(admin_client.get(url))
        assert directives["default-src"] == {"'self'"}
        assert directives["frame-ancestors"] == {"'self'"}  # page previews
        assert directives["object-src"] == {"'none'"}
        assert "*" not in set().union(*directives.values())


def _parameterless_paths(resolver=None, prefix=""):
    """Every URL of the project without a parameter, by walking the URL configuration."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if "<" in route or "(" in route or "\\" in route:
            continue
        route = route.lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            yield from _parameterless_paths(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            yield "/" + (prefix + route).lstrip("/")


def test_every_response_has_both_headers(campaign_tree, client, admin_client):
    """Every URL without parameters, anonymous and signed in, and a 404."""
    paths = sorted(set(_parameterless_paths())) + ["/no/such/page/"]
    assert "/graphql/" in paths and "/admin/" in paths
    # Server errors too (the admin has a view that raises one on purpose).
    client.raise_request_exception = admin_client.raise_request_exception = False
    for path_ in paths:
        for who in (client, admin_client):
            response = who.get(path_, HTTP_HOST="localhost")
            assert "Content-Security-Policy" in response, (path_, response.status_code)
            assert response["Permissions-Policy"].startswith("accelerometer=()"), path_


def test_permissions_policy_turns_off_unused_features(db, client):
    header = client.get("/")["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in header


# A view of another helper's kind: an embeddable widget, framed by any site.
@csp_replace({"frame-ancestors": ["*"]})
@xframe_options_exempt
def widget(request):
    return HttpResponse("<p>widget</p>")


urlpatterns = [path("widget/", widget)]


@override_settings(ROOT_URLCONF=__name__)
def test_a_view_may_choose_its_own_policy(db, client):
    response = client.get("/widget/")
    directives = policy(response)
    assert directives["frame-ancestors"] == {"*"}
    assert directives["default-src"] == {"'none'"}
    assert "X-Frame-Options" not in response


@pytest.mark.parametrize("url", ["/", "/docs/graphql.md"])
def test_production_keeps_the_strict_policy_under_debug_off(url, db, client, settings):
    settings.DEBUG = False
    assert_strict(client.get(url))


def test_the_admin_sends_no_editor_email_hash_to_gravatar(admin_client):
    from wagtail.users.utils import get_gravatar_url

    assert get_gravatar_url("editor@example.org") is None
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert b"gravatar" not in response.content.lower()
    assert "gravatar" not in response.headers.get("Content-Security-Policy", "")
