"""Media on S3-compatible object storage: public images, private documents, one bucket.

Wagtail stores every upload through the default storage: original images under
``original_images/``, renditions under ``images/``, documents under ``documents/``
(``upload_to`` of ``wagtail.images.models.AbstractImage``, ``AbstractRendition`` and
``wagtail.documents.models.AbstractDocument``). Images are published as they are, so their URLs
are plain public URLs (the bucket's endpoint or ``AWS_S3_CUSTOM_DOMAIN``, for a CDN). Documents
may sit in a collection that asks for a login or a password, so they must never be readable at
a public URL: Wagtail's document view (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``) checks the
collection's privacy and streams the file through Django. Their objects are written with the
``private`` ACL, and any URL the storage gives for them is a presigned one that expires.
"""

import os
import posixpath
from collections.abc import Mapping
from typing import Any

from storages.backends.s3 import S3Storage
from storages.utils import clean_name

# Wagtail's upload folder for documents (wagtail.documents.models.AbstractDocument.file).
PRIVATE_FOLDERS = ("documents/",)


def media_storage_options(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """The ``OPTIONS`` of ``STORAGES["default"]`` for :class:`MediaStorage`, read from
    ``environ``: ``AWS_STORAGE_BUCKET_NAME`` (required), ``AWS_S3_ENDPOINT_URL`` (for stores
    other than AWS: MinIO, Ceph, moto...), ``AWS_S3_REGION_NAME``, ``AWS_S3_CUSTOM_DOMAIN`` (a
    host name, no scheme: the CDN or public host of images), ``AWS_LOCATION`` (a key prefix),
    ``AWS_DEFAULT_ACL`` (``public-read`` unless set; empty sends no ACLs at all, for buckets
    that refuse them, and leaves access to the bucket policy), ``AWS_QUERYSTRING_EXPIRE``
    (seconds a presigned document URL stays valid, default 300), ``AWS_S3_CONNECT_TIMEOUT`` and
    ``AWS_S3_READ_TIMEOUT`` (seconds, default 2 and 30). The credentials
    ``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY`` are not copied into settings:
    boto3 reads them from the environment itself (or uses the machine's role).

    Raises ``ValueError`` when a number is not one.
    """
    from botocore.config import Config

    acl = environ.get("AWS_DEFAULT_ACL", "public-read")
    return {
        "bucket_name": environ["AWS_STORAGE_BUCKET_NAME"],
        "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("AWS_S3_REGION_NAME") or None,
        "custom_domain": environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
        "location": environ.get("AWS_LOCATION", ""),
        "default_acl": acl or None,
        # Image URLs are public and stable (cacheable by the API's clients and CDNs); documents
        # get presigned URLs from MediaStorage.url whatever this says.
        "querystring_auth": False,
        "querystring_expire": int(environ.get("AWS_QUERYSTRING_EXPIRE", "300")),
        # Two uploads called "logo.png" must not overwrite each other (django-storages'
        # default does); Django then appends a suffix, as on the file system.
        "file_overwrite": False,
        # A store that does not answer must not hold a request (or a readiness probe) for
        # botocore's default of 60 seconds per attempt.
        "client_config": Config(
            connect_timeout=float(environ.get("AWS_S3_CONNECT_TIMEOUT", "2")),
            read_timeout=float(environ.get("AWS_S3_READ_TIMEOUT", "30")),
            retries={"mode": "standard", "max_attempts": 2},
            # Presigned document URLs with Signature Version 4 (X-Amz-Expires); version 2 is
            # deprecated and refused by newer regions.
            signature_version="s3v4",
        ),
    }


def media_public_origin(options: Mapping[str, Any]) -> str:
    """The scheme and host that public image URLs of :func:`media_storage_options` start with,
    such as ``https://media.example.org``, for the Content-Security-Policy's ``img-src``."""
    if options.get("custom_domain"):
        return f"https://{options['custom_domain']}"
    if options.get("endpoint_url"):
        return "/".join(options["endpoint_url"].split("/", 3)[:3])
    region = options.get("region_name") or "us-east-1"
    return f"https://{options['bucket_name']}.s3.{region}.amazonaws.com"


class MediaStorage(S3Storage):
    """django-storages' S3 backend with documents kept private.

    Objects under :data:`PRIVATE_FOLDERS` are written with the ``private`` ACL (when the storage
    sends ACLs at all, ``default_acl``) and their :meth:`url` is presigned with the credentials,
    expiring after ``querystring_expire`` seconds, never on ``custom_domain``; every other object
    gets ``default_acl`` and a plain public URL. Takes the options of
    :func:`media_storage_options`.
    """

    def __init__(self, **settings: Any):
        super().__init__(**settings)
        # Same bucket and credentials, but signing: an instance of its own rather than a
        # temporary change of attributes, which concurrent threads would see.
        self._signing = S3Storage(**{**settings, "querystring_auth": True, "custom_domain": None})

    def is_private(self, name: str) -> bool:
        """Whether ``name`` (relative to the storage's location, or the full key) is a
        document."""
        key = clean_name(name).lstrip("/")
        location = clean_name(self.location).strip("/")
        if location and key.startswith(location + "/"):
            key = key[len(location) + 1 :]
        key = posixpath.normpath(key)
        return any(key.startswith(folder) for folder in PRIVATE_FOLDERS)

    def get_object_parameters(self, name: str) -> dict[str, Any]:
        parameters = super().get_object_parameters(name)
        if self.default_acl and self.is_private(name):
            parameters["ACL"] = "private"
        return parameters

    def url(self, name, parameters=None, expire=None, http_method=None):
        if self.is_private(name):
            return self._signing.url(name, parameters, expire, http_method)
        return super().url(name, parameters, expire, http_method)
