"""Schema extensions: the optimizer, the document caches, the endpoint's limits, the error policy.

``schema_extensions()`` returns classes and factories, which strawberry calls for every request.
Each extension reads its ``GRAPHQL_*`` settings then, so a changed setting (``override_settings``
in a test) needs no new schema. The settings are documented in ``cms/settings/base.py`` and
``docs/graphql-endpoint.md``.
"""

import contextlib
import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import Any

from django.conf import settings
from graphql import GraphQLError, OperationDefinitionNode, ValidationRule, parse, validate
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxTokensLimiter,
    SchemaExtension,
)
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule
from strawberry_django.optimizer import DjangoOptimizerExtension

from campaign.selectors import visibility_snapshot
from frontend_schema.context import request_state, request_visibility_facts
from frontend_schema.cost import (
    document_cost,
    max_aliases_rule,
    max_depth_rule,
    too_complex_error,
)
from frontend_schema.errors import (
    BAD_REQUEST,
    BAD_USER_INPUT,
    PARSE_FAILED,
    VALIDATION_FAILED,
    capped,
    is_client_error,
    unexpected,
    with_code,
    without_suggestions,
    without_values,
)
from frontend_schema.validation import InputPolicy


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
        OperationChoice,
        # After ValidationCache: it measures only documents that passed validation.
        CostLimit,
        InputPolicy,
        VisibilitySnapshot,
        OperationRecord,
    ]


class VisibilitySnapshot(SchemaExtension):
    """Read the visibility facts once per request (from the shared site data) for every
    ``public_pages`` of the execution: see ``campaign.selectors.visibility_snapshot``."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        if context is None:  # a schema check without a request (introspection): no pages
            yield
            return
        with visibility_snapshot(lambda: request_visibility_facts(context)):
            yield


class OperationRecord(SchemaExtension):
    """Record the executed operation's type in the request's ``RequestState.operation_type``, so
    that the view knows a POST was a query (and may be kept by the response cache) without
    parsing its body again."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        if context is not None:
            request_state(context).operation_type = self.execution_context.operation_type
        yield


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
            # Variables refused before execution: their values are not repeated back.
            message = without_values(error.message)
            if message != error.message:
                error = GraphQLError(message, error.nodes, extensions=error.extensions)
            return with_code(error, BAD_USER_INPUT)
        return unexpected(error, mask=self.mask)


class TokenLimit(MaxTokensLimiter):
    """At most GRAPHQL_MAX_TOKENS tokens in a document; the parser stops at the limit."""

    def __init__(self) -> None:
        super().__init__(max_token_count=settings.GRAPHQL_MAX_TOKENS)


class BoundedCache:
    """A thread-safe LRU cache bounded both in entries and in the total weight of its entries.

    ``weight`` is what an entry is charged (the characters of a query's text); an entry heavier
    than the whole budget is computed but never kept. ``hits`` and ``misses`` count lookups.
    """

    def __init__(self, *, max_entries: int, max_weight: int) -> None:
        self.max_entries = max_entries
        self.max_weight = max_weight
        self.entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self.weight = 0
        self.hits = 0
        self.misses = 0
        self.lock = threading.Lock()

    def get(self, key: Hashable, weight: int, compute: Callable[[], Any]) -> Any:
        """The value cached under ``key``, else ``compute()``, kept if it fits."""
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                self.hits += 1
                return self.entries[key][0]
            self.misses += 1
        value = compute()  # outside the lock: parsing and validating may take a while
        if weight > self.max_weight or self.max_entries <= 0:
            return value
        with self.lock:
            if key not in self.entries:
                self.entries[key] = (value, weight)
                self.weight += weight
            while len(self.entries) > self.max_entries or self.weight > self.max_weight:
                _key, (_value, evicted) = self.entries.popitem(last=False)
                self.weight -= evicted
        return value


@functools.cache
def document_cache(max_entries: int, max_weight: int) -> BoundedCache:
    """The process's cache of parsed documents for these bounds, shared by every request."""
    return BoundedCache(max_entries=max_entries, max_weight=max_weight)


@functools.cache
def validation_cache(max_entries: int, max_weight: int) -> BoundedCache:
    """The process's cache of validation results for these bounds, shared by every request."""
    return BoundedCache(max_entries=max_entries, max_weight=max_weight)


def cache_bounds() -> tuple[int, int]:
    return settings.GRAPHQL_DOCUMENT_CACHE_SIZE, settings.GRAPHQL_DOCUMENT_CACHE_BYTES


class ParseCache(SchemaExtension):
    """Parse each distinct document once: at most GRAPHQL_DOCUMENT_CACHE_SIZE documents whose
    texts hold at most GRAPHQL_DOCUMENT_CACHE_BYTES characters together.

    A parsed document takes about 120 bytes of memory per character of its text, so the
    character budget bounds the cache's memory, which a count alone (strawberry's ParserCache)
    does not: a thousand documents of 100 kB would hold gigabytes. A document that does not
    parse is not cached and not parsed here: strawberry parses it again and reports the syntax
    error the normal way, through every on_operation hook.
    """

    def __init__(self) -> None:
        self.cache = document_cache(*cache_bounds())

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        options = context.parse_options
        key = (query, tuple(sorted(options.items())))
        with contextlib.suppress(GraphQLError):
            context.graphql_document = self.cache.get(
                key, len(query or ""), lambda: parse(query, **options)
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
        # Ours, not strawberry's limiters: those expand every fragment spread (exponential time)
        # and crashed on unknown fragments.
        max_depth_rule(max_depth),
        max_aliases_rule(max_aliases),
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
    """Strawberry's ValidationCache, bounded like ParseCache, plus graphql-core's error limit and
    hidden suggestions.

    Strawberry's ValidationCache calls ``validate`` without ``max_errors`` (graphql-core's
    default is 100) or ``hide_suggestions``; this one passes GRAPHQL_MAX_ERRORS and, unless
    GRAPHQL_FIELD_SUGGESTIONS, hides the "Did you mean ...?" hints. Results are keyed by the
    parsed document itself (ParseCache hands out the same object for the same text).
    """

    def __init__(self) -> None:
        self.cache = validation_cache(*cache_bounds())
        self.max_errors = settings.GRAPHQL_MAX_ERRORS
        self.hide_suggestions = not settings.GRAPHQL_FIELD_SUGGESTIONS

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        schema = context.schema._schema
        document = context.graphql_document
        rules = tuple(context.validation_rules)
        key = (schema, document, rules, self.max_errors, self.hide_suggestions)
        weight = len(document.loc.source.body) if document.loc else 0

        def run() -> tuple[GraphQLError, ...]:
            # The two rules strawberry's own validation adds to every document.
            all_rules = (*rules, MaybeNullValidationRule, OneOfInputValidationRule)
            return tuple(
                validate(
                    schema,
                    document,
                    all_rules,
                    max_errors=self.max_errors,
                    hide_suggestions=self.hide_suggestions,
                )
            )

        context.pre_execution_errors = list(self.cache.get(key, weight, run))
        yield


class OperationChoice(SchemaExtension):
    """A document with several operations and no ``operationName`` is a request error, as the
    GraphQL specification's GetOperation says (§6.1, "Executing Requests"): strawberry would
    run the first one."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        # The name the request gave (strawberry's `operation_name` falls back to the first
        # operation's).
        provided = getattr(context, "_provided_operation_name", None)
        if not context.pre_execution_errors and provided is None:
            operations = [
                definition
                for definition in context.graphql_document.definitions
                if isinstance(definition, OperationDefinitionNode)
            ]
            if len(operations) > 1:
                context.pre_execution_errors = [
                    GraphQLError(
                        "The document has several operations: name the one to run in "
                        "`operationName`.",
                        operations,
                        extensions={"code": BAD_REQUEST},
                    )
                ]
        yield


class CostLimit(SchemaExtension):
    """Refuse, before execution, an operation whose cost is above GRAPHQL_MAX_COST.

    The cost (``frontend_schema.cost``) depends on the variables (``first: $n``), so it is
    computed for every request, in time linear in the document. The error carries the cost and
    the budget in its extensions (code ``QUERY_TOO_COMPLEX``).
    """

    def __init__(self) -> None:
        self.budget = settings.GRAPHQL_MAX_COST

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        # Strawberry checks pre_execution_errors inside the validation hooks, so this runs before
        # the yield, after ValidationCache's own code before its yield.
        if not context.pre_execution_errors:
            variables = context.variables if isinstance(context.variables, dict) else None
            cost = document_cost(
                context.schema._schema,
                context.graphql_document,
                variables,
                context.operation_name,
            )
            if cost > self.budget:
                context.pre_execution_errors = [too_complex_error(cost, self.budget)]
        yield
