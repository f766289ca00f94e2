"""Fixtures for the participation tests: a public campaign with two member organisations, a
helper that runs a GraphQL document like the endpoint does, from a given client address, and
``altcha_payload``, which solves a real ALTCHA challenge like the front end's widget."""

from __future__ import annotations

from types import SimpleNamespace

import altcha
import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from strawberry.django.context import StrawberryDjangoContext

from campaign import factories
from frontend_schema.nodes import global_id
from frontend_schema.schema import schema
from participation import protection
from participation.choices import CONSENT_WORDING_VERSION

EMAIL = "Ada.Lovelace@Example.org"
NORMALISED = "ada.lovelace@example.org"

SIGN_UP = """
mutation SignUp($input: SupporterSignUpInput!) {
  supporterSignUp(input: $input) {
    __typename
    ... on SupporterSignUpAccepted { message }
    ... on InvalidInput { errors { field code message } }
    ... on RateLimited { retryAfter message }
  }
}
"""


def altcha_solve(challenge: dict) -> str:
    """The payload the ALTCHA widget sends for ``challenge`` (the JSON of `altchaChallenge`),
    found with the library's own solver: base64 of ``{"challenge": ..., "solution": ...}``."""
    parsed = altcha.Challenge.from_dict(challenge)
    solution = altcha.solve_challenge(parsed, timeout=30)
    assert solution is not None, "the challenge could not be solved"
    return altcha.Payload(parsed, solution).to_base64()


def altcha_payload() -> str:
    """A solved, unspent challenge (a new one at each call)."""
    return altcha_solve(protection.altcha_challenge())


@pytest.fixture(autouse=True)
def empty_private_storage():
    """Every test starts without private files: the database rolls back, the folder not."""
    import shutil
    from pathlib import Path

    from django.core.files.storage import storages

    shutil.rmtree(Path(storages["private"].location) / "organisation-applications", True)


@pytest.fixture
def world(campaign_tree):
    tree = campaign_tree
    organisation = factories.OrganisationPageFactory(parent=tree.organisations, title="EDRi")
    other_campaign = factories.CampaignPageFactory(parent=tree.campaign, title="Other campaign")
    stranger = factories.OrganisationPageFactory(parent=other_campaign, title="Stranger")
    return SimpleNamespace(
        site=tree.site,
        campaign=tree.campaign,
        campaign_id=global_id("Campaign", tree.campaign.pk),
        organisation=organisation,
        organisation_id=global_id("Organisation", organisation.pk),
        other_campaign=other_campaign,
        stranger_id=global_id("Organisation", stranger.pk),
    )


@pytest.fixture
def run(db):
    """``run(document, variables, ip=...)``: the result's data (errors raise, unless
    ``allow_errors=True``, when the whole result is returned)."""

    def execute(document, variables=None, *, ip="192.0.2.1", allow_errors=False):
        request = RequestFactory().post("/graphql/", HTTP_HOST="localhost", REMOTE_ADDR=ip)
        context = StrawberryDjangoContext(request=request, response=HttpResponse())
        result = schema.execute_sync(document, variable_values=variables, context_value=context)
        if allow_errors:
            return result
        assert not result.errors, [error.message for error in result.errors]
        return result.data

    return execute


def sign_up_input(world, **changes) -> dict:
    values = {
        "campaign": world.campaign_id,
        "email": EMAIL,
        "name": "Ada Lovelace",
        "country": "gb",
        "locale": "en",
        "source": "home-page-form",
        "consents": [
            {"purpose": "NEWSLETTER"},
            {"purpose": "SHARE_WITH_ORGANISATION", "organisation": world.organisation_id},
        ],
        "consentTextsVersion": CONSENT_WORDING_VERSION,
    }
    values.update(changes)
    if "altcha" not in values:
        values["altcha"] = altcha_payload()
    return values


@pytest.fixture
def sign_up(run, world, django_capture_on_commit_callbacks):
    """Sign up through the API (the email task runs on commit); returns the answer."""

    def submit(ip="192.0.2.1", **changes):
        with django_capture_on_commit_callbacks(execute=True):
            data = run(SIGN_UP, {"input": sign_up_input(world, **changes)}, ip=ip)
        return data["supporterSignUp"]

    return submit


APPLY = """
mutation Apply($input: OrganisationApplyInput!, $token: String) {
  organisationApply(input: $input, token: $token) {
    __typename
    ... on OrganisationApplicationReceived { message }
    ... on InvalidInput { errors { field code message } }
    ... on InvalidToken { expired message }
    ... on RateLimited { retryAfter message }
  }
}
"""
CONTACT_NAME = "Grace Hopper"
CONTACT_EMAIL = "grace.hopper@digital-rights.example"


def image_bytes(size=(200, 120), image_format="PNG", colour=(200, 30, 60)) -> bytes:
    """A small image file of ``size`` pixels in ``image_format``, made with Pillow."""
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=image_format)
    return buffer.getvalue()


def logo_upload(name="logo.png", content=None, content_type="image/png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, image_bytes() if content is None else content, content_type)


def apply_input(world, **changes) -> dict:
    values = {
        "campaign": world.campaign_id,
        "name": "Digital Rights Lab",
        "website": "https://digital-rights.example",
        "country": "nl",
        "description": "We defend privacy online in the Netherlands.",
        "role": "PARTNER",
        "contactName": CONTACT_NAME,
        "contactEmail": CONTACT_EMAIL,
        "message": "We would love to join. Call me on +31 20 555 0101.",
        "locale": "en",
    }
    values.update(changes)
    if "altcha" not in values:
        values["altcha"] = altcha_payload()
    return values


@pytest.fixture
def apply(run, world, django_capture_on_commit_callbacks):
    """Apply through the API (emails are sent on commit); returns the answer."""

    def submit(ip="192.0.2.1", token=None, **changes):
        with django_capture_on_commit_callbacks(execute=True):
            data = run(APPLY, {"input": apply_input(world, **changes), "token": token}, ip=ip)
        return data["organisationApply"]

    return submit
