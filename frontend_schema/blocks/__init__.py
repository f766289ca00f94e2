"""StreamField content as GraphQL: one union per StreamField, one object type per block.

The object types are generated from the block definitions in ``campaign.blocks``. A StructBlock
becomes an object type whose fields are its children, each described by the child's
``help_text`` and non-null exactly when the child is ``required``. Page choosers are always
nullable, because the chosen page may not be public; lists are never null and hold no nulls. Every
block type has an ``id`` unique per block instance: the owning page's identity plus the block's
path of stored UUIDs (``frontend_schema.nodes.block_id``), never the bare UUID, which Wagtail
copies into translations, copies and previews.

Values come from the stream's raw JSON (``StreamValue.raw_data``), not from the StreamValue itself,
whose ``to_python`` fetches every chooser with a query per block type per page. The first time a
page of a group (a connection's pages, a list field) asks for a stream, every reference of every
stream in the group is loaded at once, in a fixed number of queries: public pages (through
``campaign.selectors.public_pages``), images with their renditions, public documents, embeds, the
campaign lists of list blocks left empty, and the links inside rich text.

A block type the schema does not know (removed from the code, still in old data) is skipped, and
so is a block that cannot fill a non-null field (a deleted image, a document in a private
collection): the API leaves out what it cannot send whole rather than send a null where the
schema promises a value.
"""

from __future__ import annotations

from typing import Annotated, Union

import strawberry
import strawberry_django
from strawberry import Info
from strawberry.utils.str_converters import to_camel_case
from wagtail import blocks

from campaign import models
from frontend_schema.batching import load_for_group
from frontend_schema.blocks.loading import Batch
from frontend_schema.blocks.values import (
    EmbedValue,
    RichTextValue,
    StructValue,
    Value,
    WrappedValue,
    pascal_case,
    unique_keys,
    value_for,
)

__all__ = [
    "CampaignBodyBlock",
    "CampaignCallToActionBlock",
    "CampaignPostBodyBlock",
    "DemandBodyBlock",
    "StandardPageBodyBlock",
    "stream_field",
]


class Stream:
    """A StreamField's blocks: which GraphQL type each child block becomes."""

    def __init__(self, stream_block: blocks.StreamBlock) -> None:
        self.children: dict[str, Value] = {}
        for name, block in stream_block.child_blocks.items():
            value = value_for(block, pascal_case(name))
            if not isinstance(value, (StructValue, EmbedValue)):
                # Not "text": that name is a String in other blocks of the same union, and
                # GraphQL rejects a query selecting one field name with two types.
                field_name = "rich_text" if isinstance(value, RichTextValue) else "value"
                value = WrappedValue(block, value, field_name)
            self.children[name] = value

    def members(self) -> tuple[type, ...]:
        return tuple(dict.fromkeys(value.annotation for value in self.children.values()))

    def collect(self, raw_data, batch: Batch) -> None:
        for item in raw_data:
            value = self.children.get(item.get("type")) if isinstance(item, dict) else None
            if value is not None:
                value.collect(item.get("value"), batch)

    def convert(self, raw_data, batch: Batch) -> list:
        items = [item if isinstance(item, dict) else {} for item in raw_data]
        keys = unique_keys([item.get("id") for item in items])
        result = []
        for key, item in zip(keys, items, strict=True):
            value = self.children.get(item.get("type"))
            if value is None:
                continue  # a block type removed from the code since this was saved
            converted = value.convert(item.get("value"), batch, key)
            if converted is not None:
                result.append(converted)
        return result


_STREAMS: dict[tuple[type, str], Stream] = {}


def _stream(model: type, field_name: str) -> Stream:
    key = (model, field_name)
    if key not in _STREAMS:
        _STREAMS[key] = Stream(model._meta.get_field(field_name).stream_block)
    return _STREAMS[key]


def _load_streams(info: Info, pages: list, stream: Stream, field_name: str) -> dict[int, list]:
    """The blocks of ``<page>.<field_name>`` for ``pages``, all of one model, by ``id(page)``."""
    batch = Batch(info)
    batch.field_name = field_name
    raw_data = {}
    for page in pages:
        raw_data[id(page)] = list(getattr(page, field_name).raw_data)
        batch.page = page
        stream.collect(raw_data[id(page)], batch)
    batch.load(pages)
    result = {}
    for page in pages:
        batch.page = page
        result[id(page)] = stream.convert(raw_data[id(page)], batch)
    return result


def stream_union(model: type, field_name: str, name: str):
    """The union of the block types that ``model.<field_name>`` may hold."""
    field = model._meta.get_field(field_name)
    description = (
        f"One block of the `{to_camel_case(field_name)}` of a {model._meta.verbose_name}. "
        f"{field.help_text} A field name has one type in every block type, so fragments on "
        "several block types can be selected together."
    )
    members = _stream(model, field_name).members()
    # Union[...] because the members are a tuple built at run time, which `|` cannot spread.
    return Annotated[Union[members], strawberry.union(name, description=description)]  # noqa: UP007


def stream_field(model: type, field_name: str):
    """The GraphQL field for ``model.<field_name>``: its blocks, typed, in the editors' order."""
    field = model._meta.get_field(field_name)
    stream = _stream(model, field_name)

    def resolver(self, info: Info):
        return load_for_group(
            info,
            self,
            f"stream:{field_name}",
            lambda pages: _load_streams(info, pages, stream, field_name),
            [],
            owner=model,
        )

    return strawberry_django.field(resolver=resolver, description=field.help_text)


CampaignBodyBlock = stream_union(models.CampaignPage, "body", "CampaignBodyBlock")
CampaignCallToActionBlock = stream_union(
    models.CampaignPage, "calls_to_action", "CampaignCallToActionBlock"
)
CampaignPostBodyBlock = stream_union(models.CampaignPostPage, "body", "CampaignPostBodyBlock")
DemandBodyBlock = stream_union(models.DemandPage, "body", "DemandBodyBlock")
StandardPageBodyBlock = stream_union(models.StandardPage, "body", "StandardPageBodyBlock")
