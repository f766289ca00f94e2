"""Images: named rendition presets over a fixed allow-list, never a client-supplied filter spec.

No API request encodes an image. A rendition that exists is given by its file's URL; one that
does not yet exist by a signed URL of Wagtail's image serve view (``images/<signature>/<id>/
<spec>/<file>``, frontend_schema/urls.py), which renders it on its first fetch (one rendition per
request) and redirects to the file. Either URL always works, and the width and height are the
rendition's in both cases (computed from the original's size without rendering). Publishing a
page renders its images' presets in the background (``frontend_schema.tasks``), so the answers
for published pages hold file URLs. docs/graphql-endpoint.md, "Cost and images", says more.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import Enum
from typing import Annotated

import strawberry
import strawberry_django
from django.db.models import FilteredRelation, Prefetch, Q
from strawberry import Info, relay
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage, Filter
from wagtail.images.views.serve import generate_image_url

from frontend_schema.context import get_request

Image = get_image_model()
Rendition = Image.get_rendition_model()


@dataclass(frozen=True)
class Preset:
    description: str
    operation: str  # a Wagtail filter spec with {w} (and {h}) placeholders
    width: int
    height: int | None = None
    srcset_widths: tuple[int, ...] = ()

    def spec(self, width: int, image_format: ImageFormat) -> str:
        height = None
        if self.height:
            height = round(self.height * width / self.width)
        operation = self.operation.format(w=width, h=height)
        suffix = "" if image_format is ImageFormat.ORIGINAL else f"|format-{image_format.value}"
        return f"{operation}{suffix}"

    def widths(self) -> tuple[int, ...]:
        return self.srcset_widths or (self.width,)


@strawberry.enum(description="Named image sizes. Each maps to a fixed crop or resize.")
class ImagePreset(Enum):
    THUMBNAIL = strawberry.enum_value("thumbnail", description="A 160×160 square crop.")
    CARD = strawberry.enum_value("card", description="A 640×360 (16:9) crop for cards.")
    HERO = strawberry.enum_value("hero", description="A 1600×900 (16:9) crop for headers.")
    CONTENT = strawberry.enum_value(
        "content", description="The whole picture, at most 1200 pixels wide or high."
    )
    LOGO = strawberry.enum_value("logo", description="Fitted inside 320×160, never cropped.")
    PORTRAIT = strawberry.enum_value("portrait", description="A 400×400 square crop.")
    SOCIAL = strawberry.enum_value("social", description="A 1200×630 crop for link previews.")


@strawberry.enum(description="The file format of a rendition.")
class ImageFormat(Enum):
    WEBP = strawberry.enum_value("webp", description="WebP: small, supported everywhere.")
    AVIF = strawberry.enum_value("avif", description="AVIF: smallest, newer browsers.")
    JPEG = strawberry.enum_value("jpeg", description="JPEG.")
    PNG = strawberry.enum_value("png", description="PNG, lossless.")
    ORIGINAL = strawberry.enum_value("original", description="The format of the upload.")


PresetArgument = Annotated[ImagePreset, strawberry.argument(description="The size to render.")]
FormatArgument = Annotated[
    ImageFormat, strawberry.argument(description="The file format (default WebP).")
]


PRESETS: dict[ImagePreset, Preset] = {
    ImagePreset.THUMBNAIL: Preset("A 160×160 square crop.", "fill-{w}x{h}", 160, 160, (160, 320)),
    ImagePreset.CARD: Preset(
        "A 16:9 crop for cards in lists.", "fill-{w}x{h}", 640, 360, (320, 640, 960)
    ),
    ImagePreset.HERO: Preset(
        "A wide 16:9 crop for page headers.", "fill-{w}x{h}", 1600, 900, (640, 960, 1280, 1600)
    ),
    ImagePreset.CONTENT: Preset(
        "The whole picture at most 1200 wide, for images in text.",
        "max-{w}x{w}",
        1200,
        None,
        (480, 800, 1200),
    ),
    ImagePreset.LOGO: Preset(
        "A logo fitted inside 320×160 without cropping.", "max-{w}x{h}", 320, 160, (160, 320)
    ),
    ImagePreset.PORTRAIT: Preset("A 400×400 square crop for people.", "fill-{w}x{h}", 400, 400),
    ImagePreset.SOCIAL: Preset(
        "A 1200×630 crop for link previews (Open Graph).", "fill-{w}x{h}", 1200, 630
    ),
}

ALL_SPECS = sorted(
    {
        preset.spec(width, image_format)
        for preset in PRESETS.values()
        for width in preset.widths()
        for image_format in ImageFormat
    }
)


def renditions_prefetch(lookup: str = "renditions") -> Prefetch:
    """Prefetch an image's existing renditions of the allowed presets (one query per list)."""
    return Prefetch(lookup, queryset=Rendition.objects.filter(filter_spec__in=ALL_SPECS))


RENDITION_COLUMNS = ("id", "filter_spec", "file", "width", "height", "focal_point_key", "image_id")


def images_with_renditions(ids) -> dict[int, AbstractImage]:
    """The images with these IDs, each holding its existing renditions of the allowed presets, by
    ID, in one query (a LEFT JOIN of the renditions; two for a prefetch).

    The renditions are set as Wagtail's ``prefetched_renditions``, so ``find_existing_renditions``
    and ``get_renditions`` read them from the image and neither query nor touch the rendition
    cache. IDs of missing images are left out.
    """
    ids = set(ids) - {None}
    if not ids:
        return {}
    db = Image.objects.db
    image_columns = [field.attname for field in Image._meta.concrete_fields]
    rendition_columns = [f"_rendition__{column}" for column in RENDITION_COLUMNS]
    rows = (
        Image.objects.filter(pk__in=ids)
        .annotate(
            _rendition=FilteredRelation(
                "renditions", condition=Q(renditions__filter_spec__in=ALL_SPECS)
            )
        )
        .values_list(*image_columns, *rendition_columns)
        .order_by("pk", "_rendition__id")
    )
    images: dict[int, AbstractImage] = {}
    for row in rows:
        image_values, rendition_values = row[: len(image_columns)], row[len(image_columns) :]
        image = images.get(image_values[0])
        if image is None:
            image = Image.from_db(db, image_columns, image_values)
            image.prefetched_renditions = []
            images[image.pk] = image
        if rendition_values[0] is not None:
            rendition = Rendition.from_db(db, list(RENDITION_COLUMNS), rendition_values)
            rendition.image = image
            image.prefetched_renditions.append(rendition)
    return images


def absolute_url(info: Info, url: str) -> str:
    request = get_request(info)
    if request is not None and url.startswith("/"):
        return request.build_absolute_uri(url)
    return url


@strawberry.type(name="FocalPoint", description="The part of the picture to keep when cropping.")
class FocalPointType:
    x: int = strawberry.field(description="Centre, in pixels from the left.")
    y: int = strawberry.field(description="Centre, in pixels from the top.")
    width: int = strawberry.field(description="Width of the focal area in pixels.")
    height: int = strawberry.field(description="Height of the focal area in pixels.")


@strawberry.type(name="ImageRendition", description="A resized copy of an image.")
class RenditionType:
    url: str = strawberry.field(description="Absolute URL of the file.")
    width: int = strawberry.field(description="Width in pixels.")
    height: int = strawberry.field(description="Height in pixels.")


SERVE_VIEW = "wagtailimages_serve"


@functools.lru_cache(maxsize=len(ALL_SPECS) or None)
def _filter(spec: str) -> Filter:
    # One Filter per spec for the process: Wagtail parses a Filter's operations (with
    # inspect.getcallargs) once per instance, which cost more than the rest of a rendition.
    return Filter(spec)


def rendition_or_serve_url(image: AbstractImage, spec: str) -> tuple[str, int, int]:
    """(URL, width, height) of ``image`` at ``spec``, without rendering anything.

    The URL is the rendition file's when the rendition exists (prefetched renditions are used
    when there are some, else one lookup), else the signed URL of the image serve view, which
    renders it when fetched. ``spec`` must be one of ``ALL_SPECS``: only those are ever signed.
    """
    image_filter = _filter(spec)
    existing = image.find_existing_renditions(image_filter).get(image_filter)
    if existing is not None:
        return existing.url, existing.width, existing.height
    width, height = image_filter.get_transform(image).size
    return generate_image_url(image, spec, viewname=SERVE_VIEW), width, height


def _rendition(info: Info, image: AbstractImage, spec: str) -> RenditionType:
    url, width, height = rendition_or_serve_url(image, spec)
    return RenditionType(url=absolute_url(info, url), width=width, height=height)


@strawberry_django.type(
    Image,
    name="Image",
    description="A picture from the image library. A `Node`: `node(id:)` fetches it again while "
    "a public page (or a site's settings) uses it.",
)
class ImageType(relay.Node):
    title: str = strawberry_django.field(description="The image's title in the library.")
    width: int = strawberry_django.field(description="Width of the original in pixels.")
    height: int = strawberry_django.field(description="Height of the original in pixels.")

    # Nullable like `Page.databaseId` and `Page.url` (a preview has no ID, a page outside every
    # site no URL): fields of one name share one type across `Node`, so fragments merge.
    @strawberry_django.field(description="The image's database ID in Wagtail's library.")
    def database_id(self) -> int | None:
        return self.pk

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids, required: bool = False):
        """The images with these local IDs that the public sees, None for the others."""
        from campaign.selectors import public_images
        from frontend_schema.context import site_roots
        from frontend_schema.nodes import in_order, local_pks

        images = public_images(
            Image.objects.filter(pk__in=local_pks(node_ids)), site_roots=site_roots(info)
        )
        by_pk = {image.pk: image for image in images.prefetch_related(renditions_prefetch())}
        return in_order(node_ids, by_pk, required=required)

    @strawberry_django.field(description="Absolute URL of the original file.")
    def url(self, info: Info) -> str | None:
        return absolute_url(info, self.file.url)

    @strawberry_django.field(
        description="Text that describes the picture for people who cannot see it: the "
        "image's description, else its title."
    )
    def alt_text(self) -> str:
        return self.default_alt_text

    @strawberry_django.field(description="The focal point set by an editor, if any.")
    def focal_point(self) -> FocalPointType | None:
        if self.focal_point_x is None:
            return None
        return FocalPointType(
            x=self.focal_point_x,
            y=self.focal_point_y,
            width=self.focal_point_width or 0,
            height=self.focal_point_height or 0,
        )

    @strawberry_django.field(
        description="A rendition at a named preset's size.",
        prefetch_related=[renditions_prefetch()],
    )
    def rendition(
        self,
        info: Info,
        preset: PresetArgument,
        format: FormatArgument = ImageFormat.WEBP,  # noqa: A002
    ) -> RenditionType:
        config = PRESETS[preset]
        return _rendition(info, self, config.spec(config.width, format))

    @strawberry_django.field(
        description="A `srcset` attribute value with the preset's standard widths, narrowest "
        "first. Each width appears once and none is wider than the original allows: a small "
        "image has fewer candidates.",
        prefetch_related=[renditions_prefetch()],
    )
    def srcset(
        self,
        info: Info,
        preset: PresetArgument,
        format: FormatArgument = ImageFormat.WEBP,  # noqa: A002
    ) -> str:
        return ", ".join(
            f"{rendition.url} {rendition.width}w"
            for rendition in srcset_renditions(info, self, PRESETS[preset], format)
        )


def srcset_renditions(
    info: Info, image: AbstractImage, preset: Preset, image_format: ImageFormat
) -> list[RenditionType]:
    """The renditions of a ``srcset``: one per distinct output width, narrowest first.

    Wagtail never upscales, so on an image narrower than a preset's larger widths several specs
    give the same size; a ``srcset`` with one width twice is invalid, so only the first spec of
    each output width is rendered (the output size is computed, not rendered, to tell).
    """
    return [_rendition(info, image, spec) for spec in srcset_specs(image, preset, image_format)]


def srcset_specs(image: AbstractImage, preset: Preset, image_format: ImageFormat) -> list[str]:
    """The filter specs of a ``srcset``: the first spec of each distinct output width."""
    specs = []
    widths: set[int] = set()
    for width in sorted(preset.widths()):
        spec = preset.spec(width, image_format)
        output_width = Filter(spec).get_transform(image).size[0]
        if output_width not in widths:
            widths.add(output_width)
            specs.append(spec)
    return specs


def preset_specs(image: AbstractImage, image_formats: list[ImageFormat]) -> list[str]:
    """Every spec the API may give for ``image`` in these formats: every preset's ``srcset``
    widths and its ``rendition`` width (rich text's images use the content preset's)."""
    specs: dict[str, None] = {}
    for preset in PRESETS.values():
        for image_format in image_formats:
            specs[preset.spec(preset.width, image_format)] = None
            specs.update(dict.fromkeys(srcset_specs(image, preset, image_format)))
    return list(specs)
