"""The signature counter's readings: a dated history of counts, kept apart from the campaign page.

A count changes often and is data, not editorial content: recording a new one must not mean
editing and republishing the campaign's home page. Each reading says how many had signed on a
date and where that can be checked; the latest reading is the counter, all of them its history.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaign.forms import SignatureCountForm


class SignatureCountQuerySet(models.QuerySet):
    def latest_first(self):
        """Newest reading first: by its date (undated readings count as oldest), then entry."""
        return self.order_by(models.F("as_of").desc(nulls_last=True), "-created_at", "-pk")

    def history(self):
        """The dated readings, oldest first: the points of a chart."""
        return self.filter(as_of__isnull=False).order_by("as_of", "created_at", "pk")


class SignatureCount(models.Model):
    """How many had signed on a date. ``count`` is people; ``as_of`` a calendar date."""

    campaign = models.ForeignKey(
        "campaign.CampaignPage",
        on_delete=models.CASCADE,
        related_name="signature_counts",
        help_text="The campaign whose counter this reading updates.",
    )
    count = models.PositiveIntegerField(
        validators=[MinValueValidator(0, message=_("The signature count cannot be below zero."))],
        help_text="How many people had signed on that date. The newest reading is shown "
        "on the front end's counter.",
    )
    as_of = models.DateField(
        null=True,
        blank=True,
        default=timezone.localdate,
        help_text="The date on which the count was true. Clear it only if the date is unknown: "
        "undated readings are left out of the history chart.",
    )
    source_url = models.URLField(
        "source URL",
        blank=True,
        default="",
        help_text="Where the count can be checked, for example the official ECI register. "
        "The front end links to it.",
    )
    note = models.CharField(
        max_length=255,
        blank=True,
        default="",
        help_text="For the team only, never published: how the count was obtained.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = SignatureCountQuerySet.as_manager()
    base_form_class = SignatureCountForm

    class Meta:
        verbose_name = "signature count"
        ordering = ["-as_of", "-created_at"]
        indexes = [models.Index(fields=["campaign", "as_of"])]

    def __str__(self):
        date = self.as_of.isoformat() if self.as_of else "undated"
        return f"{self.count:,} signatures ({date})"

    def clean(self):
        super().clean()
        if self.as_of and self.as_of > timezone.localdate():
            raise ValidationError({"as_of": gettext("A count cannot be dated in the future.")})
