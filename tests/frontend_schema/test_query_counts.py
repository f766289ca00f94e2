"""No list makes a query per item: the schema is walked by introspection, so a new field or type
is checked the day it appears.

For every list field and connection of the schema (root or nested, lists of pages, of blocks, of
anything), a query reaches it by the shortest path from the root and selects every field of every
possible item type, recursing to ``DEPTH`` levels of objects with scalar leaves. Each query runs
over a small and a large data set (``SIZES`` pages of every page type, each with images, tags,
related pages, a translation, a parent, children and a body with every block type), after a
warm-up request, and must make the same number of SQL queries. Each SQL query is charged to the
field whose resolver ran last when it was made, so a failure names the field path that grows.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass

import pytest
from django.db import connection
from django.utils import timezone
from graphql import (
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLUnionType,
    build_client_schema,
    is_leaf_type,
)
from strawberry.extensions import SchemaExtension
from wagtail.contrib.redirects.models import Redirect
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Locale, Page, Site

from campaign import factories, models
from campaign.choices import OrganisationRole
from frontend_schema.schema import schema
from participation.choices import SignUpStatus
from participation.models import SupporterSignUp

SIZES = (2, 4)
COUNTRIES = ("BE", "DE", "FR", "IT", "NL", "AT", "ES", "PT", "PL", "SE")
# Levels of objects below a list's items that are selected: enough to reach the fields of the
# things an item points to (a post's parent, its images' renditions, a block's chosen page).
DEPTH = 2
# A word every page's title carries, so that `search` finds pages of every type.
SEARCH_WORD = "coalition"
VIDEO_URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


# --- the data: `size` pages of every page type ---------------------------------------------------


def add_campaigns(root: models.CampaignPage, german: Locale, count: int) -> None:
    """``count`` campaigns below ``root``, each with a page of every type, all translated."""
    for _ in range(count):
        campaign = factories.CampaignPageFactory(parent=root)
        pages = factories.pages_of_every_type(campaign)
        # The organisation wall in every body shows the campaign's lead organisations.
        models.OrganisationPage.objects.descendant_of(campaign).update(role=OrganisationRole.LEAD)
        campaign.add_child(instance=Page(title="Generic page", slug="generic"))
        campaign.intro = "".join(
            f'<p><a linktype="page" id="{page.pk}">{page.title}</a></p>' for page in pages.values()
        )
        campaign.save()
        # A confirmed supporter of the root campaign (the one the walk asks about) from one
        # more country per campaign, so its per-country list grows with the data.
        for target in (root, campaign):
            SupporterSignUp.objects.create(
                campaign=target,
                email=f"supporter-{campaign.pk}-{target.pk}@example.org",
                country=COUNTRIES[SupporterSignUp.objects.filter(campaign=target).count()],
                status=SignUpStatus.CONFIRMED,
                confirmed_at=timezone.now(),
            )
        for post in models.CampaignPostPage.objects.descendant_of(campaign):
            Redirect.objects.create(old_path=f"/old-{post.pk}", redirect_page=post)
        for page in Page.objects.descendant_of(campaign, inclusive=True).specific():
            page.title = f"{page.title} {SEARCH_WORD}"
            page.save()
        for page in Page.objects.descendant_of(campaign, inclusive=True).order_by("path"):
            page.specific.copy_for_translation(german, copy_parents=True)
    # Publishing page by page would take most of the test's time; the rows are what the API reads.
    now = timezone.now()
    Page.objects.filter(locale=german, live=False).update(
        live=True, has_unpublished_changes=False, first_published_at=now, last_published_at=now
    )


# --- the schema, by introspection -------------------------------------------------------------


def named(graphql_type):
    while isinstance(graphql_type, (GraphQLNonNull, GraphQLList)):
        graphql_type = graphql_type.of_type
    return graphql_type


def is_list(graphql_type) -> bool:
    if isinstance(graphql_type, GraphQLNonNull):
        graphql_type = graphql_type.of_type
    return isinstance(graphql_type, GraphQLList)


def is_connection(graphql_type) -> bool:
    graphql_type = named(graphql_type)
    return isinstance(graphql_type, GraphQLObjectType) and {"edges", "pageInfo"} <= set(
        graphql_type.fields
    )


def is_edge(graphql_type) -> bool:
    graphql_type = named(graphql_type)
    return isinstance(graphql_type, GraphQLObjectType) and {"node", "cursor"} <= set(
        graphql_type.fields
    )


def is_abstract(graphql_type) -> bool:
    return isinstance(graphql_type, (GraphQLInterfaceType, GraphQLUnionType))


class Arguments:
    """Values for a field's arguments: optional ones are left to their defaults, except that a
    page holds every item of the larger data set; required ones come from the data."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values

    def fillable(self, field) -> bool:
        return all(
            not isinstance(argument.type, GraphQLNonNull)
            or argument.default is not None
            or isinstance(named(argument.type), GraphQLEnumType)
            or name in self.values
            for name, argument in field.args.items()
        )

    def render(self, field) -> str:
        parts = []
        for name, argument in field.args.items():
            argument_type = named(argument.type)
            if name == "first":
                parts.append("first: 100")
            elif not isinstance(argument.type, GraphQLNonNull) or argument.default is not None:
                continue
            elif isinstance(argument_type, GraphQLEnumType):
                parts.append(f"{name}: {next(iter(argument_type.values))}")
            else:
                parts.append(f"{name}: {self.values[name]!r}".replace("'", '"'))
        return f"({', '.join(parts)})" if parts else ""


@dataclass(frozen=True)
class Step:
    """How a type is reached from its parent: a field, or an inline fragment (field is None)."""

    parent: str
    field: str | None


class Walk:
    """The schema as the test sees it: what is a list, and how to reach and select it."""

    def __init__(self, graphql_schema, arguments: Arguments) -> None:
        self.schema = graphql_schema
        self.arguments = arguments
        self.steps = self._shortest_paths()

    def _shortest_paths(self) -> dict[str, list[Step]]:
        """The shortest path from the root to each object type.

        A field costs 1 and so does an inline fragment, except a connection's ``edges`` and
        ``node``, which cost nothing: ``posts`` reaches ``CampaignPost`` more directly than
        ``campaigns { translations { ... on CampaignPost } }``, whose list holds no post. A path
        through a list wins over a shorter one through single objects only: the list field at its
        end must have many parents.
        """
        query = self.schema.query_type
        paths: dict[tuple[str, bool], list[Step]] = {}
        queue = [(0, 0, query.name, False, [])]
        order = 0
        while queue:
            cost, _, name, through_list, path = heapq.heappop(queue)
            if (name, through_list) in paths:
                continue
            paths[(name, through_list)] = path
            current = self.schema.type_map[name]
            following = []
            if isinstance(current, (GraphQLObjectType, GraphQLInterfaceType)):
                for field_name, field in current.fields.items():
                    if self.arguments.fillable(field):
                        many = is_list(field.type) or is_connection(field.type)
                        free = is_connection(current) or is_edge(current)
                        step = Step(name, field_name)
                        cost_of_step = 0 if free else 1
                        if name == query.name and field_name in ("node", "nodes"):
                            # They hold what they are asked for, not what the data holds: a
                            # route through them would prove nothing about other lists.
                            cost_of_step = 100
                        following.append((step, named(field.type), many, cost_of_step))
            if is_abstract(current):
                for possible in self.schema.get_possible_types(current):
                    following.append((Step(name, None), possible, False, 1))
            for step, target, many, step_cost in following:
                if not is_leaf_type(target):
                    order += 1
                    state = (cost + step_cost, order, target.name, through_list or many)
                    heapq.heappush(queue, (*state, [*path, step]))
        return {name: paths.get((name, True), paths.get((name, False))) for name, _ in paths}

    def types_reachable_from_query(self) -> set[str]:
        """The names of the types a query can select: through fields, interfaces' implementations
        and unions' members, from the Query root."""
        seen: set[str] = set()
        pending = [self.schema.query_type]
        while pending:
            graphql_type = pending.pop()
            if graphql_type.name in seen:
                continue
            seen.add(graphql_type.name)
            if isinstance(graphql_type, (GraphQLObjectType, GraphQLInterfaceType)):
                pending.extend(named(field.type) for field in graphql_type.fields.values())
            if isinstance(graphql_type, GraphQLInterfaceType):
                pending.extend(self.schema.get_possible_types(graphql_type))
            if hasattr(graphql_type, "types"):  # a union
                pending.extend(graphql_type.types)
        return seen

    def list_fields(self) -> list[tuple[str, str]]:
        """Every (type, field) that gives a list of objects or a connection.

        A field an object type has from its interface is checked once, on the interface, over a
        list that mixes every type; lists inside connections (``edges``) belong to the
        connection.
        """
        found = []
        readable = self.types_reachable_from_query()
        for graphql_type in self.schema.type_map.values():
            if graphql_type.name not in readable:
                continue  # a mutation's input or result: no query can select it
            if graphql_type.name.startswith("__") or not isinstance(
                graphql_type, (GraphQLObjectType, GraphQLInterfaceType)
            ):
                continue
            if is_connection(graphql_type) or is_edge(graphql_type):
                continue
            inherited = {name for interface in graphql_type.interfaces for name in interface.fields}
            for name, field in graphql_type.fields.items():
                if name in inherited or is_leaf_type(named(field.type)):
                    continue
                if is_list(field.type) or is_connection(field.type):
                    found.append((graphql_type.name, name))
        return sorted(found)

    def query_for(self, type_name: str, field_name: str) -> str:
        """A query that reaches ``type_name.field_name`` and selects everything below it."""
        parent = self.schema.type_map[type_name]
        field = parent.fields[field_name]
        inner = (
            f"{field_name}{self.arguments.render(field)} "
            f"{{ {self.selection(named(field.type), DEPTH)} }}"
        )
        for step in reversed(self.steps[type_name]):
            if step.field is None:
                inner = f"__typename ... on {type_name} {{ {inner} }}"
            else:
                step_field = self.schema.type_map[step.parent].fields[step.field]
                inner = f"{step.field}{self.arguments.render(step_field)} {{ {inner} }}"
            type_name = step.parent
        return f"{{ {inner} }}"

    def selection(self, graphql_type, depth: int) -> str:
        """Every field of ``graphql_type``, objects ``depth`` levels down, then scalars only.

        Connections and their edges do not count as a level. Abstract types select their
        interface's fields once and every possible type's own fields in an inline fragment,
        aliased by type so that fields of one name and different types never clash.
        """
        parts = ["__typename"]
        if isinstance(graphql_type, GraphQLInterfaceType | GraphQLObjectType):
            parts += self._fields(graphql_type, graphql_type.fields, depth, alias="")
        if is_abstract(graphql_type) and depth > 0:
            shared = set(getattr(graphql_type, "fields", {}))
            for possible in self.schema.get_possible_types(graphql_type):
                own = {n: f for n, f in possible.fields.items() if n not in shared}
                fields = self._fields(possible, own, depth, alias=possible.name)
                if fields:
                    parts.append(f"... on {possible.name} {{ {' '.join(fields)} }}")
        return " ".join(parts)

    def _fields(self, owner, fields: dict, depth: int, alias: str) -> list[str]:
        parts = []
        for name, field in fields.items():
            if not self.arguments.fillable(field):
                continue
            target = named(field.type)
            label = f"{alias}_{name}: {name}" if alias else name
            arguments = self.arguments.render(field)
            if is_leaf_type(target):
                parts.append(f"{label}{arguments}")
            elif is_connection(target) or is_edge(target):
                parts.append(f"{label}{arguments} {{ {self.selection(target, depth)} }}")
            elif depth > 0:
                parts.append(f"{label}{arguments} {{ {self.selection(target, depth - 1)} }}")
        return parts


# --- counting, by field path ---------------------------------------------------------------------


class QueryLog:
    """SQL queries made while a document runs, each charged to the field path (list indexes
    left out) whose resolver started last."""

    def __init__(self) -> None:
        self.path = ("(before any field)",)
        self.counts: Counter = Counter()
        self.errors: list[str] = []
        self.data: dict | None = None
        log = self

        class Recorder(SchemaExtension):
            def resolve(self, _next, root, info, *args, **kwargs):
                keys = []
                path = info.path
                while path is not None:
                    if isinstance(path.key, str):
                        keys.append(path.key)
                    path = path.prev
                log.path = tuple(reversed(keys))
                return _next(root, info, *args, **kwargs)

        self.extension = Recorder

    def __call__(self, execute, sql, params, many, context):
        self.counts[".".join(self.path)] += 1
        return execute(sql, params, many, context)

    def run(self, gql, query: str) -> Counter:
        """The queries by field path; the errors are kept in ``errors``: they fail the test too."""
        gql(query, allow_errors=True)  # warm up: renditions and caches are made on first use
        self.counts = Counter()
        with connection.execute_wrapper(self):
            result = gql(query, allow_errors=True)
        self.errors = sorted(
            {
                ".".join(str(key) for key in error.path or [] if isinstance(key, str))
                + f": {error.message}"
                for error in result.errors
            }
        )
        self.data = result.data
        return self.counts


def holds_items(data, field_name: str) -> bool:
    """Whether a response holds ``field_name`` with at least one item (or edge) somewhere."""
    if isinstance(data, list):
        return any(holds_items(item, field_name) for item in data)
    if not isinstance(data, dict):
        return False
    value = data.get(field_name)
    if isinstance(value, list) and value or isinstance(value, dict) and value.get("edges"):
        return True
    return any(holds_items(item, field_name) for item in data.values())


def growth(small: Counter, large: Counter) -> list[str]:
    return [
        f"{path}: {small[path]} → {large[path]} queries"
        for path in sorted(set(small) | set(large))
        if small[path] != large[path]
    ]


@pytest.fixture
def unlimited(settings):
    """The walk's documents are far larger than a client's; the endpoint's limits stay out."""
    settings.GRAPHQL_MAX_DEPTH = 100
    settings.GRAPHQL_MAX_TOKENS = 10**7
    settings.GRAPHQL_MAX_ALIASES = 10**6
    settings.GRAPHQL_MAX_ERRORS = 1000
    settings.GRAPHQL_MAX_COST = 10**12


def test_no_list_field_makes_a_query_per_item(gql, locales, unlimited, monkeypatch):
    log = QueryLog()
    monkeypatch.setattr(schema, "extensions", (*schema.extensions, log.extension))

    root = factories.CampaignPageFactory(title=f"Reclaim Your Face {SEARCH_WORD}")
    Site.objects.filter(is_default_site=True).update(root_page=root, hostname="localhost")
    Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL),
        type="video",
        html='<iframe src="https://www.youtube-nocookie.com/embed/abc"></iframe>',
    )
    add_campaigns(root, locales["de"], SIZES[0])

    known = gql("{ campaigns { id slug } }").data["campaigns"][0]
    walk = Walk(
        build_client_schema(schema.introspect()),
        Arguments(
            {
                "campaign": known["id"],
                "id": known["id"],
                # nodes(ids:) answers as many items as it is given, not as the data holds.
                "ids": [known["id"]],
                "slug": known["slug"],
                "path": "/",
                "query": SEARCH_WORD,
            }
        ),
    )
    lists = walk.list_fields()
    unreachable = [f"{t}.{f}" for t, f in lists if t not in walk.steps]
    assert not unreachable, f"No path from the root reaches {unreachable}: add argument values"
    # The walk must see the lists this test was written for, or it proves nothing.
    assert {("Query", "pages"), ("Query", "posts"), ("Page", "children")} <= set(lists)

    queries = {f"{t}.{f}": walk.query_for(t, f) for t, f in lists}
    small, errors = {}, {}
    for name, query in queries.items():
        small[name] = log.run(gql, query)
        errors[name] = log.errors
    add_campaigns(root, locales["de"], SIZES[1] - SIZES[0])
    large = {}
    for name, query in queries.items():
        large[name] = log.run(gql, query)
        errors[name] = [f"error at {e}" for e in sorted({*errors[name], *log.errors})]
        if not holds_items(log.data, name.split(".")[1]):
            # An empty list cannot show a query per item: the data must fill every list.
            errors[name].append("the list is empty: give the test data items for it")

    failures = {name: errors[name] + growth(small[name], large[name]) for name in queries}
    failures = {name: paths for name, paths in failures.items() if paths}
    report = "\n".join(
        f"{name} ({sum(small[name].values())} → {sum(large[name].values())} queries):\n  "
        + "\n  ".join(paths)
        for name, paths in failures.items()
    )
    assert not failures, f"Queries grow with the number of items:\n{report}"
