"""Relay connections whose cursors point at items, with exact totals and precise errors.

Cursors follow the Relay Cursor Connections specification
(https://relay.dev/graphql/connections.htm) by *keyset pagination*: a cursor holds the values of
its item's sort key (the list's ordering, which always ends with the primary key, so every key is
unique), never a position. ``after: c`` returns the items that sort after ``c``'s item, so
publishing or unpublishing items between two requests neither repeats nor skips any item that
stayed in the list. A cursor is opaque to the client: base64 of ``cursor:`` followed by JSON
``{"o": <ordering>, "v": [<key values>]}``; a cursor that does not decode, was made for another
list or ordering, or holds values of the wrong type is a ``BAD_USER_INPUT`` error.

Lists that are not querysets (search hits, ranked by relevance) use the item's primary key as the
cursor and find it again in the current ranking; see ``_ranked_page``.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import strawberry
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections
from django.db.models import Count, F, Field, OrderBy, Q, QuerySet
from django.db.models import Window as WindowExpression
from strawberry import Info, relay
from strawberry.types.nodes import SelectedField
from strawberry_django.fields.field import StrawberryDjangoConnectionExtension

from frontend_schema.batching import register_group
from frontend_schema.errors import UserInputError
from frontend_schema.validation import text_problem

CURSOR_PREFIX = "cursor:"
RANKED_ORDERING = "rank"


def default_page_size() -> int:
    return getattr(settings, "GRAPHQL_DEFAULT_PAGE_SIZE", 20)


def max_page_size() -> int:
    return getattr(settings, "GRAPHQL_MAX_PAGE_SIZE", 100)


# --- Cursors --------------------------------------------------------------------------------


def cursor_encode(ordering: str, values: Sequence[Any]) -> str:
    """The opaque cursor for an item whose sort key has ``values`` in ``ordering``."""
    payload = json.dumps({"o": ordering, "v": list(values)}, separators=(",", ":"))
    return base64.b64encode(f"{CURSOR_PREFIX}{payload}".encode()).decode("ascii")


def cursor_decode(cursor: str, ordering: str, *, argument: str) -> list[Any]:
    """The sort-key values in ``cursor``, which must have been made for ``ordering``.

    Raises ``UserInputError`` naming ``argument`` when the cursor is not one of ours (not
    base64, not JSON, another prefix) or belongs to another list or ordering. The values are
    still raw JSON; the caller checks their types.
    """
    try:
        text = base64.b64decode(cursor.encode("ascii"), validate=True).decode("utf-8")
        if not text.startswith(CURSOR_PREFIX):
            raise ValueError("not a cursor")
        payload = json.loads(text[len(CURSOR_PREFIX) :])
        if not isinstance(payload, dict) or not isinstance(payload.get("v"), list):
            raise ValueError("not a cursor")
    except (ValueError, UnicodeError, binascii.Error):
        raise _bad_cursor(argument) from None
    if payload.get("o") != ordering:
        raise UserInputError(
            f"The cursor in '{argument}' belongs to another list or ordering. Cursors are only "
            "valid for the list and `orderBy` they came from.",
            argument=argument,
        )
    return payload["v"]


def _bad_cursor(argument: str, detail: str = "") -> UserInputError:
    return UserInputError(
        f"The cursor in '{argument}' is not valid{detail}. Use a cursor from a previous "
        "response's edges or pageInfo, unchanged.",
        argument=argument,
    )


# --- Keyset pagination over a queryset ------------------------------------------------------


@dataclass(frozen=True)
class SortKey:
    """One column of a list's ordering: its field, direction and where nulls sort."""

    field: Field
    descending: bool
    nulls_last: bool

    @property
    def lookup(self) -> str:
        return "pk" if self.field.primary_key else self.field.name

    @property
    def label(self) -> str:
        return ("-" if self.descending else "") + self.lookup + ("" if self.nulls_last else "~")

    def value_of(self, instance) -> Any:
        """The JSON value of this column for ``instance``: an integer, a string or None."""
        value = getattr(instance, self.field.attname)
        if value is None or isinstance(value, int):
            return value
        # The field's own text form (ISO dates at full precision, a country's code...), which
        # ``parse`` reads back with ``to_python``.
        return self.field.value_to_string(instance)

    def parse(self, raw: Any, argument: str) -> Any:
        """A cursor's JSON value as a value of the field; ``UserInputError`` if it is not one."""
        if raw is None:
            if not self.field.null:
                raise _bad_cursor(argument)
            return None
        field = self.field
        while field.is_relation:  # a multi-table child's primary key points at its parent's
            field = field.target_field
        internal = field.get_internal_type()
        if internal.endswith(("IntegerField", "AutoField")):
            if not isinstance(raw, int) or isinstance(raw, bool):
                raise _bad_cursor(argument)
            low, high = connections["default"].ops.integer_field_range(internal)
            if (low is not None and raw < low) or (high is not None and raw > high):
                raise _bad_cursor(argument)
            return raw
        if not isinstance(raw, str):
            raise _bad_cursor(argument)
        try:
            value = field.to_python(raw)
        except (ValidationError, ValueError, TypeError, OverflowError):
            raise _bad_cursor(argument) from None
        if isinstance(value, str) and text_problem(value):
            raise _bad_cursor(argument)
        return value

    def after(self, value) -> Q:
        """Rows whose value in this column sorts strictly after ``value``."""
        return self._beyond(value, later=True)

    def before(self, value) -> Q:
        return self._beyond(value, later=False)

    def equal(self, value) -> Q:
        if value is None:
            return Q((f"{self.lookup}__isnull", True))
        return Q((self.lookup, value))

    def _beyond(self, value, *, later: bool) -> Q:
        nulls_beyond = self.field.null and self.nulls_last == later
        if value is None:
            # Past the nulls at the end there is nothing; past those at the start, every value.
            return NOTHING if self.nulls_last == later else Q((f"{self.lookup}__isnull", False))
        comparison = "lt" if self.descending == later else "gt"
        condition = Q((f"{self.lookup}__{comparison}", value))
        if nulls_beyond:
            condition |= Q((f"{self.lookup}__isnull", True))
        return condition


NOTHING = Q(pk__in=[])


def sort_keys(queryset: QuerySet) -> list[SortKey]:
    """The queryset's ordering as sort keys, checked to be total and explicit about nulls.

    Every ordering must end with a unique field such as the primary key (the tie-breaker) and
    name where nulls go on nullable columns (``F(...).desc(nulls_last=True)``), because databases
    disagree on the default. A violation is a programming error, so it raises ``TypeError``.
    """
    model = queryset.model
    keys = []
    for item in queryset.query.order_by:
        if isinstance(item, str):
            order = F(item.removeprefix("-")).desc() if item.startswith("-") else F(item).asc()
        elif isinstance(item, OrderBy) and isinstance(item.expression, F):
            order = item
        else:
            raise TypeError(f"Keyset pagination cannot sort by {item!r}; use field names.")
        name = order.expression.name
        try:
            field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        except FieldDoesNotExist:
            raise TypeError(f"Keyset pagination cannot sort by {name!r}.") from None
        if field.null and not (order.nulls_first or order.nulls_last):
            raise TypeError(f"Ordering by nullable {name!r} must say where nulls go.")
        # Non-null columns: the flag is unused, and None equals "nulls last" in the label.
        keys.append(SortKey(field, order.descending, not order.nulls_first))
    if not keys or not keys[-1].field.unique:
        raise TypeError(f"The ordering of {model.__name__} must end with a unique field.")
    return keys


def beyond(keys: list[SortKey], values: list[Any], *, later: bool) -> Q:
    """Rows that sort strictly after (``later``) or before the row with sort key ``values``."""
    condition = NOTHING
    equal_so_far = Q()
    for key, value in zip(keys, values, strict=True):
        step = key.after(value) if later else key.before(value)
        condition |= equal_so_far & step
        equal_so_far &= key.equal(value)
    return condition


@dataclass
class Window:
    """One page of a list: its items with their cursors, and whether items lie beyond it."""

    items: list[Any]
    cursors: list[str]
    has_previous_page: bool
    has_next_page: bool
    # The whole list's length when the page query could tell it for free, else None.
    total_count: int | None = None


def _keyset_page(queryset: QuerySet, *, after, before, first, last, count: bool) -> Window:
    keys = sort_keys(queryset)
    ordering = f"{queryset.model._meta.label_lower}:{','.join(key.label for key in keys)}"

    def decode(cursor: str, argument: str) -> list[Any]:
        raw = cursor_decode(cursor, ordering, argument=argument)
        if len(raw) != len(keys):
            raise _bad_cursor(argument)
        return [key.parse(value, argument) for key, value in zip(keys, raw, strict=True)]

    after_values = decode(after, "after") if after is not None else None
    before_values = decode(before, "before") if before is not None else None
    window = queryset
    counted = count and after_values is None and before_values is None
    if counted:
        # Without a cursor the page query sees the whole list, so it counts it in passing
        # (a window function is computed before LIMIT) and totalCount costs no query.
        window = window.annotate(_total_count=WindowExpression(Count(1)))
    if after_values is not None:
        window = window.filter(beyond(keys, after_values, later=True))
    if before_values is not None:
        window = window.filter(beyond(keys, before_values, later=False))
    if last is None:
        rows = list(window[: first + 1])
        has_next_page, rows = len(rows) > first, rows[:first]
        # Relay lets a server answer false here; a client that pages back needs the truth.
        has_previous_page = after_values is not None and (
            queryset.filter(~beyond(keys, after_values, later=True)).exists()
        )
    else:
        rows = list(window.reverse()[: last + 1])
        has_previous_page, rows = len(rows) > last, rows[:last][::-1]
        has_next_page = before_values is not None and (
            queryset.filter(~beyond(keys, before_values, later=False)).exists()
        )
    cursors = [cursor_encode(ordering, [key.value_of(row) for key in keys]) for row in rows]
    total_count = (rows[0]._total_count if rows else 0) if counted else None
    return Window(rows, cursors, has_previous_page, has_next_page, total_count)


# --- Ranked sequences (search hits) ---------------------------------------------------------


def _ranked_page(hits, *, after, before, first, last) -> Window:
    """A page of a relevance-ranked sequence, whose cursors name items by primary key.

    A ranking has no sort key a cursor could hold, so a cursor holds the item's primary key and
    its position, and the item is looked up in the current ranking (``hits.ranked_ids()``): the
    next page starts after that item even when hits were added or removed before it. Only when
    the item itself is no longer a hit does the page start at the position it had.
    """

    def position(cursor: str, argument: str, ids: list[int]) -> int:
        raw = cursor_decode(cursor, RANKED_ORDERING, argument=argument)
        if len(raw) != 2 or not all(_is_int(value) for value in raw):
            raise _bad_cursor(argument)
        pk, index = raw
        if not 0 < pk <= 2**63 - 1 or not 0 <= index <= 2**63 - 1:
            raise _bad_cursor(argument)
        try:
            return ids.index(pk)
        except ValueError:
            return min(index, len(ids)) if argument == "before" else min(index, len(ids)) - 1

    if after is None and before is None and last is None:
        items = list(hits[: first + 1])
        has_next_page, items = len(items) > first, items[:first]
        return Window(items, _ranked_cursors(items, 0), False, has_next_page)
    ids = hits.ranked_ids()
    start, stop = 0, len(ids)
    if after is not None:
        start = position(after, "after", ids) + 1
    if before is not None:
        stop = position(before, "before", ids)
    stop = max(start, stop)
    if last is None:
        end = min(stop, start + first)
    else:
        start, end = max(start, stop - last), stop
    items = hits.pages_for(ids[start:end])
    return Window(items, _ranked_cursors(items, start), start > 0, end < len(ids))


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _ranked_cursors(items, start: int) -> list[str]:
    return [
        cursor_encode(RANKED_ORDERING, [item.pk, start + offset])
        for offset, item in enumerate(items)
    ]


# --- The connection type --------------------------------------------------------------------


@strawberry.type(
    name="Connection",
    description="One page of a list, with cursors to fetch the pages before and after it "
    "(a Relay cursor connection). Cursors point at items, so items added or removed between "
    "requests never make a page repeat or skip an item.",
)
class Connection(relay.Connection[relay.NodeType]):
    counter: strawberry.Private[Callable[[], int] | None] = None

    @strawberry.field(
        description="How many items the whole list holds with the filters applied: every page "
        "together, each item counted once."
    )
    def total_count(self) -> int:
        assert self.counter is not None
        return self.counter()

    @classmethod
    def resolve_connection(
        cls,
        nodes,
        *,
        info: Info,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
        max_results: int | None = None,
        **kwargs: Any,
    ):
        arguments = {"after": after, "before": before, "first": first, "last": last}
        if isinstance(nodes, QuerySet):
            window = _keyset_page(nodes, **arguments, count=_selects_total_count(info))

            def counter() -> int:
                if window.total_count is not None:
                    return window.total_count
                return nodes.order_by().count()
        else:
            window = _ranked_page(nodes, **arguments)

            def counter() -> int:
                return len(nodes)

        edges = [
            relay.Edge(cursor=cursor, node=cls.resolve_node(item, info=info, **kwargs))
            for item, cursor in zip(window.items, window.cursors, strict=True)
        ]
        return cls(
            edges=edges,
            page_info=relay.PageInfo(
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
                has_previous_page=window.has_previous_page,
                has_next_page=window.has_next_page,
            ),
            counter=counter,
        )


def _selects_total_count(info: Info) -> bool:
    """Whether the query asks this connection for ``totalCount`` (fragments included)."""

    def selects(selections) -> bool:
        return any(
            selection.name == "totalCount"
            if isinstance(selection, SelectedField)
            else selects(selection.selections)
            for selection in selections
        )

    return any(selects(field.selections) for field in info.selected_fields)


class PagedConnectionExtension(StrawberryDjangoConnectionExtension):
    """``first`` defaults to the default page size; more than the maximum is an error.

    ``first`` pages forwards (with ``after``), ``last`` backwards (with ``before``); giving both
    is an error, as is a negative or too large page size.
    """

    def __init__(self) -> None:
        super().__init__(max_results=max_page_size())

    def apply(self, field) -> None:
        super().apply(field)
        for argument in field.arguments:
            if argument.python_name == "first":
                argument.description = (
                    f"How many items to return from the start of the list, or after `after` "
                    f"(default {default_page_size()}, at most {max_page_size()})."
                )
            elif argument.python_name == "after":
                argument.description = (
                    "Return items after the item of this cursor (an edge's `cursor` or "
                    "pageInfo's `endCursor`)."
                )
            elif argument.python_name == "before":
                argument.description = (
                    "Return items before the item of this cursor (an edge's `cursor` or "
                    "pageInfo's `startCursor`)."
                )
            elif argument.python_name == "last":
                argument.description = (
                    f"How many items to return from the end of the list, or before `before` "
                    f"(at most {max_page_size()}). Not together with `first`."
                )

    def resolve(self, next_, source, info, *, before=None, after=None, first=None, last=None, **kw):
        if first is not None and last is not None:
            raise UserInputError(
                "Give either 'first' (to page forwards) or 'last' (to page backwards), not both.",
                argument="last",
            )
        if first is None and last is None:
            first = default_page_size()
        for name, value in (("first", first), ("last", last)):
            if value is not None and value < 0:
                raise UserInputError(f"'{name}' must not be negative.", argument=name)
            if value is not None and value > self.max_results:
                raise UserInputError(
                    f"'{name}' is {value}, but a page holds at most {self.max_results} items. "
                    "Use the cursors in pageInfo to fetch the next page.",
                    argument=name,
                )
        connection = super().resolve(
            next_, source, info, before=before, after=after, first=first, last=last, **kw
        )
        register_group(info, [edge.node for edge in connection.edges])
        return connection
