"""GET /: a landing page for people, the same links as JSON for clients that ask for it."""

from django.test import override_settings


def test_browsers_get_a_landing_page_with_the_admin_explorer_and_docs(db, client):
    response = client.get("/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Campaign CMS</h1>" in html
    assert 'href="/admin/"' in html
    assert 'href="/docs/graphql.md"' in html


@override_settings(GRAPHQL_GRAPHIQL=True, FRONTEND_BASE_URL="https://www.example.org")
def test_the_landing_page_links_the_explorer_and_the_front_end_when_there_are_some(db, client):
    html = client.get("/").content.decode()

    assert '<a href="/graphql/">The API explorer (GraphiQL)</a>' in html
    assert 'href="https://www.example.org"' in html


def test_clients_that_prefer_json_get_json(db, client):
    response = client.get("/", HTTP_ACCEPT="application/json")

    assert response.json() == {
        "name": "Campaign CMS",
        "admin": "http://testserver/admin/",
        "graphql": "http://testserver/graphql/",
    }


def test_every_linked_doc_is_served_and_nothing_else(db, client):
    html = client.get("/").content.decode()
    for name in ("graphql.md", "graphql-endpoint.md"):
        assert f'href="/docs/{name}"' in html
        response = client.get(f"/docs/{name}")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert b"# " in b"".join(response.streaming_content)
    assert client.get("/docs/..%2Fpyproject.toml").status_code == 404
    assert client.get("/docs/README.md").status_code == 404
