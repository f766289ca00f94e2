"""Persisted queries on /graphql/: Apollo's automatic persisted queries protocol and trusted
documents, by hand-made requests (frontend_schema/persisted.py, frontend_schema/views.py)."""

import hashlib
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from frontend_schema.models import TrustedDocument
from frontend_schema.persisted import persisted_query_store

pytestmark = pytest.mark.django_db

QUERY = "query Site { site { name } }"
OTHER_QUERY = "{ __typename }"
GRAPHQL_RESPONSE = "application/graphql-response+json"

NOT_FOUND = {
    "errors": [
        {"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}
    ]
}
NOT_SUPPORTED = {
    "errors": [
        {
            "message": "PersistedQueryNotSupported",
            "extensions": {"code": "PERSISTED_QUERY_NOT_SUPPORTED"},
        }
    ]
}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def persisted(document: str = QUERY, *, version=1, sha256_hash=None) -> dict:
    return {"persistedQuery": {"version": version, "sha256Hash": sha256_hash or sha256(document)}}


def get(client, *, query=None, extensions=None, accept=None, **params):
    if query is not None:
        params["query"] = query
    if extensions is not None:
        params["extensions"] = json.dumps(extensions)
    return client.get("/graphql/", params, headers={"Accept": accept} if accept else {})


def post(client, *, query=None, extensions=None, accept=None, operation_name=None):
    body = {
        key: value
        for key, value in (
            ("query", query),
            ("extensions", extensions),
            ("operationName", operation_name),
        )
        if value
    }
    return client.post(
        "/graphql/",
        json.dumps(body),
        content_type="application/json",
        headers={"Accept": accept} if accept else {},
    )


def codes(response) -> list[str]:
    return [error["extensions"]["code"] for error in response.json()["errors"]]


@pytest.fixture
def plain_answer(client, campaign_tree):
    response = post(client, query=QUERY)
    assert response.status_code == 200
    assert "errors" not in response.json()
    return response.json()


# Automatic persisted queries


@pytest.mark.parametrize("send", [get, post])
@pytest.mark.parametrize("accept", [None, GRAPHQL_RESPONSE])
def test_an_unknown_hash_is_answered_as_the_clients_expect(client, send, accept):
    response = send(client, extensions=persisted(), accept=accept)
    # Exactly what Apollo's link (message or code) and urql's exchange (message) match on.
    assert response.json() == NOT_FOUND
    # 400, not 404: a CDN may cache a 404 it was not told about, and keep answering "not found"
    # after the client has sent the document.
    assert response.status_code == 400


@pytest.mark.parametrize("send_document", [get, post])
@pytest.mark.parametrize("send_hash", [get, post])
def test_the_document_sent_with_its_hash_runs_and_then_the_hash_alone_runs_it(
    client, plain_answer, send_document, send_hash
):
    first = send_document(client, query=QUERY, extensions=persisted())
    assert first.status_code == 200
    assert first.json() == plain_answer

    by_hash = send_hash(client, extensions=persisted())
    assert by_hash.status_code == 200
    assert by_hash.json() == plain_answer


def test_a_get_with_the_hash_alone_is_a_short_url_and_cacheable_like_any_get(client, plain_answer):
    post(client, query=QUERY, extensions=persisted())
    response = get(client, extensions=persisted())
    assert response.json() == plain_answer
    assert len(response.request["QUERY_STRING"]) < 200
    assert "public" in response["Cache-Control"]


def test_variables_and_operation_name_travel_with_the_hash(client, campaign_tree):
    document = (
        "query One($first: Int) { posts(first: $first) { totalCount } } query Two { site { name } }"
    )
    # A document of several operations registers with one of them named (GraphQL's
    # GetOperation: without operationName it is a request error), as Apollo's link sends it.
    registered = post(client, query=document, extensions=persisted(document), operation_name="Two")
    assert set(registered.json()["data"]) == {"site"}
    response = get(
        client,
        extensions=persisted(document),
        variables=json.dumps({"first": 1}),
        operationName="One",
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"posts": {"totalCount": 0}}}


def test_the_hash_is_case_insensitive(client, plain_answer):
    post(client, query=QUERY, extensions=persisted())
    response = get(client, extensions=persisted(sha256_hash=sha256(QUERY).upper()))
    assert response.json() == plain_answer


@pytest.mark.parametrize("send", [get, post])
def test_a_document_that_does_not_match_its_hash_is_refused(client, send, plain_answer):
    response = send(client, query=QUERY, extensions=persisted(OTHER_QUERY))
    assert response.status_code == 400
    assert codes(response) == ["BAD_REQUEST"]
    assert "SHA-256" in response.json()["errors"][0]["message"]
    # Nothing is kept under the other document's hash.
    assert get(client, extensions=persisted(OTHER_QUERY)).json() == NOT_FOUND


def test_a_document_that_does_not_validate_is_not_kept(client, db):
    document = "{ noSuchField }"
    response = post(client, query=document, extensions=persisted(document))
    assert codes(response) == ["GRAPHQL_VALIDATION_FAILED"]
    assert get(client, extensions=persisted(document)).json() == NOT_FOUND


@pytest.mark.parametrize("send", [get, post])
@pytest.mark.parametrize("version", [2, 0, None, "1", True])
def test_another_version_is_not_supported(client, send, version):
    response = send(client, query=QUERY, extensions=persisted(version=version))
    assert response.status_code == 400
    assert response.json() == NOT_SUPPORTED


@pytest.mark.parametrize(
    "extensions",
    [
        {"persistedQuery": "abc"},
        {"persistedQuery": {"version": 1}},
        {"persistedQuery": {"version": 1, "sha256Hash": "abc"}},
        {"persistedQuery": {"version": 1, "sha256Hash": 12}},
    ],
)
def test_a_malformed_persisted_query_is_a_bad_request(client, extensions):
    response = get(client, extensions=extensions)
    assert response.status_code == 400
    assert codes(response) == ["BAD_REQUEST"]


@override_settings(GRAPHQL_PERSISTED_QUERIES=False)
@pytest.mark.parametrize("query", [None, QUERY])
def test_turned_off_every_persisted_query_is_not_supported(client, query):
    response = get(client, query=query, extensions=persisted())
    assert response.json() == NOT_SUPPORTED
    # ... and so the clients send plain requests, which still run.
    assert post(client, query=QUERY).status_code == 200


def test_a_mutation_by_hash_is_still_refused_with_get(client):
    document = "mutation { anything }"
    persisted_query_store(sha256_hash=sha256(document), query=document)
    response = get(client, extensions=persisted(document))
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_a_get_without_query_or_extensions_still_needs_a_query(client):
    response = client.get("/graphql/")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "GET requests need a `query` parameter."


@override_settings(GRAPHQL_GRAPHIQL=True)
def test_a_browser_get_with_a_hash_gets_the_answer_not_graphiql(client):
    response = get(client, extensions=persisted(), accept="text/html,*/*;q=0.8")
    assert response.json() == NOT_FOUND


def test_a_registered_document_runs_by_hash_even_when_the_cache_lost_it(client, plain_answer):
    TrustedDocument.objects.create(sha256_hash=sha256(QUERY), document=QUERY)
    assert get(client, extensions=persisted()).json() == plain_answer


# Trusted documents only


@override_settings(GRAPHQL_TRUSTED_DOCUMENTS_ONLY=True)
def test_trusted_only_runs_registered_documents_by_hash_or_by_text(client, plain_answer):
    TrustedDocument.objects.create(sha256_hash=sha256(QUERY), document=QUERY)
    assert get(client, extensions=persisted()).json() == plain_answer
    assert post(client, extensions=persisted()).json() == plain_answer
    assert post(client, query=QUERY).json() == plain_answer
    assert get(client, query=QUERY).json() == plain_answer
    assert post(client, query=QUERY, extensions=persisted()).json() == plain_answer


@override_settings(GRAPHQL_TRUSTED_DOCUMENTS_ONLY=True)
@pytest.mark.parametrize(
    "request_",
    [
        {"query": OTHER_QUERY},
        {"extensions": persisted(OTHER_QUERY)},
        {"query": OTHER_QUERY, "extensions": persisted(OTHER_QUERY)},
    ],
)
@pytest.mark.parametrize("send", [get, post])
def test_trusted_only_refuses_anything_else(client, send, request_):
    TrustedDocument.objects.create(sha256_hash=sha256(QUERY), document=QUERY)
    response = send(client, **request_)
    assert response.status_code == 400
    assert codes(response) == ["TRUSTED_DOCUMENT_REQUIRED"]
    assert "register_trusted_documents" in response.json()["errors"][0]["message"]


@override_settings(GRAPHQL_TRUSTED_DOCUMENTS_ONLY=True)
def test_trusted_only_does_not_run_what_the_apq_cache_holds(client, db):
    persisted_query_store(sha256_hash=sha256(OTHER_QUERY), query=OTHER_QUERY)
    response = get(client, extensions=persisted(OTHER_QUERY))
    assert codes(response) == ["TRUSTED_DOCUMENT_REQUIRED"]


def test_trusted_only_off_runs_any_document(client, plain_answer):
    TrustedDocument.objects.create(sha256_hash=sha256(QUERY), document=QUERY)
    assert post(client, query=OTHER_QUERY).json() == {"data": {"__typename": "Query"}}


# The command


def manifest_file(tmp_path, content) -> str:
    path = tmp_path / "persisted-documents.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return str(path)


def test_the_command_registers_a_codegen_manifest(tmp_path, capsys):
    manifest = {sha256(QUERY): QUERY, sha256(OTHER_QUERY): OTHER_QUERY}
    call_command(
        "register_trusted_documents",
        manifest_file(tmp_path, manifest),
        "--client",
        "web",
        "--client-version",
        "1.2.3",
    )
    assert "Registered 2 new trusted document(s); 0 were registered before." in (
        capsys.readouterr().out
    )
    registered = {row.sha256_hash: row for row in TrustedDocument.objects.all()}
    assert {key: row.document for key, row in registered.items()} == manifest
    assert {(row.client_name, row.client_version) for row in registered.values()} == {
        ("web", "1.2.3")
    }

    call_command("register_trusted_documents", manifest_file(tmp_path, manifest), "--client", "x")
    assert "Registered 0 new trusted document(s); 2 were registered before." in (
        capsys.readouterr().out
    )
    assert set(TrustedDocument.objects.values_list("client_name", flat=True)) == {"web"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "is not JSON"),
        ([QUERY], "must be a JSON object mapping"),
        ({}, "holds no documents"),
        ({sha256(QUERY): 12}, "must be the document's text"),
        ({sha256(OTHER_QUERY): QUERY}, f"its SHA-256 is {sha256(QUERY)}"),
        ({sha256("{ nope }"): "{ nope }"}, "Cannot query field 'nope' on type 'Query'."),
        ({sha256("{ site "): "{ site "}, "Syntax Error"),
    ],
)
def test_the_command_refuses_a_bad_manifest_and_registers_nothing(tmp_path, content, message):
    if isinstance(content, dict) and content:
        content = {sha256(QUERY): QUERY, **content}  # one good document, kept out too
    with pytest.raises(CommandError, match="Nothing was registered") as raised:
        call_command("register_trusted_documents", manifest_file(tmp_path, content))
    assert message in str(raised.value)
    assert not TrustedDocument.objects.exists()


def test_the_command_names_a_missing_manifest(tmp_path):
    with pytest.raises(CommandError, match="Nothing was registered: cannot read the manifest"):
        call_command("register_trusted_documents", str(tmp_path / "missing.json"))


# The admin


def test_the_admin_shows_trusted_documents_read_only(admin_client):
    document = TrustedDocument.objects.create(
        sha256_hash=sha256(QUERY), document=QUERY, client_name="web"
    )
    index = admin_client.get("/admin/trusted_documents/")
    assert index.status_code == 200
    assert sha256(QUERY) in index.content.decode()
    inspect = admin_client.get(f"/admin/trusted_documents/inspect/{document.pk}/")
    assert inspect.status_code == 200
    assert "site { name }" in inspect.content.decode()
    for url in (
        "/admin/trusted_documents/new/",
        f"/admin/trusted_documents/edit/{document.pk}/",
        f"/admin/trusted_documents/delete/{document.pk}/",
    ):
        # Wagtail answers a missing permission with a redirect to the dashboard.
        assert admin_client.get(url).status_code in {302, 403}, url
        assert admin_client.post(url, {"document": "{ __typename }"}).status_code in {302, 403}
    assert TrustedDocument.objects.get().document == QUERY
