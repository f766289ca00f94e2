"""Sign-in and password forms are throttled: 30 wrong passwords, then the right one, is refused.

The admin's sign-in by django-axes (per user name and IP address); Wagtail's page and document
password forms by ``cms.middleware.PasswordFormThrottleMiddleware`` (per restriction and IP).
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction
from wagtail_factories import CollectionFactory, DocumentFactory

from campaign import factories

PASSWORD = "the right one, 42 times"  # noqa: S105

# The forms' fixtures are requested by name (request.getfixturevalue), which pytest-django cannot
# see when it orders the tests: unmarked, these ran after the transactional tests, whose flush had
# deleted the locales and the site the fixtures need.
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)


def sign_in(client, password, *, username="editor", address="203.0.113.7"):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_the_issues_case_30_wrong_then_the_right_one_is_refused(editor, client):
    for attempt in range(30):
        response = sign_in(client, f"wrong {attempt}")
        assert response.status_code in {200, 429}

    response = sign_in(client, PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    text = response.content.decode()
    assert "Too many failed sign-in attempts" in text
    assert "15 minutes" in text


def test_the_fifth_wrong_password_locks_and_a_success_before_resets(editor, client):
    for attempt in range(4):
        assert sign_in(client, f"wrong {attempt}").status_code == 200
    # The right password before the limit signs in and clears the count.
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for attempt in range(4):
        assert sign_in(client, f"wrong {attempt}").status_code == 200
    assert sign_in(client, "wrong again").status_code == 429
    assert sign_in(client, PASSWORD).status_code == 429


def test_the_lockout_is_per_user_name_and_address(editor, client):
    for attempt in range(5):
        sign_in(client, f"wrong {attempt}")

    # Someone else's address is not locked out of the account, nor is another account.
    assert sign_in(client, PASSWORD, address="198.51.100.2").status_code == 302


def test_behind_the_proxy_the_forwarded_address_counts(editor, client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for attempt in range(5):
        client.post(
            "/admin/login/",
            {"username": "editor", "password": f"wrong {attempt}"},
            REMOTE_ADDR="127.0.0.1",
            # A client's own X-Forwarded-For entry comes first; nginx appends the real address.
            HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}, 203.0.113.7",
        )
    locked = client.post(
        "/admin/login/",
        {"username": "editor", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert locked.status_code == 429
    other = client.post(
        "/admin/login/",
        {"username": "editor", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert other.status_code == 302


# --- Wagtail's password forms ------------------------------------------------------------------


@pytest.fixture
def password_page(campaign_tree):
    page = factories.StandardPageFactory(parent=campaign_tree.campaign, slug="members")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )
    return f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"


@pytest.fixture
def password_document(db):
    collection = CollectionFactory(name="Board", parent=Collection.get_first_root_node())
    restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password=PASSWORD,
    )
    DocumentFactory(collection=collection)
    return f"/documents/authenticate_with_password/{restriction.pk}/"


@pytest.mark.parametrize("form", ["password_page", "password_document"])
def test_30_wrong_passwords_then_the_right_one_is_refused(form, request, client):
    url = request.getfixturevalue(form)

    def attempt(password, address="203.0.113.7"):
        return client.post(url, {"password": password, "return_url": "/"}, REMOTE_ADDR=address)

    # Wagtail answers a wrong password with the form again.
    assert attempt("wrong").status_code == 200
    for number in range(29):
        attempt(f"wrong {number}")

    refused = attempt(PASSWORD)

    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()
    assert int(refused["Retry-After"]) == 15 * 60
    # Another client is not locked out; the right password lets it through.
    assert attempt(PASSWORD, address="198.51.100.2").status_code == 302


@pytest.mark.parametrize("form", ["password_page", "password_document"])
def test_a_right_password_before_the_limit_clears_the_count(form, request, client):
    url = request.getfixturevalue(form)
    for number in range(4):
        client.post(url, {"password": f"wrong {number}", "return_url": "/"})
    assert client.post(url, {"password": PASSWORD, "return_url": "/"}).status_code == 302
    for number in range(4):
        assert (
            client.post(url, {"password": f"wrong {number}", "return_url": "/"}).status_code == 200
        )
