"""PostgreSQL full-text search with one text search configuration per content language."""

from collections import defaultdict
from copy import copy
from functools import reduce
from operator import or_

from wagtail.models import Locale
from wagtail.search.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchQueryCompiler,
)
from wagtail.search.backends.database.postgres.postgres import (
    PostgresSearchBackend as UpstreamPostgresSearchBackend,
)

from campaign.search_backend import LanguageSearchMixin


class LanguageIndex(PostgresIndex):
    """Indexes each object with the configuration of its locale's language.

    Objects without a locale (snippets that are not translatable) get the default configuration.
    """

    def add_items(self, model, objs):
        locale_ids = {getattr(obj, "locale_id", None) for obj in objs} - {None}
        languages = dict(
            Locale.objects.filter(pk__in=locale_ids).values_list("pk", "language_code")
        )
        by_config = defaultdict(list)
        for obj in objs:
            language = languages.get(getattr(obj, "locale_id", None))
            by_config[self.backend.config_for_language(language)].append(obj)
        for config, group in by_config.items():
            # Wagtail's indexer reads the configuration from the backend it is given.
            PostgresIndex(self.backend.with_config(config)).add_items(model, group)


class LanguageQueryCompiler(PostgresSearchQueryCompiler):
    """Parses the query with the configuration of ``language_code``.

    Without a language the query is parsed by every configured language and a document matches
    when any of them matches, since each document was indexed with its own language's stemmer.
    """

    def __init__(self, *args, language_code=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.language_code = language_code

    def get_config(self, backend):
        if self.language_code is None:
            return backend.all_configs()
        return backend.config_for_language(self.language_code)

    def build_tsquery(self, query, config=None):
        if not isinstance(config, tuple):
            return super().build_tsquery(query, config=config)
        build = super().build_tsquery
        return reduce(or_, [build(query, config=each) for each in config])


class PostgresSearchBackend(LanguageSearchMixin, UpstreamPostgresSearchBackend):
    """Wagtail's PostgreSQL backend, with a text search configuration per language.

    Options (in ``WAGTAILSEARCH_BACKENDS``): ``SEARCH_CONFIGS`` maps a language code to the name
    of a PostgreSQL text search configuration; ``SEARCH_CONFIG`` serves any other language and
    ``AUTOCOMPLETE_CONFIG`` (default: ``SEARCH_CONFIG``) the autocomplete column, which must not
    stem. ``search(..., language_code=...)`` parses the query as that language.
    """

    query_compiler_class = LanguageQueryCompiler
    index_class = LanguageIndex

    def __init__(self, params):
        super().__init__(params)
        self.configs = dict(params.get("SEARCH_CONFIGS", {}))
        self.autocomplete_config = params.get("AUTOCOMPLETE_CONFIG", self.config or "simple")

    def config_for_language(self, language_code: str | None) -> str | None:
        """The configuration for ``language_code`` ("de", "de-at"...), else ``SEARCH_CONFIG``."""
        if not language_code:
            return self.config
        if language_code in self.configs:
            return self.configs[language_code]
        return self.configs.get(language_code.split("-")[0], self.config)

    def all_configs(self) -> tuple[str | None, ...]:
        """Every configuration a document may have been indexed with, each once."""
        return tuple(dict.fromkeys([*self.configs.values(), self.config]))

    def with_config(self, config: str | None) -> "PostgresSearchBackend":
        """A copy of this backend that indexes with ``config``."""
        backend = copy(self)
        backend.config = config
        return backend

    def language_options(self, language_code: str | None) -> dict:
        return {"language_code": language_code}
