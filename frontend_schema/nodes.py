"""Global Object Identification (the Relay specification, https://relay.dev/graphql/objectidentification.htm).

Every entity with an identity of its own (each page type, ``Image``, ``Document``,
``PoliticalGroup``, ``Redirect``, ``Site``) implements strawberry's ``relay.Node`` interface: its
``id`` is opaque and unique across the whole schema: base64 of ``"<GraphQL type name>:<local
id>"``, as ``strawberry.relay.GlobalID`` writes it. ``node(id:)`` and ``nodes(ids:)`` give the
object back through the same visibility rules as every other path: each Node type's
``resolve_nodes`` filters with ``campaign.selectors`` (``public_pages``, ``public_images``,
``public_documents``) and returns None for what the public may not see.

StreamField blocks carry an ``id`` too (see ``block_id``): unique per block instance, not
refetchable. Every other object type is an embedded value without an ``id``; the list is in
docs/graphql.md and a test keeps it complete.
"""

from __future__ import annotations

from collections.abc import Iterable

from strawberry import relay
from strawberry.relay.utils import from_base64, to_base64

from frontend_schema.errors import NotFoundError, UserInputError

# The largest database ID any of the databases can hold (a signed 64-bit integer). A larger
# number names nothing, and SQLite cannot even compare a column with it.
MAX_DATABASE_ID = 2**63 - 1


def database_id(value: object) -> int | None:
    """The database ID that ``value`` (text from a client) spells, or None if it spells none.

    Accepts ASCII digits only (``str.isdigit`` also accepts "²" and "١", which ``int`` refuses or
    reads as another number), from 1 to ``MAX_DATABASE_ID``. Every ID a client sends is read
    through this function.
    """
    text = str(value)
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text) if len(text) <= 20 else 0
    return number if 0 < number <= MAX_DATABASE_ID else None


def decode_global_id(value: str) -> tuple[str, str] | None:
    """``(type name, local id)`` of a global ID, or None when ``value`` is not one."""
    try:
        type_name, local_id = from_base64(str(value))
    except ValueError:
        return None
    if not type_name or not local_id:
        return None
    return type_name, local_id


def global_id(type_name: str, local_id: object) -> str:
    """The global ID of the object of GraphQL type ``type_name`` with ``local_id``."""
    return to_base64(type_name, local_id)


def page_local_id(page) -> str:
    """The local part of a page's node ID: its database ID, or ``preview-<n>`` for a preview
    (``PagePreview.as_page``), so that an editor's unsaved content never shares an ID with the
    live page."""
    return getattr(page, "_preview_key", None) or str(page.pk)


def block_id(block_type_name: str, owner_id: str, block_path: str) -> str:
    """The ``id`` of a StreamField block: unique per block instance in every answer.

    Wagtail stores a UUID for each block and copies it into translations, page copies, aliases
    and preview revisions, so the stored UUID alone would let a normalising client cache merge
    the English paragraph with the German one. The ID therefore combines the block's GraphQL type,
    the owning page's own identity (``owner_id``: the page's local node ID, which differs
    between a page, its translations, its copies and each preview) and the block's path inside
    the page (the StreamField's name, then stored UUIDs and child names, from the stream down:
    one UUID may sit in two StreamFields of a page). It is stable for the same content across
    requests, and encoded like a node ID, so it never equals one.
    """
    return to_base64(block_type_name, f"{owner_id}/{block_path}")


def page_pk(value: object, *, argument: str, types: Iterable[str] | None = None) -> int:
    """The database ID of the page a client names in an argument.

    Accepts the page's ``id`` as the API gives it out (a global ID of one of ``types``, or of
    any page type when ``types`` is None) and, for front ends written before global IDs, the
    page's plain database ID (``databaseId``, digits). Anything else raises a ``UserInputError``
    that names ``argument``.
    """
    from frontend_schema.types import PAGE_TYPE_NAMES

    text = str(value).strip()
    if (pk := database_id(text)) is not None:
        return pk
    decoded = decode_global_id(text)
    allowed = set(types) if types is not None else set(PAGE_TYPE_NAMES.values())
    pk = database_id(decoded[1]) if decoded is not None and decoded[0] in allowed else None
    if pk is not None:
        return pk
    expected = " or ".join(sorted(allowed)) if types is not None else "page"
    raise UserInputError(
        f"'{value}' is not the ID of a {expected}. Pass the `id` the API gives out for it "
        "(or its `databaseId`).",
        argument=argument,
    )


def local_pks(node_ids: Iterable[str]) -> set[int]:
    """The database IDs among the local node IDs that ``resolve_nodes`` receives."""
    return {pk for node_id in node_ids if (pk := database_id(node_id)) is not None}


def in_order(node_ids: Iterable[str], by_pk: dict[int, object], *, required: bool = False) -> list:
    """``resolve_nodes``'s answer: the object for each local ID in order, None where none (or,
    with ``required`` as ``relay.Node.resolve_nodes`` defines it, a ``NotFoundError``)."""
    found = [by_pk.get(database_id(node_id)) for node_id in node_ids]
    if required and None in found:
        raise NotFoundError("No public object has this ID.")
    return found


def resolve_global_ids(info, ids: list[str]) -> list:
    """The objects that global IDs name, in order, through each Node type's ``resolve_nodes``
    (one batch per type, with its visibility rules). None for an ID that is malformed, names a
    type that is no Node, an object that does not exist, or one the public may not see: a client
    cannot tell these apart, so an ID reveals nothing.
    """
    from strawberry.types.base import StrawberryObjectDefinition

    decoded = [decode_global_id(value) for value in ids]
    wanted: dict[str, list[str]] = {}
    for item in decoded:
        if item is not None:
            wanted.setdefault(item[0], []).append(item[1])
    found: dict[tuple[str, str], object] = {}
    for type_name, local_ids in wanted.items():
        definition = info.schema.get_type_by_name(type_name)
        if (
            not isinstance(definition, StrawberryObjectDefinition)
            or definition.is_interface
            or not issubclass(definition.origin, relay.Node)
        ):
            continue
        unique = list(dict.fromkeys(local_ids))
        objects = definition.origin.resolve_nodes(info=info, node_ids=unique, required=False)
        found.update(zip(((type_name, local) for local in unique), objects, strict=True))
    return [found.get(item) if item is not None else None for item in decoded]
