"""Schema extensions: the optimizer, the document caches, the endpoint's limits, the error policy.

``schema_extensions()`` returns classes and factories, which strawberry calls for every request.
Each extension reads its ``GRAPHQL_*`` settings then, so a changed setting (``override_settings``
in a test) needs no new schema. The settings are documented in ``cms/settings/base.py`` and
``docs/graphql-endpoint.md``.
"""

import contextlib
import functools
from collections.abc import Callable, Iterator

from django.conf import settings
from graphql import GraphQLError, ValidationRule, validate
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule
from strawberry_django.optimizer import DjangoOptimizerExtension

from frontend_schema.errors import (
    BAD_USER_INPUT,
    PARSE_FAILED,
    VALIDATION_FAILED,
    capped,
    is_client_error,
    unexpected,
    with_code,
    without_suggestions,
)
from frontend_schema.validation import InputPolicy, known_fragments_only


def schema_extensions() -> list[Callable[[], SchemaExtension]]:
    return [
        # First, so that its on_operation hook ends last and sees every other extension's errors.
        ErrorPolicy,
        # Whole rows, not only(): resolvers read fields the optimizer cannot see (a page's
        # path, locale, image ids), and a deferred field would cost one query per item.
        lambda: DjangoOptimizerExtension(enable_only_optimization=False),
        TokenLimit,
        ParseCache,
        LimitRules,
        ValidationCache,
        InputPolicy,
    ]


class ErrorPolicy(SchemaExtension):
    """Give every error a code, mask unexpected ones, hide suggestions, cap how many are returned.

    The code follows from the phase the error arose in: parsing, validation, or execution. In
    execution, an error without a path comes from coercing the variables, before any resolver
    runs; one that a resolver raised as a ``ClientError`` keeps its own code; the rest are
    unexpected. Strawberry has logged the originals before this hook runs.
    """

    def __init__(self) -> None:
        self.mask = settings.GRAPHQL_MASK_ERRORS
        self.suggestions = settings.GRAPHQL_FIELD_SUGGESTIONS
        self.max_errors = settings.GRAPHQL_MAX_ERRORS
        self.phase = "parse"

    def on_parse(self) -> Iterator[None]:
        self.phase = "parse"
        yield

    def on_validate(self) -> Iterator[None]:
        self.phase = "validate"
        yield

    def on_execute(self) -> Iterator[None]:
        self.phase = "execute"
        yield

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        errors = [self.present(error) for error in result.errors]
        if not self.suggestions:
            errors = [without_suggestions(error) for error in errors]
        # Validation stops by itself after GRAPHQL_MAX_ERRORS (see ValidationCache).
        if self.phase == "execute":
            errors = capped(errors, self.max_errors)
        result.errors = errors

    def present(self, error: GraphQLError) -> GraphQLError:
        if self.phase == "parse":
            return with_code(error, PARSE_FAILED)
        if self.phase == "validate":
            return with_code(error, VALIDATION_FAILED)
        if is_client_error(error):
            return error
        if error.path is None:
            return with_code(error, BAD_USER_INPUT)
        return unexpected(error, mask=self.mask)


class TokenLimit(MaxTokensLimiter):
    """At most GRAPHQL_MAX_TOKENS tokens in a document; the parser stops at the limit."""

    def __init__(self) -> None:
        super().__init__(max_token_count=settings.GRAPHQL_MAX_TOKENS)


class ParseCache(ParserCache):
    """Strawberry's ParserCache (GRAPHQL_DOCUMENT_CACHE_SIZE documents) that reports syntax errors.

    Strawberry's own ParserCache raises a syntax error inside the parsing hook, where strawberry
    0.341 does not catch it, so the error would skip every on_operation hook, ErrorPolicy's
    included. Leaving the document unparsed makes strawberry parse it itself and report the error
    the normal way; only an invalid document is parsed twice.
    """

    def __init__(self) -> None:
        super().__init__(maxsize=settings.GRAPHQL_DOCUMENT_CACHE_SIZE)

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        with contextlib.suppress(GraphQLError):
            context.graphql_document = self.cached_parse_document(
                context.query, **context.parse_options
            )
        yield


class LimitRules(AddValidationRules):
    """Depth, aliases and directives limits; no introspection unless GRAPHQL_INTROSPECTION."""

    def __init__(self) -> None:
        super().__init__(
            list(
                limit_rules(
                    max_depth=settings.GRAPHQL_MAX_DEPTH,
                    max_aliases=settings.GRAPHQL_MAX_ALIASES,
                    max_directives=settings.GRAPHQL_MAX_DIRECTIVES,
                    introspection=settings.GRAPHQL_INTROSPECTION,
                )
            )
        )


@functools.cache
def limit_rules(
    *, max_depth: int, max_aliases: int, max_directives: int, introspection: bool
) -> tuple[type[ValidationRule], ...]:
    """The validation rules for a set of limits, built once.

    Strawberry's limiters create a new rule class for every instance; a new class per request
    would make every request miss the validation cache, whose key includes the rules.
    """
    rules = [
        *map(known_fragments_only, QueryDepthLimiter(max_depth=max_depth).validation_rules),
        *MaxAliasesLimiter(max_alias_count=max_aliases).validation_rules,
        max_directives_rule(max_directives),
    ]
    if not introspection:
        rules += DisableIntrospection().validation_rules
    return tuple(rules)


def max_directives_rule(max_directives: int) -> type[ValidationRule]:
    """A rule that refuses documents with more than ``max_directives`` directives.

    Strawberry has no such limiter. Directives are counted where they are written, so a
    fragment's directives count once however often it is spread.
    """

    class MaxDirectivesRule(ValidationRule):
        def __init__(self, context) -> None:
            super().__init__(context)
            self.count = 0

        def enter_directive(self, *_args) -> None:
            self.count += 1

        def leave_document(self, *_args) -> None:
            if self.count > max_directives:
                self.report_error(
                    GraphQLError(f"{self.count} directives found. Allowed: {max_directives}.")
                )

    return MaxDirectivesRule


class ValidationCache(SchemaExtension):
    """Strawberry's ValidationCache, plus graphql-core's error limit and hidden suggestions.

    Strawberry's ValidationCache calls ``validate`` without ``max_errors`` (graphql-core's
    default is 100) or ``hide_suggestions``; this one passes GRAPHQL_MAX_ERRORS and, unless
    GRAPHQL_FIELD_SUGGESTIONS, hides the "Did you mean ...?" hints.
    """

    def __init__(self) -> None:
        self.validate = cached_validate(settings.GRAPHQL_DOCUMENT_CACHE_SIZE)
        self.max_errors = settings.GRAPHQL_MAX_ERRORS
        self.hide_suggestions = not settings.GRAPHQL_FIELD_SUGGESTIONS

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        context.pre_execution_errors = list(
            self.validate(
                context.schema._schema,
                context.graphql_document,
                context.validation_rules,
                self.max_errors,
                self.hide_suggestions,
            )
        )
        yield


@functools.cache
def cached_validate(maxsize: int):
    """A ``validate`` with an LRU cache of ``maxsize`` documents, shared by every request."""

    @functools.lru_cache(maxsize=maxsize)
    def validate_document(schema, document, rules, max_errors, hide_suggestions) -> tuple:
        # The two rules strawberry's own validation adds to every document.
        rules = (*rules, MaybeNullValidationRule, OneOfInputValidationRule)
        errors = validate(
            schema, document, rules, max_errors=max_errors, hide_suggestions=hide_suggestions
        )
        return tuple(errors)

    return validate_document
