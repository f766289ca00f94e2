"""How one block's raw JSON becomes a GraphQL value, and the object types generated for blocks.

A ``Value`` is made for each block definition (``value_for``): it knows the block's GraphQL type,
notes what a raw value refers to (``collect``) and builds the GraphQL value once the references
are loaded (``convert``). Object types are made once per block class, so that blocks of one class
in several StreamFields share their type.
"""

from __future__ import annotations

import datetime
import enum
from abc import ABC, abstractmethod
from importlib import import_module
from typing import Annotated, Any

import strawberry
from django_countries import countries
from strawberry import relay
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page

from campaign import blocks as campaign_blocks
from campaign import choices, models
from campaign.selectors import public_documents
from frontend_schema.blocks.loading import Batch, Document
from frontend_schema.images import ImageType, absolute_url
from frontend_schema.nodes import in_order, local_pks
from frontend_schema.richtext import RichTextType, is_blank

# frontend_schema.types imports this package for its StreamField fields, so the page types, enums
# and helpers defined there are referenced lazily: by name, resolved when the schema is built.
TYPES_MODULE = "frontend_schema.types"

# The GraphQL type of a page chooser's target. A page type missing here, or a chooser of any page,
# is typed as the Page interface.
CHOOSER_PAGE_TYPES = {
    models.SupporterPage: "SupporterType",
    models.DemandPage: "DemandType",
    models.OrganisationPage: "OrganisationType",
}

# GraphQL names of blocks whose class name would read badly in the schema.
TYPE_NAMES = {
    campaign_blocks.CaptionedImageBlock: "ImageBlock",
    campaign_blocks.ActionItemBlock: "ActionItem",
    campaign_blocks.CampaignEmbedBlock: "EmbedBlock",
}


# GraphQL field names that differ from the block's child name. Fields of one name must have one
# type across the members of a union, or a client could not ask for both in sibling fragments
# (GraphQL's "fields can be merged" rule); a call to action's required title and optional text
# and link would clash with the other blocks' optional title, required text and required URL.
FIELD_NAMES = {
    (campaign_blocks.CallToActionBlock, "title"): "headline",
    (campaign_blocks.CallToActionBlock, "text"): "description",
    (campaign_blocks.CallToActionBlock, "url"): "link_url",
}


def field_name(block: blocks.Block, child_name: str) -> str:
    return FIELD_NAMES.get((type(block), child_name), child_name)


def _from_types(name: str):
    return Annotated[name, strawberry.lazy(TYPES_MODULE)]


def _resolve_from_types(name: str):
    return getattr(import_module(TYPES_MODULE), name)


def pascal_case(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _help_text(block: blocks.Block) -> str:
    text = getattr(block.meta, "help_text", None)
    if not text and isinstance(block, blocks.FieldBlock):
        text = block.field.help_text
    return str(text or "")


def _type_name(block: blocks.Block) -> str:
    block_class = type(block)
    if block_class.__module__.startswith("wagtail."):
        raise TypeError(
            f"A {block_class.__name__} in a StreamField needs its own subclass so that its "
            "GraphQL type has a name."
        )
    return _type_name_of(block_class)


ID_FIELD = (
    strawberry.ID,
    "The block's ID, unique to this block on this page in every answer (a translation, a copy, "
    "an alias and a preview each have their own) and stable while both exist: a client cache "
    "key. Opaque; not accepted by `node(id:)`.",
)


def unique_keys(stored_ids: list[str | None]) -> list[str]:
    """One key per stream child or list item: its stored UUID, or its position where the UUID
    is missing (old data) or repeats (pasted JSON), so that no two siblings share a key."""
    keys = []
    seen = set()
    for index, stored in enumerate(stored_ids):
        key = stored if stored and stored not in seen else f"{stored or ''}#{index}"
        seen.add(key)
        keys.append(key)
    return keys


_BLOCK_TYPES: dict[type[blocks.Block], type] = {}


def _block_type(block: blocks.Block, fields: dict[str, tuple[Any, str]], description: str = ""):
    """The object type of a block class, with ``{python_name: (annotation, description)}``.

    Made once per class: blocks of one class in several StreamFields share their type.
    """
    block_class = type(block)
    if block_class not in _BLOCK_TYPES:
        name = _type_name(block)
        if any(_type_name_of(other) == name for other in _BLOCK_TYPES):
            raise TypeError(f"Two block classes would both be the GraphQL type {name}.")
        namespace: dict[str, Any] = {"__annotations__": {}, "__module__": __name__}
        for field_name, (annotation, field_description) in fields.items():
            namespace["__annotations__"][field_name] = annotation
            namespace[field_name] = strawberry.field(description=field_description)
        description = description or _help_text(block) or f"{block.meta.label}: a block."
        _BLOCK_TYPES[block_class] = strawberry.type(
            type(name, (), namespace), name=name, description=description
        )
    return _BLOCK_TYPES[block_class]


def _type_name_of(block_class: type[blocks.Block]) -> str:
    return TYPE_NAMES.get(block_class, block_class.__name__)


class Value(ABC):
    """The GraphQL type of one block and the conversion of its raw JSON value.

    ``collect`` notes what the value refers to; ``convert`` builds the GraphQL value once the
    batch is loaded, or returns None when there is none.
    """

    annotation: Any = None

    def __init__(self, block: blocks.Block) -> None:
        self.block = block

    @property
    def nullable(self) -> bool:
        return not self.block.required

    @property
    def field_annotation(self):
        return self.annotation | None if self.nullable else self.annotation

    def collect(self, raw: Any, batch: Batch) -> None:  # noqa: B027 - most values refer to nothing
        """Note in ``batch`` what ``raw`` refers to; most values refer to nothing."""

    @abstractmethod
    def convert(self, raw: Any, batch: Batch, block_path: str) -> Any:
        """The GraphQL value of ``raw``, or None. ``block_path`` locates the block in its page's
        stream (stored UUIDs and child names joined by '/'); see ``Batch.block_id``."""


class ScalarValue(Value):
    def __init__(self, block: blocks.Block, annotation: type) -> None:
        super().__init__(block)
        self.annotation = annotation

    def convert(self, raw, batch, block_path):
        if raw is None or raw == "":
            # An empty required text is still text; an empty optional one is absent.
            return "" if raw == "" and self.annotation is str and not self.nullable else None
        try:
            if self.annotation is datetime.date:
                value = self.block.to_python(raw)
                return value if isinstance(value, datetime.date) else None
            return self.annotation(raw)
        except (TypeError, ValueError):
            return None


class ChoiceValue(Value):
    """A choice, as an enum: a shared one where the choices are a vocabulary the API already
    has, else one generated from the block's choices. Countries become the Country type."""

    def __init__(self, block: blocks.ChoiceBlock, enum_name: str) -> None:
        super().__init__(block)
        values = frozenset(str(value) for value, _label in block.field.choices if value != "")
        if values in SHARED_ENUMS:
            self.annotation = _from_types(SHARED_ENUMS[values])
            self.to_graphql = self._enum(lambda: _resolve_from_types(SHARED_ENUMS[values]))
        elif values and values <= {code for code, _name in countries}:
            self.annotation = _from_types("CountryType")
            self.to_graphql = lambda code: _resolve_from_types("country_of")(code)
        else:
            enum_type = _block_enum(enum_name, block)
            self.annotation = enum_type
            self.to_graphql = self._enum(lambda: enum_type)

    def _enum(self, enum_type):
        """A conversion to ``enum_type()``; an unknown value (old data) becomes the default."""

        def convert(raw):
            for candidate in (raw, self.block.get_default()):
                try:
                    return enum_type()(candidate)
                except ValueError:
                    continue
            return None

        return convert

    def convert(self, raw, batch, block_path):
        return self.to_graphql(raw) if raw not in (None, "") or not self.nullable else None


# Choice blocks over a vocabulary that frontend_schema.types already has an enum for.
SHARED_ENUMS = {frozenset(choices.OrganisationRole.values): "OrganisationRole"}

_ENUMS: dict[str, type[enum.Enum]] = {}


def _block_enum(name: str, block: blocks.ChoiceBlock) -> type[enum.Enum]:
    if name not in _ENUMS:
        members = {
            str(value).upper(): strawberry.enum_value(value, description=str(label))
            for value, label in block.field.choices
            if value != ""
        }
        _ENUMS[name] = strawberry.enum(
            enum.Enum(name, members), name=name, description=_help_text(block) or None
        )
    return _ENUMS[name]


class RichTextValue(Value):
    annotation = RichTextType

    def collect(self, raw, batch):
        if raw:
            batch.want_rich_text(raw)

    def convert(self, raw, batch, block_path):
        value = batch.render_rich_text(raw) if raw else RichTextType(html="", text="")
        # Rich text that shows nothing is absent, like an empty optional text.
        return None if self.nullable and is_blank(value) else value


class ChooserValue(Value):
    """A chosen image, document or page: its ID is noted, and the object looked up once the
    batch is loaded."""

    wanted = ""  # the Batch attribute that gathers the IDs

    def collect(self, raw, batch):
        if isinstance(raw, int):
            getattr(batch, self.wanted).add(raw)


class ImageValue(ChooserValue):
    annotation = ImageType
    wanted = "image_ids"

    def convert(self, raw, batch, block_path):
        return batch.images.get(raw)


@strawberry.type(
    name="Document",
    description="A file from the document library. A `Node`: `node(id:)` fetches it again while "
    "it is public (not in a collection with a view restriction).",
)
class DocumentType(relay.Node):
    title: str = strawberry.field(description="The document's title in the library.")
    # Nullable like `url` on every other `Node` (one type per field name).
    url: str | None = strawberry.field(description="Absolute URL to download the file.")
    file_extension: str = strawberry.field(description="The file's extension: 'pdf', 'odt'…")
    file_size: int | None = strawberry.field(description="The file's size in bytes, if known.")
    document_id: strawberry.Private[int]

    @classmethod
    def from_document(cls, info, document) -> DocumentType:
        from frontend_schema.context import state

        # Documents are no strawberry_django type that collect_tags could wrap: tagged here.
        state(info).cache_tags.add_document(document)
        return cls(
            title=document.title,
            url=absolute_url(info, document.url),
            file_extension=document.file_extension,
            file_size=document.file_size,
            document_id=document.pk,
        )

    @classmethod
    def resolve_id(cls, root: DocumentType, *, info) -> str:
        return str(root.document_id)

    @classmethod
    def resolve_nodes(cls, *, info, node_ids, required: bool = False):
        """The public documents with these local IDs, None for the others."""
        documents = public_documents(Document.objects.filter(pk__in=local_pks(node_ids)))
        by_pk = {document.pk: cls.from_document(info, document) for document in documents}
        return in_order(node_ids, by_pk, required=required)


class DocumentValue(ChooserValue):
    annotation = DocumentType
    wanted = "document_ids"

    def convert(self, raw, batch, block_path):
        document = batch.documents.get(raw)
        return None if document is None else DocumentType.from_document(batch.info, document)


class PageValue(ChooserValue):
    """A chosen page, followed like a rich-text link (``public_link_targets``): to its
    translation in the locale of the page holding the block if that is public, else to the page
    itself if public, else null."""

    def __init__(self, block: blocks.PageChooserBlock) -> None:
        super().__init__(block)
        self.model = block.target_model
        self.annotation = _from_types(CHOOSER_PAGE_TYPES.get(self.model, "PageInterface"))

    @property
    def nullable(self) -> bool:
        return True

    def collect(self, raw, batch):
        if isinstance(raw, int):
            batch.want_page(raw)

    def convert(self, raw, batch, block_path):
        page = batch.chosen_page(raw) if isinstance(raw, int) else None
        return page if isinstance(page, self.model) else None


class ListValue(Value):
    """A list: never null, holding only the items that could be built (public pages…)."""

    def __init__(self, block: blocks.ListBlock, child: Value) -> None:
        super().__init__(block)
        self.child = child
        self.annotation = list[child.annotation]

    @property
    def nullable(self) -> bool:
        return False

    @staticmethod
    def items(raw) -> list[tuple[str | None, Any]]:
        """``(item id, raw value)`` pairs, from the current format or the one before it."""
        items = []
        for item in raw if isinstance(raw, list) else []:
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                items.append((item.get("id"), item["value"]))
            else:
                items.append((None, item))
        return items

    def collect(self, raw, batch):
        for _item_id, value in self.items(raw):
            self.child.collect(value, batch)

    def convert(self, raw, batch, block_path):
        items = self.items(raw)
        keys = unique_keys([item_id for item_id, _value in items])
        converted = (
            self.child.convert(value, batch, f"{block_path}/{key}")
            for key, (_item_id, value) in zip(keys, items, strict=True)
        )
        return [value for value in converted if value is not None]


class StructValue(Value):
    """A StructBlock: an object type with an ``id`` and one field per child."""

    def __init__(self, block: blocks.StructBlock) -> None:
        super().__init__(block)
        name = _type_name(block)
        self.children = {
            child_name: value_for(child, f"{name.removesuffix('Block')}{pascal_case(child_name)}")
            for child_name, child in block.child_blocks.items()
        }
        self.annotation = _struct_type(block, self.children)

    def collect(self, raw, batch):
        if isinstance(raw, dict):
            for child_name, child in self.children.items():
                child.collect(raw.get(child_name), batch)

    def convert(self, raw, batch, block_path):
        if not isinstance(raw, dict):
            return None
        values = {}
        for child_name, child in self.children.items():
            value = child.convert(raw.get(child_name), batch, f"{block_path}/{child_name}")
            if value is None and not child.nullable:
                return None
            values[field_name(self.block, child_name)] = value
        return self.annotation(id=batch.block_id(self.annotation, block_path), **values)


def _struct_type(block: blocks.StructBlock, children: dict[str, Value]):
    fields = {"id": ID_FIELD}
    for child_name, child in children.items():
        fields[field_name(block, child_name)] = (child.field_annotation, _help_text(child.block))
    return _block_type(block, fields)


def _chosen(raw, child_name: str) -> bool:
    return isinstance(raw, dict) and bool(ListValue.items(raw.get(child_name)))


class CampaignListValue(StructValue):
    """A StructBlock with a list of chosen pages that, left empty, shows public pages of the
    page's campaign instead."""

    list_field = ""
    model: type[Page] = Page

    def select(self, pages: list[Page], raw: dict) -> list[Page]:
        return pages

    def collect(self, raw, batch):
        super().collect(raw, batch)
        if isinstance(raw, dict) and not _chosen(raw, self.list_field):
            batch.want_campaign_list(self.model)

    def convert(self, raw, batch, block_path):
        value = super().convert(raw, batch, block_path)
        if value is not None and not _chosen(raw, self.list_field):
            setattr(value, self.list_field, self.select(batch.campaign_list(self.model), raw))
        return value


class DemandListValue(CampaignListValue):
    """With no demands chosen: the campaign's demands, in number order."""

    list_field = "demands"
    model = models.DemandPage


class OrganisationWallValue(CampaignListValue):
    """With no organisations chosen: the campaign's organisations with the block's role and
    country (either may be "any"), in name order."""

    list_field = "organisations"
    model = models.OrganisationPage

    def select(self, pages, raw):
        role, country = raw.get("role") or "", raw.get("country") or ""
        return [
            organisation
            for organisation in pages
            if (not role or organisation.role == role)
            and (not country or str(organisation.country) == country)
        ]


STRUCT_VALUES = {
    campaign_blocks.DemandListBlock: DemandListValue,
    campaign_blocks.OrganisationWallBlock: OrganisationWallValue,
}


class EmbedValue(Value):
    """An embedded video or post, with what its provider says about it (oEmbed)."""

    def __init__(self, block: EmbedBlock) -> None:
        super().__init__(block)
        self.max_size = (
            getattr(block.meta, "max_width", None),
            getattr(block.meta, "max_height", None),
        )
        self.annotation = _block_type(
            block,
            {
                "id": ID_FIELD,
                "url": (str, "The address of the video or post."),
                "html": (str | None, "The provider's HTML to embed it; null if it gave none."),
                "title": (str | None, "The title, as the provider gives it."),
                "provider_name": (str | None, "Who hosts it: 'YouTube', 'Vimeo'…"),
                "thumbnail_url": (str | None, "A preview picture, if the provider has one."),
                "width": (int | None, "The embed's width in pixels, if fixed."),
                "height": (int | None, "The embed's height in pixels, if fixed."),
            },
        )

    def collect(self, raw, batch):
        if raw and isinstance(raw, str):
            batch.embed_keys.add((raw, *self.max_size))

    def convert(self, raw, batch, block_path):
        if not raw or not isinstance(raw, str):
            return None
        embed = batch.embeds.get((raw, *self.max_size))
        return self.annotation(
            id=batch.block_id(self.annotation, block_path),
            url=raw,
            html=(embed.html or None) if embed else None,
            title=(embed.title or None) if embed else None,
            provider_name=(embed.provider_name or None) if embed else None,
            thumbnail_url=(embed.thumbnail_url or None) if embed else None,
            width=embed.width if embed else None,
            height=embed.height if embed else None,
        )


class WrappedValue(Value):
    """A stream child that is not a StructBlock (a paragraph): an object type with its ``id``
    and the value in one field."""

    def __init__(self, block: blocks.Block, inner: Value, field_name: str) -> None:
        super().__init__(block)
        self.inner = inner
        self.field_name = field_name
        self.annotation = _block_type(
            block,
            {"id": ID_FIELD, field_name: (inner.field_annotation, _help_text(block))},
            description=f"{block.meta.label}: a block.",
        )

    def collect(self, raw, batch):
        self.inner.collect(raw, batch)

    def convert(self, raw, batch, block_path):
        value = self.inner.convert(raw, batch, block_path)
        if value is None and not self.inner.nullable:
            return None
        return self.annotation(
            id=batch.block_id(self.annotation, block_path), **{self.field_name: value}
        )


SCALARS: list[tuple[type[blocks.Block], type]] = [
    (blocks.IntegerBlock, int),
    (blocks.FloatBlock, float),
    (blocks.BooleanBlock, bool),
    (blocks.DateBlock, datetime.date),
    (blocks.CharBlock, str),
    (blocks.TextBlock, str),
    (blocks.URLBlock, str),
    (blocks.EmailBlock, str),
    (blocks.RegexBlock, str),
]


def value_for(block: blocks.Block, enum_name: str) -> Value:
    """The Value for a block definition. ``enum_name`` names a choice block's enum."""
    if isinstance(block, blocks.StructBlock):
        for block_class, value_class in STRUCT_VALUES.items():
            if isinstance(block, block_class):
                return value_class(block)
        return StructValue(block)
    if isinstance(block, blocks.ListBlock):
        return ListValue(block, value_for(block.child_block, enum_name))
    if isinstance(block, EmbedBlock):
        return EmbedValue(block)
    if isinstance(block, blocks.RichTextBlock):
        return RichTextValue(block)
    if isinstance(block, ImageChooserBlock):
        return ImageValue(block)
    if isinstance(block, DocumentChooserBlock):
        return DocumentValue(block)
    if isinstance(block, blocks.PageChooserBlock):
        return PageValue(block)
    if isinstance(block, blocks.ChoiceBlock):
        return ChoiceValue(block, enum_name)
    for block_class, annotation in SCALARS:
        if isinstance(block, block_class):
            return ScalarValue(block, annotation)
    raise TypeError(f"The GraphQL schema has no mapping for {type(block).__name__}.")
