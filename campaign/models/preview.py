from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class PagePreview(models.Model):
    """An editor's unsaved page content, kept briefly so a front end can render the preview.

    The admin's preview creates one (``campaign.services.page_preview_create``) and hands its
    token to the front end, which asks the API for ``preview(token:)``. Only someone holding the
    token sees the content; tokens expire after ``PREVIEW_TOKEN_MAX_AGE`` seconds.
    """

    token = models.CharField(max_length=64, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    content = models.JSONField(encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "page preview"

    def __str__(self) -> str:
        return f"Preview of {self.content.get('title', '?')}"

    def as_page(self):
        """The previewed page as an unsaved instance of its own class."""
        page = self.content_type.model_class().from_serializable_data(self.content)
        page._is_preview = True
        # Its own identity in the API (node and block IDs), never the live page's.
        page._preview_key = f"preview-{self.pk}"
        return page
