"""Browsers on the front end's origin may call the API; clean GET answers are cacheable."""

import pytest
from django.test import override_settings


@pytest.mark.django_db
@override_settings(CORS_ALLOWED_ORIGINS=["https://front.example"], CORS_ALLOW_ALL_ORIGINS=False)
def test_preflight_from_an_allowed_origin(client):
    response = client.options(
        "/graphql/",
        HTTP_ORIGIN="https://front.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "https://front.example"
    assert "POST" in response["Access-Control-Allow-Methods"]


@pytest.mark.django_db
@override_settings(CORS_ALLOWED_ORIGINS=["https://front.example"], CORS_ALLOW_ALL_ORIGINS=False)
def test_other_origins_and_other_paths_get_no_cors_headers(client):
    response = client.post(
        "/graphql/",
        {"query": "{ __typename }"},
        content_type="application/json",
        HTTP_ORIGIN="https://evil.example",
    )
    assert "Access-Control-Allow-Origin" not in response
    response = client.get("/admin/login/", HTTP_ORIGIN="https://front.example")
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.django_db
@override_settings(GRAPHQL_GET_MAX_AGE=60)
def test_clean_get_answers_are_cacheable_and_errors_are_not(client):
    response = client.get("/graphql/", {"query": "{ __typename }"})
    assert response.status_code == 200
    assert "max-age=60" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    response = client.get("/graphql/", {"query": '{ posts(locale: "xx") { totalCount } }'})
    assert "max-age" not in response.get("Cache-Control", "")
    response = client.post(
        "/graphql/", {"query": "{ __typename }"}, content_type="application/json"
    )
    assert "max-age" not in response.get("Cache-Control", "")
