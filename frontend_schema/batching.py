"""Load a field for a whole list at once, the first time any item of the list asks for it.

GraphQL executes a list item by item, so a resolver on one item cannot wait for its siblings.
Instead, whoever produces a list (a connection, a list field) registers it as a *group*; a field
resolver then calls ``load_for_group`` which, on the first call for any member, runs one batch
loader over every member of the group and caches the results for the rest of the request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from strawberry import Info

from frontend_schema.context import state


def register_group(info: Info, instances: Iterable[Any]) -> list[Any]:
    """Mark ``instances`` as one list whose members batch their field loads together."""
    group = list(instances)
    groups = state(info).batches.setdefault("__groups__", {})
    for instance in group:
        groups[id(instance)] = group
    return group


def load_for_group(
    info: Info,
    instance: Any,
    key: str,
    loader: Callable[[list[Any]], dict[int, Any]],
    default: Any = None,
) -> Any:
    """The value of ``key`` for ``instance``, loading it for the instance's whole group at once.

    ``loader`` receives the group's members that have no cached value yet and returns a dict from
    ``id(member)`` to its value; members missing from that dict get ``default``.
    """
    batches = state(info).batches
    cache = batches.setdefault(key, {})
    cached = cache.get(id(instance))
    # The instance is stored with its value so that a reused id() never returns another's value.
    if cached is None or cached[0] is not instance:
        group = batches.get("__groups__", {}).get(id(instance)) or [instance]
        pending = [
            member
            for member in group
            if id(member) not in cache or cache[id(member)][0] is not member
        ]
        if not any(member is instance for member in pending):
            pending.append(instance)
        loaded = loader(pending)
        for member in pending:
            cache[id(member)] = (member, loaded.get(id(member), default))
        cached = cache[id(instance)]
    return cached[1]
