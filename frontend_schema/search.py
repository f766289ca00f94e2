"""Full-text search: the client's text made safe, and results that load only the requested hits.

This module is the one place the API hands user text to the search backend.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cached_property

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from frontend_schema.errors import UserInputError

MAX_QUERY_LENGTH = 200
# A word is a run of letters, digits and underscores in any script; everything else (quotes,
# operators, brackets, NUL...) separates words and never reaches the backend's query syntax.
_WORD = re.compile(r"\w+")
_SURROGATE = re.compile("[\ud800-\udfff]")


def search_words(text: str, *, argument: str = "query") -> str:
    """The words of a client's search text, joined by single spaces, for the search backend.

    Words are runs of Unicode letters, digits and underscores (after NFC normalisation); quotes,
    operators and other punctuation only separate them, so no query syntax of either backend
    (FTS5 or ``to_tsquery``) can be written by a client. Raises ``UserInputError`` (on
    ``argument``) when the text is longer than ``MAX_QUERY_LENGTH`` characters, is not valid
    Unicode (lone surrogates), or has no word at all (empty, spaces, only punctuation).
    """
    if _SURROGATE.search(text):
        raise UserInputError(
            "The search query is not valid Unicode text (it has a lone surrogate).",
            argument=argument,
        )
    if len(text) > MAX_QUERY_LENGTH:
        raise UserInputError(
            f"The search query is longer than {MAX_QUERY_LENGTH} characters.", argument=argument
        )
    words = _WORD.findall(unicodedata.normalize("NFC", text))
    if not words:
        raise UserInputError(
            "The search query has no words to look for (letters or digits).", argument=argument
        )
    return " ".join(words)


class SearchResults(Sequence):
    """A lazy sequence over search results for a visibility-filtered page queryset.

    ``words`` must come from ``search_words``. Every word must match (stemmed and accent-folded
    in ``language_code``'s way on PostgreSQL). Slicing runs the search for that slice only and
    returns the hits as their specific page classes; ``len()`` counts all hits.
    """

    def __init__(self, queryset, words: str, *, language_code: str):
        # The search backends accept filters on indexed fields only, so the visibility rules are
        # applied as an ``id IN (…)`` subquery over ``Page.id``, which every backend indexes.
        self.results = get_search_backend().search(
            words,
            Page.objects.filter(id__in=queryset.values("id")),
            operator="and",
            language_code=language_code,
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
