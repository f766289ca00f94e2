"""Load a field for a whole list at once, the first time any item of the list asks for it.

GraphQL executes a list item by item, so a resolver on one item cannot wait for its siblings.
Instead, whoever produces a list (a connection, a list field) registers it as a *group*; a field
resolver then calls ``load_for_group`` which, on the first call for any member, runs one batch
loader over every member of the group and caches the results for the rest of the request.

A group can mix types (``pages``, ``search``, ``children`` hold pages of every type), while a field
belongs to one type. So a loader only ever sees the members that have the field: those that are
instances of the field's *owner*, by default the model (or class) of the GraphQL type that declares
the field. A field of ``Campaign`` loads for the campaigns of a mixed list, a field of the ``Page``
interface for all of its pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import prefetch_related_objects
from strawberry import Info

from frontend_schema.context import state


def register_group(info: Info, instances: Iterable[Any]) -> list[Any]:
    """Mark ``instances`` as one list whose members batch their field loads together."""
    group = list(instances)
    groups = state(info).batches.setdefault("__groups__", {})
    for instance in group:
        groups[id(instance)] = group
    return group


def field_owner(info: Info) -> type:
    """The class whose instances have the field being resolved.

    That is the Django model of the strawberry-django type (or interface) that declares the field,
    or the declaring class itself for a plain strawberry type. A field an object type has from an
    interface is declared by the interface, so its owner is the interface's model.
    """
    # Strawberry's Info holds the field being resolved; its origin is the class declaring it.
    origin = info._field.origin
    django_definition = getattr(origin, "__strawberry_django_definition__", None)
    return django_definition.model if django_definition is not None else origin


def load_for_group(
    info: Info,
    instance: Any,
    key: str,
    loader: Callable[[list[Any]], dict[int, Any]],
    default: Any = None,
    *,
    owner: type | None = None,
) -> Any:
    """The value of ``key`` for ``instance``, loading it for the instance's whole group at once.

    ``loader`` receives the group's members that are instances of ``owner`` (default:
    ``field_owner(info)``) and have no cached value yet, and returns a dict from ``id(member)`` to
    its value; members missing from that dict get ``default``. ``instance`` itself must be an
    ``owner``: a ``TypeError`` says the resolver asked for a field its object does not have.
    """
    owner = owner or field_owner(info)
    if not isinstance(instance, owner):
        raise TypeError(f"{key}: {type(instance).__name__} is not a {owner.__name__}.")
    batches = state(info).batches
    cache = batches.setdefault(key, {})
    cached = cache.get(id(instance))
    # The instance is stored with its value so that a reused id() never returns another's value.
    if cached is None or cached[0] is not instance:
        group = batches.get("__groups__", {}).get(id(instance)) or [instance]
        pending = [
            member
            for member in group
            if isinstance(member, owner)
            and (id(member) not in cache or cache[id(member)][0] is not member)
        ]
        if not any(member is instance for member in pending):
            pending.append(instance)
        loaded = loader(pending)
        for member in pending:
            cache[id(member)] = (member, loaded.get(id(member), default))
        cached = cache[id(instance)]
    return cached[1]


def related_for_group(info: Info, instance: Any, relation: str) -> list[Any]:
    """``instance.<relation>.all()``, fetched for the instance's whole group in one query.

    Members that already hold the relation (prefetched by the optimizer) are not fetched again.
    A preview's relations are the editor's unsaved rows in memory, so they are never fetched.
    """

    def loader(members: list[Any]) -> dict[int, list[Any]]:
        saved = [member for member in members if not getattr(member, "_is_preview", False)]
        prefetch_related_objects(saved, relation)
        return {id(member): list(getattr(member, relation).all()) for member in members}

    return load_for_group(info, instance, f"related:{relation}", loader, [])
