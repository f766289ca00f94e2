"""What the GraphQL endpoint stores itself: the trusted documents (an allow-list)."""

from django.db import models


class TrustedDocument(models.Model):
    """A GraphQL document a front end's build produced, registered to run by its hash.

    Filled by ``manage.py register_trusted_documents`` from graphql-codegen's persisted-documents
    manifest; read by ``frontend_schema.persisted``. A document never changes under its hash (the
    hash is the SHA-256 of its text), so rows are only ever added.
    """

    sha256_hash = models.CharField(
        "SHA-256 hash",
        max_length=64,
        primary_key=True,
        help_text="The SHA-256 of the document's text, 64 lowercase hexadecimal digits.",
    )
    document = models.TextField(help_text="The GraphQL document, exactly as the client sends it.")
    client_name = models.CharField(
        max_length=100,
        blank=True,
        default="",
        help_text="The front end that registered the document (the command's --client).",
    )
    client_version = models.CharField(
        max_length=100,
        blank=True,
        default="",
        help_text="The front end's version or build (the command's --client-version).",
    )
    created_at = models.DateTimeField(
        auto_now_add=True, help_text="When the document was first registered."
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "trusted GraphQL document"

    def __str__(self) -> str:
        return f"{self.sha256_hash[:12]}… ({self.client_name or 'no client'})"
