"""Stand-in images for the demo: initials on a coloured square, marked as placeholders.

The demo must not pass off a drawing as an organisation's real logo or a person's portrait, so
every image says "placeholder" on it and in its alt text. Colours come from a hash of the name, so
the same name always gets the same picture.
"""

import colorsys
import hashlib
import io
import re

from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.utils.file import hash_filelike

COLLECTION_NAME = "Demo placeholders"
SIZE = 400
# Heroes are wide pictures (the campaign's and each post's), cropped by the front end.
HERO_SIZE = (1600, 900)
# Short words that make poor initials after the first word: "Civil Liberties Union for Europe"
# gives "CL", "La Quadrature du Net" gives "LQ".
_SKIPPED_WORDS = {"of", "for", "the", "and", "de", "des", "du", "la", "le", "der", "die", "für"}


def placeholder_collection_ensure() -> Collection:
    """The 'Demo placeholders' collection, created under the root collection if missing."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=COLLECTION_NAME).first()
    if collection is None:
        collection = root.add_child(name=COLLECTION_NAME)
    return collection


def initials_for(name: str) -> str:
    """Up to two capital letters from the significant words of ``name``."""
    words = [
        word
        for position, word in enumerate(re.split(r"[\s()\-/.,]+", name))
        if word and word[0].isalnum() and (position == 0 or word.lower() not in _SKIPPED_WORDS)
    ]
    letters = "".join(word[0] for word in words[:2]).upper()
    return letters or "?"


def colour_for(name: str) -> tuple[int, int, int]:
    """A mid-dark colour derived from ``name``; white text stays readable on every hue."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    hue = digest[0] / 255
    lightness = 0.32 + digest[1] / 255 * 0.12
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, 0.55)
    return round(red * 255), round(green * 255), round(blue * 255)


def placeholder_png(*, name: str, size: tuple[int, int] = (SIZE, SIZE)) -> bytes:
    """A PNG of ``size`` (width, height in pixels) with the initials of ``name`` and the word
    'placeholder'."""
    width, height = size
    picture = PillowImage.new("RGB", size, colour_for(name))
    draw = ImageDraw.Draw(picture)
    scale = height / SIZE
    draw.text(
        (width // 2, height // 2 - round(20 * scale)),
        initials_for(name),
        fill="white",
        font=ImageFont.load_default(size=round(150 * scale)),
        anchor="mm",
    )
    draw.text(
        (width // 2, height - round(50 * scale)),
        "placeholder",
        fill="white",
        font=ImageFont.load_default(size=round(32 * scale)),
        anchor="mm",
    )
    output = io.BytesIO()
    picture.save(output, format="PNG")
    return output.getvalue()


def placeholder_image_ensure(*, name: str, kind: str = "logo", collection: Collection):
    """The placeholder image for ``name``, reused when one with the same title exists.

    ``kind`` names what the picture stands in for ("logo", "portrait" or "hero"); it goes into
    the title and the alt text. Heroes are ``HERO_SIZE``, the others ``SIZE`` square.
    """
    image_model = get_image_model()
    title = f"Placeholder {kind}: {name}"
    image = image_model.objects.filter(title=title).first()
    if image is not None:
        return image
    data = placeholder_png(name=name, size=HERO_SIZE if kind == "hero" else (SIZE, SIZE))
    image = image_model(
        title=title,
        description=f"Placeholder {kind} showing the initials {initials_for(name)}; "
        f"not the real {kind} of {name}.",
        collection=collection,
        file=ImageFile(io.BytesIO(data), name=f"placeholder-{slugify(name)[:80]}.png"),
        file_size=len(data),
        file_hash=hash_filelike(io.BytesIO(data)),
    )
    image.save()
    return image
