"""How much a GraphQL document asks for, measured in one pass: depth, aliases and cost.

Each measure walks the document once, visiting every fragment once however often it is spread
(the result for a fragment is memoised), so the time they take grows with the size of the
document, never with the size of its expansion: ten spreads of a fragment that spreads another
fragment ten times cost twenty visits, not a hundred. Strawberry's own limiters expand every
spread, and a 660-byte document of seven such levels kept them busy for half a minute.

**Cost** is an upper estimate of how many fields the answer holds. Every field counts 1, and a
list multiplies what is selected inside it by how many items it may hold:

- a connection (``pages``, ``posts``...) by its page size: the literal or variable value of
  ``first`` or ``last``, else GRAPHQL_DEFAULT_PAGE_SIZE, never more than GRAPHQL_MAX_PAGE_SIZE;
- ``nodes(ids:)`` by the number of IDs;
- every other list by its estimate in ``LIST_SIZES`` (a campaign's demands, a page's children...),
  generous numbers for what a real site holds.

On an interface or union, the cost is that of the most expensive type that can stand there, so a
union of eleven block types with eleven inline fragments counts one block, not eleven. A fragment
spread twice in one selection set counts once, as execution merges it. ``__schema`` and ``__type``
count ``INTROSPECTION_COST`` each and nothing below them; graphql-core bounds their nesting.
The endpoint refuses an operation whose cost is above GRAPHQL_MAX_COST before executing it (see
``frontend_schema.extensions.CostLimit`` and docs/graphql-endpoint.md, "Cost and images").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_abstract_type,
    is_list_type,
    value_from_ast_untyped,
)

QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"

# What one `__schema` or `__type` field counts, its whole selection included.
INTROSPECTION_COST = 500

# How many items an unpaginated list is assumed to hold. The key is "Type.field"; an entry for an
# interface ("Page.children") covers every type that implements it. A list field missing here
# makes tests/frontend_schema/test_cost.py fail, so every new list gets an estimate.
LIST_SIZES: dict[str, int] = {
    # Pages around a page.
    "Page.children": 50,  # a menu level; long lists use `pages(filter: {parent:})`
    "Page.translations": 10,  # one per other locale
    # Lists of pages on pages and blocks.
    "Campaign.demands": 30,
    "Query.campaigns": 10,
    "Query.demands": 30,
    "CampaignPost.relatedOrganisations": 20,
    "CampaignPost.relatedSupporters": 20,
    "CampaignPost.relatedDemands": 20,
    "CampaignPost.tags": 20,
    "OpenLetter.signatories": 200,
    "DemandListBlock.demands": 30,
    "OrganisationWallBlock.organisations": 40,
    # StreamField bodies: blocks on one page.
    "Campaign.body": 30,
    "Campaign.callsToAction": 10,
    "CampaignPost.body": 30,
    "Demand.body": 30,
    "StandardPage.body": 30,
    "ActionListBlock.actions": 20,
    # Small lists of values.
    "SignatureCounter.breakdown": 30,  # countries
    "SignatureCounter.history": 100,  # readings: the points of a chart
    "Site.locales": 10,
    # Partners' channels (frontend_schema/partners.py).
    "Campaign.feeds": 3,  # RSS, Atom, JSON Feed
    "SitemapPage.entries": 1000,  # SITEMAP_MAX_PAGE_SIZE, the most `perPage` allows
    "SitemapEntry.alternates": 5,  # the page's other languages and x-default
    # Participation (frontend_schema/participation/).
    "ConsentTexts.texts": 22,  # two purposes and up to MAX_CONSENTS organisations
    "SupporterCounts.byCountry": 250,  # every country code
    "PublicSupporterNames.names": 500,  # PUBLIC_NAMES_MAX, the most `first` allows
    "InvalidInput.errors": 25,  # a few per field, one per consent
    "SupporterSignUpInput.consents": 20,  # an input list (MAX_CONSENTS); listed for completeness
}

# Lists whose size an argument gives. Connections are found by their `first` argument.
MAX_NODE_IDS = 100  # `nodes(ids:)` accepts at most this many (frontend_schema/queries.py)


def list_size_estimate(type_: GraphQLNamedType, field_name: str) -> int | None:
    """The estimate for an unpaginated list field of ``type_``, or None when it has none."""
    for owner in (type_, *getattr(type_, "interfaces", ())):
        size = LIST_SIZES.get(f"{owner.name}.{field_name}")
        if size is not None:
            return size
    return None


def is_connection(type_: GraphQLNamedType) -> bool:
    """Whether ``type_`` is a Relay connection: its ``edges`` hold one page of items."""
    return type_.name.endswith("Connection") and "edges" in getattr(type_, "fields", {})


# --- One pass over a document, each fragment once -------------------------------------------


def fragments_of(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }


def operations_of(document: DocumentNode) -> list[OperationDefinitionNode]:
    return [
        definition
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
    ]


def operation_label(operation: OperationDefinitionNode) -> str:
    return operation.name.value if operation.name else "anonymous"


class FragmentFold:
    """A measure of a selection set summed (or maxed) over its selections, each fragment's
    value computed once.

    ``field`` gives a field's own value from the value of its selection set (``inner``, 0 for a
    leaf), ``combine`` joins the values of sibling selections. A spread of an unknown fragment,
    or of one being measured (a cycle), counts nothing: graphql-core's own rules report those.
    """

    def __init__(
        self,
        document: DocumentNode,
        *,
        field: Callable[[FieldNode, Callable[[], int]], int],
        combine: Callable[[list[int]], int],
    ) -> None:
        self.fragments = fragments_of(document)
        self.field = field
        self.combine = combine
        self.memo: dict[str, int] = {}
        self.active: set[str] = set()

    def selection_set(self, node: SelectionSetNode | None) -> int:
        if node is None:
            return 0
        values = []
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                values.append(
                    self.field(selection, lambda s=selection: self.selection_set(s.selection_set))
                )
            elif isinstance(selection, InlineFragmentNode):
                values.append(self.selection_set(selection.selection_set))
            elif isinstance(selection, FragmentSpreadNode):
                values.append(self.fragment(selection.name.value))
        return self.combine(values)

    def fragment(self, name: str) -> int:
        if name in self.memo:
            return self.memo[name]
        definition = self.fragments.get(name)
        if definition is None or name in self.active:
            return 0
        self.active.add(name)
        value = self.selection_set(definition.selection_set)
        self.active.discard(name)
        self.memo[name] = value
        return value


def _max(values: list[int]) -> int:
    return max(values, default=0)


def operation_depth(document: DocumentNode, operation: OperationDefinitionNode) -> int:
    """How deep selections nest below the root fields (``{ posts { title } }`` is 1).

    Introspection fields (``__schema``...) count 0: graphql-core's rule bounds their nesting.
    """

    def field(node: FieldNode, inner: Callable[[], int]) -> int:
        if node.name.value.startswith("__") or node.selection_set is None:
            return 0
        return 1 + inner()

    return FragmentFold(document, field=field, combine=_max).selection_set(operation.selection_set)


def alias_count(document: DocumentNode) -> int:
    """Aliases in the operations, each fragment's counted as often as it is spread."""

    def field(node: FieldNode, inner: Callable[[], int]) -> int:
        return (1 if node.alias else 0) + inner()

    fold = FragmentFold(document, field=field, combine=sum)
    return sum(fold.selection_set(operation.selection_set) for operation in operations_of(document))


def max_depth_rule(max_depth: int) -> type[ValidationRule]:
    """Refuse an operation nested deeper than ``max_depth`` (strawberry's QueryDepthLimiter's
    rule and message, in linear time)."""

    class MaxDepthRule(ValidationRule):
        def enter_document(self, document: DocumentNode, *_args) -> None:
            for operation in operations_of(document):
                if operation_depth(document, operation) > max_depth:
                    self.report_error(
                        GraphQLError(
                            f"'{operation_label(operation)}' exceeds maximum operation depth "
                            f"of {max_depth}",
                            operation,
                        )
                    )

    return MaxDepthRule


def max_aliases_rule(max_aliases: int) -> type[ValidationRule]:
    """Refuse a document with more than ``max_aliases`` aliases (strawberry's
    MaxAliasesLimiter's rule and message, in linear time)."""

    class MaxAliasesRule(ValidationRule):
        def enter_document(self, document: DocumentNode, *_args) -> None:
            count = alias_count(document)
            if count > max_aliases:
                self.report_error(GraphQLError(f"{count} aliases found. Allowed: {max_aliases}"))

    return MaxAliasesRule


# --- Cost -----------------------------------------------------------------------------------


class CostEstimate:
    """The cost of operations of one document with one set of variables (see the module).

    Values are memoised per (selection set, type, page size), so each fragment is measured once
    for each concrete type it can apply to: linear in the document's size.
    """

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        variables: Mapping[str, Any] | None,
        *,
        default_page_size: int,
        max_page_size: int,
    ) -> None:
        self.schema = schema
        self.fragments = fragments_of(document)
        self.variables = dict(variables or {})
        self.default_page_size = default_page_size
        self.max_page_size = max_page_size
        self.memo: dict[tuple[int, str, int], int] = {}
        self.active: set[tuple[int, str, int]] = set()

    def operation(self, operation: OperationDefinitionNode) -> int:
        root = self.schema.get_root_type(operation.operation)
        if root is None:
            return 0
        # Variables the request leaves out take the operation's defaults.
        for definition in operation.variable_definitions or ():
            name = definition.variable.name.value
            if name not in self.variables and definition.default_value is not None:
                self.variables[name] = value_from_ast_untyped(definition.default_value)
        return self.selection_set(operation.selection_set, root, page=1)

    def selection_set(self, node: SelectionSetNode, type_: GraphQLNamedType, page: int) -> int:
        key = (id(node), type_.name, page)
        if key in self.memo:
            return self.memo[key]
        if key in self.active:  # a fragment cycle: invalid, and reported by validation
            return 0
        self.active.add(key)
        if is_abstract_type(type_):
            value = max(
                (
                    self.selection_set(node, possible, page)
                    for possible in self.schema.get_possible_types(type_)
                ),
                default=0,
            )
        else:
            value = self._concrete(node, type_, page)
        self.active.discard(key)
        self.memo[key] = value
        return value

    def _concrete(self, node: SelectionSetNode, type_: GraphQLNamedType, page: int) -> int:
        total = 0
        spread: set[str] = set()
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, type_, page)
            elif isinstance(selection, InlineFragmentNode):
                if self._applies(selection.type_condition, type_):
                    total += self.selection_set(selection.selection_set, type_, page)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                definition = self.fragments.get(name)
                # Execution merges a fragment spread twice into one selection set.
                if definition is None or name in spread:
                    continue
                spread.add(name)
                if self._applies(definition.type_condition, type_):
                    total += self.selection_set(definition.selection_set, type_, page)
        return total

    def _applies(self, condition, type_: GraphQLNamedType) -> bool:
        if condition is None:
            return True
        condition_type = self.schema.get_type(condition.name.value)
        if condition_type is None:
            return False
        if condition_type.name == type_.name:
            return True
        return is_abstract_type(condition_type) and self.schema.is_sub_type(condition_type, type_)

    def field(self, node: FieldNode, parent: GraphQLNamedType, page: int) -> int:
        name = node.name.value
        if name in ("__schema", "__type"):
            return INTROSPECTION_COST
        if name.startswith("__"):
            return 1
        definition = getattr(parent, "fields", {}).get(name)
        if definition is None:  # unknown field: validation reports it
            return 0
        named = get_named_type(definition.type)
        multiplier = 1
        inner_page = 1
        if is_connection(named):
            inner_page = self.page_size(node)
        elif is_list_type(get_nullable_type(definition.type)):
            multiplier = self.list_size(node, parent, name, page)
        inner = (
            self.selection_set(node.selection_set, named, inner_page)
            if node.selection_set is not None
            else 0
        )
        return multiplier * (1 + inner)

    def list_size(self, node: FieldNode, parent: GraphQLNamedType, name: str, page: int) -> int:
        if is_connection(parent) and name == "edges":
            return page
        if parent.name == self.schema.query_type.name and name == "nodes":
            ids = self.argument(node, "ids")
            return len(ids) if isinstance(ids, list) else MAX_NODE_IDS
        size = list_size_estimate(parent, name)
        # A list without an estimate (tests/frontend_schema/test_cost.py forbids that) counts as
        # a full page, never as one item.
        return self.max_page_size if size is None else size

    def page_size(self, node: FieldNode) -> int:
        sizes = [self.argument(node, "first"), self.argument(node, "last")]
        given = [size for size in sizes if size is not None]
        if not given:
            return self.default_page_size
        if not all(isinstance(size, int) and not isinstance(size, bool) for size in given):
            return self.max_page_size  # a wrong type fails later; assume the worst till then
        return max(0, min(max(given), self.max_page_size))

    def argument(self, node: FieldNode, name: str) -> Any:
        for argument in node.arguments or ():
            if argument.name.value != name:
                continue
            value = argument.value
            if isinstance(value, VariableNode):
                return self.variables.get(value.name.value)
            if isinstance(value, IntValueNode):
                return int(value.value)
            if isinstance(value, ListValueNode):
                return list(value.values)
            return value_from_ast_untyped(value, self.variables)
        return None


def document_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Mapping[str, Any] | None = None,
    operation_name: str | None = None,
) -> int:
    """The cost of the operation of ``document`` that would run (see the module docstring).

    With no ``operation_name``, the most expensive operation of the document.
    """
    from frontend_schema.pagination import default_page_size, max_page_size

    estimate = CostEstimate(
        schema,
        document,
        variables,
        default_page_size=default_page_size(),
        max_page_size=max_page_size(),
    )
    costs = [
        estimate.operation(operation)
        for operation in operations_of(document)
        if operation_name is None or operation_label(operation) == operation_name
    ]
    return max(costs, default=0)


def too_complex_error(cost: int, budget: int) -> GraphQLError:
    """The error of an operation above the budget, with both numbers in its extensions."""
    return GraphQLError(
        f"The query is too complex: its estimated cost is {cost}, and the budget is {budget}. "
        "Ask for fewer items (`first`), fewer nested lists or fewer aliases, or split it into "
        "several queries. docs/graphql-endpoint.md explains how the cost is counted.",
        extensions={"code": QUERY_TOO_COMPLEX, "cost": cost, "budget": budget},
    )


def budget() -> int:
    return settings.GRAPHQL_MAX_COST
