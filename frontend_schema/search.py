"""Full-text search results that load only the requested page of hits, as specific pages."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from wagtail.models import Page


class SearchResults(Sequence):
    """A lazy sequence over Wagtail search results for a visibility-filtered page queryset.

    Slicing it runs the search for that slice only and returns the hits as their specific page
    classes; ``len()`` counts all hits.
    """

    def __init__(self, queryset, query: str):
        # The search backends accept filters on indexed fields only, so the visibility rules are
        # applied as an ``id IN (…)`` subquery over ``Page.id``, which every backend indexes.
        self.results = Page.objects.filter(id__in=queryset.values("id")).search(
            query, operator="and"
        )

    @cached_property
    def _count(self) -> int:
        return self.results.count()

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        hits = list(self.results[item])
        specific = {
            page.pk: page
            for page in Page.objects.filter(pk__in=[hit.pk for hit in hits]).specific()
        }
        return [specific[hit.pk] for hit in hits if hit.pk in specific]

    def ranked_ids(self) -> list[int]:
        """The primary keys of all hits, best match first (for cursors that name a hit)."""
        return [hit.pk for hit in self.results]

    def pages_for(self, ids: list[int]) -> list[Page]:
        """The pages with ``ids`` as their specific classes, in the order of ``ids``."""
        specific = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
        return [specific[pk] for pk in ids if pk in specific]

    def __iter__(self):
        return iter(self[0 : len(self)])
