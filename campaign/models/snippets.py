import re

from django.db import models
from wagtail.search import index


class PoliticalGroup(index.Indexed, models.Model):
    """A political group of the European Parliament (for example Greens/EFA)."""

    name = models.CharField(
        max_length=255,
        unique=True,
        help_text="The group's full name: 'Greens/European Free Alliance'.",
    )
    short_name = models.CharField(
        max_length=50,
        unique=True,
        help_text="The short form used in lists and badges: 'Greens/EFA'.",
    )
    website = models.URLField(
        blank=True,
        default="",
        help_text="The group's own website; front ends link the group's name there. Leave empty "
        "for no link.",
    )

    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        index.SearchField("search_words"),
        index.AutocompleteField("name"),
        index.AutocompleteField("short_name"),
    ]

    class Meta:
        ordering = ["short_name"]
        verbose_name = "political group"

    def __str__(self) -> str:
        return self.short_name

    def search_words(self) -> str:
        """Both names as separate words, for the search index.

        PostgreSQL's parser reads 'Greens/EFA' as one path-like token, so a search for 'Greens'
        would not find the group (or its MEPs) without this.
        """
        return " ".join(re.split(r"[/\\]+", f"{self.name} {self.short_name}"))
