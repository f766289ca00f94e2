"""The search backend: Wagtail's database backend, with each content language's own matching.

``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "campaign.search_backend"`` picks, like
``wagtail.search.backends.database``, the implementation for the default database:

- PostgreSQL: full-text search with one text search configuration per content language
  (``SEARCH_CONFIGS``, language code -> configuration; ``SEARCH_CONFIG`` for any other language).
  A page is indexed with its locale's configuration and a query is parsed with the configuration
  of the language it is searched in, so both sides stem the same way. The configurations are
  created by the migration ``campaign.0009_search_text_configurations``: the language's
  Snowball stemmer after the ``unaccent`` dictionary, so matching ignores case and accents.
- SQLite: FTS5, whose ``unicode61`` tokenizer folds case and accents in every language and
  does not stem.

Both accept ``backend.search(..., language_code="de")``; without it PostgreSQL matches a query
parsed by any configured language (what the Wagtail admin needs: it searches every locale).
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from wagtail.search.backends import database


class LanguageSearchMixin:
    """Adds ``language_code`` to a Wagtail search backend's ``search()``.

    ``search(query, model_or_queryset, fields=None, operator=None, order_by_relevance=True, *,
    language_code=None)`` passes ``language_options(language_code)`` to the query compiler.
    """

    def search(
        self,
        query,
        model_or_queryset,
        fields=None,
        operator=None,
        order_by_relevance=True,
        *,
        language_code=None,
    ):
        return self._search(
            self.query_compiler_class,
            query,
            model_or_queryset,
            fields=fields,
            operator=operator,
            order_by_relevance=order_by_relevance,
            **self.language_options(language_code),
        )

    def language_options(self, language_code: str | None) -> dict:
        """Extra keyword arguments for the query compiler; none unless the backend stems."""
        return {}


def SearchBackend(params):  # noqa: N802 (the name Wagtail's backend loader looks up)
    """The language-aware backend for the default database (PostgreSQL or SQLite with FTS5)."""
    if connection.vendor == "postgresql":
        from campaign.search_backend.postgres import PostgresSearchBackend

        return PostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from wagtail.search.backends.database.sqlite.sqlite import (
            SQLiteSearchBackend as UpstreamSQLiteSearchBackend,
        )

        # Wagtail's factory checks that FTS5 and its index table exist.
        if isinstance(database.SearchBackend(params), UpstreamSQLiteSearchBackend):
            from campaign.search_backend.sqlite import SQLiteSearchBackend

            return SQLiteSearchBackend(params)
    raise ImproperlyConfigured(
        "campaign.search_backend needs PostgreSQL, or SQLite with the FTS5 extension."
    )
