"""Relay connections with a default page size, a hard maximum and precise errors."""

from __future__ import annotations

from django.conf import settings
from strawberry.relay.utils import SliceMetadata
from strawberry_django.fields.field import StrawberryDjangoConnectionExtension
from strawberry_django.relay import DjangoListConnection

from frontend_schema.batching import register_group
from frontend_schema.errors import UserInputError

Connection = DjangoListConnection


def default_page_size() -> int:
    return getattr(settings, "GRAPHQL_DEFAULT_PAGE_SIZE", 20)


def max_page_size() -> int:
    return getattr(settings, "GRAPHQL_MAX_PAGE_SIZE", 100)


class PagedConnectionExtension(StrawberryDjangoConnectionExtension):
    """``first`` defaults to the default page size; more than the maximum is an error."""

    def __init__(self) -> None:
        super().__init__(max_results=max_page_size())

    def apply(self, field) -> None:
        super().apply(field)
        for argument in field.arguments:
            if argument.python_name == "first":
                argument.description = (
                    f"How many items to return (default {default_page_size()}, "
                    f"at most {max_page_size()})."
                )
            elif argument.python_name == "after":
                argument.description = "Return items after this cursor (an edge's `cursor`)."
            elif argument.python_name == "before":
                argument.description = "Return items before this cursor."
            elif argument.python_name == "last":
                argument.description = f"Return the last items (at most {max_page_size()})."

    def resolve(self, next_, source, info, *, before=None, after=None, first=None, last=None, **kw):
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
        try:
            SliceMetadata.from_arguments(
                info,
                before=before,
                after=after,
                first=first,
                last=last,
                max_results=self.max_results,
            )
        except (ValueError, TypeError) as exc:
            argument = "after" if after is not None else "before"
            raise UserInputError(
                f"The cursor in '{argument}' is not valid. Use a cursor from a previous "
                "response's edges or pageInfo.",
                argument=argument,
            ) from exc
        connection = super().resolve(
            next_, source, info, before=before, after=after, first=first, last=last, **kw
        )
        register_group(info, [edge.node for edge in connection.edges])
        return connection
