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

    def __iter__(self):
        return iter(self[0 : len(self)])
