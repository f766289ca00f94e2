"""SQLite FTS5 search that accepts (and does not need) the language of the query."""

from wagtail.search.backends.database.sqlite.sqlite import (
    SQLiteSearchBackend as UpstreamSQLiteSearchBackend,
)

from campaign.search_backend import LanguageSearchMixin


class SQLiteSearchBackend(LanguageSearchMixin, UpstreamSQLiteSearchBackend):
    """Wagtail's SQLite backend; ``language_code`` is accepted for the same call as PostgreSQL.

    FTS5's ``unicode61`` tokenizer already folds case and removes diacritics for every language,
    and it has no stemmer, so the language changes nothing here.
    """
