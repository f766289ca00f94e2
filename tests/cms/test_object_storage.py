"""Media on S3-compatible object storage (cms/storage.py), against moto's in-process S3.

Images and their renditions land in the bucket with public URLs (on the custom domain when one
is set); documents land there too, but private: their objects grant nobody else a read, the
storage only ever gives presigned, expiring URLs for them, and visitors get them through
Wagtail's document view, which checks the collection's privacy.
"""

import importlib
import sys
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from moto import mock_aws
from wagtail_factories import ImageFactory

from cms.storage import MediaStorage, media_public_origin, media_storage_options

BUCKET = "campaign-media"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture
def aws_environment(monkeypatch):
    """Fake credentials, so that nothing can reach a real account."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)


@pytest.fixture
def bucket(aws_environment, settings):
    """A moto bucket as the default storage, configured as production reads the environment,
    with images on a custom domain (a CDN)."""
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-west-1")
        s3.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "cms.storage.MediaStorage",
                "OPTIONS": media_storage_options(
                    {
                        "AWS_STORAGE_BUCKET_NAME": BUCKET,
                        "AWS_S3_REGION_NAME": "eu-west-1",
                        "AWS_S3_CUSTOM_DOMAIN": "media.example.org",
                    }
                ),
            },
        }
        yield s3


def grantees(s3, key: str) -> set[str]:
    acl = s3.get_object_acl(Bucket=BUCKET, Key=key)
    return {grant["Grantee"].get("URI", "owner") for grant in acl["Grants"]}


def test_an_uploaded_image_and_its_rendition_are_public_objects_in_the_bucket(db, bucket):
    image = ImageFactory(title="Rally", file__filename="rally.png", file__width=400)
    rendition = image.get_rendition("fill-100x100")

    assert image.file.name.startswith("original_images/rally")
    assert rendition.file.name.startswith("images/rally")
    for key in (image.file.name, rendition.file.name):
        assert bucket.head_object(Bucket=BUCKET, Key=key)["ContentLength"] > 0
        assert ALL_USERS in grantees(bucket, key)
    assert rendition.url == f"https://media.example.org/{rendition.file.name}"
    assert "Signature" not in image.file.url


def test_two_uploads_with_one_name_do_not_overwrite_each_other(db, bucket):
    first = ImageFactory(file__filename="logo.png")
    second = ImageFactory(file__filename="logo.png")

    assert first.file.name != second.file.name
    assert bucket.head_object(Bucket=BUCKET, Key=first.file.name)


# The fixture `bucket` comes before `board_minutes` (tests/cms/conftest.py, a document in a
# collection that asks for a login), so that the document is saved in the bucket.
def test_a_document_is_a_private_object_with_a_signed_expiring_url(bucket, board_minutes):
    key = board_minutes.file.name

    assert key.startswith("documents/board-minutes")
    assert bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read() == b"%PDF-1.4 minutes"
    assert grantees(bucket, key) == {"owner"}
    url = urlsplit(board_minutes.file.url)
    query = parse_qs(url.query)
    # Presigned on the bucket's own endpoint, never on the public custom domain.
    assert url.hostname != "media.example.org"
    assert "X-Amz-Signature" in query
    assert query["X-Amz-Expires"] == ["300"]


def test_a_restricted_document_goes_through_the_document_view(
    bucket, board_minutes, client, django_user_model
):
    assert board_minutes.url == f"/documents/{board_minutes.pk}/board-minutes.pdf"

    response = client.get(board_minutes.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]

    client.force_login(django_user_model.objects.create_user("editor", password="x" * 20))
    response = client.get(board_minutes.url)
    assert response.status_code == 200
    # Streamed from the bucket through Django, not a redirect to the object.
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minutes"


def test_without_acls_the_bucket_policy_decides(aws_environment):
    """AWS_DEFAULT_ACL empty: for buckets that refuse ACLs, nothing sends one."""
    storage = MediaStorage(
        **media_storage_options({"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_DEFAULT_ACL": ""})
    )

    assert "ACL" not in storage._get_write_parameters("documents/a.pdf")
    assert "ACL" not in storage._get_write_parameters("images/a.png")


def test_documents_are_private_under_a_location_and_whatever_the_spelling(aws_environment):
    storage = MediaStorage(
        **media_storage_options({"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_LOCATION": "media"})
    )

    assert storage.is_private("documents/a.pdf")
    assert storage.is_private("media/documents/a.pdf")
    assert storage.is_private("images/../documents/a.pdf")
    assert not storage.is_private("images/a.png")
    assert storage._get_write_parameters("media/documents/a.pdf")["ACL"] == "private"
    assert storage._get_write_parameters("media/images/a.png")["ACL"] == "public-read"


@pytest.mark.parametrize(
    ("environment", "origin"),
    [
        ({"AWS_S3_CUSTOM_DOMAIN": "media.example.org"}, "https://media.example.org"),
        ({"AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000"}, "http://127.0.0.1:9000"),
        ({"AWS_S3_REGION_NAME": "eu-central-1"}, f"https://{BUCKET}.s3.eu-central-1.amazonaws.com"),
    ],
)
def test_the_public_origin_of_images(environment, origin):
    options = media_storage_options({"AWS_STORAGE_BUCKET_NAME": BUCKET, **environment})

    assert media_public_origin(options) == origin


def test_production_settings_switch_to_the_bucket_and_allow_its_images_in_the_admin(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "cms.example.org")
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", BUCKET)
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "http://127.0.0.1:9000")
    monkeypatch.setenv("AWS_S3_CUSTOM_DOMAIN", "media.example.org")
    monkeypatch.delenv("SENTRY_DSN", raising=False)
    for name in ("cms.settings.production", "cms.settings.base"):
        sys.modules.pop(name, None)
    try:
        production = importlib.import_module("cms.settings.production")
    finally:
        for name in ("cms.settings.production", "cms.settings.base"):
            sys.modules.pop(name, None)

    default = production.STORAGES["default"]
    assert default["BACKEND"] == "cms.storage.MediaStorage"
    assert default["OPTIONS"]["bucket_name"] == BUCKET
    assert default["OPTIONS"]["endpoint_url"] == "http://127.0.0.1:9000"
    assert default["OPTIONS"]["querystring_auth"] is False
    assert (
        "https://media.example.org"
        in (production.CONTENT_SECURITY_POLICY_PATHS["/admin/"]["img-src"])
    )
    assert production.STORAGES["staticfiles"]["BACKEND"].startswith("whitenoise")
