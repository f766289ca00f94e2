"""StreamField blocks: the set editors get, what they link to, and their help texts."""

import pytest
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

from campaign.blocks import (
    CallToActionStreamBlock,
    CampaignStreamBlock,
    CaptionedImageBlock,
    KeyFigureBlock,
)
from campaign.models import DemandPage, OrganisationPage, SupporterPage


def test_the_body_offers_every_campaign_block():
    assert list(CampaignStreamBlock().child_blocks) == [
        "heading",
        "paragraph",
        "image",
        "quote",
        "call_to_action",
        "demand_list",
        "organisation_wall",
        "key_figure",
        "action_list",
        "embed",
        "document_link",
    ]
    assert list(CallToActionStreamBlock().child_blocks) == ["call_to_action"]


def test_blocks_link_to_the_right_page_types():
    body = CampaignStreamBlock().child_blocks

    assert body["quote"].child_blocks["supporter"].target_model is SupporterPage
    assert body["demand_list"].child_blocks["demands"].child_block.target_model is DemandPage
    wall = body["organisation_wall"].child_blocks
    assert wall["organisations"].child_block.target_model is OrganisationPage
    # Chosen by hand, or by role and country when none are chosen.
    assert not wall["organisations"].required
    assert {value for value, _ in wall["role"].field.choices} == {"", "lead", "partner"}
    assert ("DE", "Germany") in list(wall["country"].field.choices)


def block_help_text(block) -> str:
    help_text = getattr(block.meta, "help_text", None)
    if not help_text and hasattr(block, "field"):
        help_text = block.field.help_text
    return str(help_text or "").strip()


def fields_of(block, path: str):
    """(path, block) for every block an editor fills in, below ``block``."""
    if isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield f"{path}.{name}", child
            yield from fields_of(child, f"{path}.{name}")
    elif isinstance(block, blocks.ListBlock):
        # The list carries the help text; its items are the rows.
        if isinstance(block.child_block, blocks.StructBlock):
            yield from fields_of(block.child_block, f"{path}[]")
    elif isinstance(block, blocks.StreamBlock):
        for name, child in block.child_blocks.items():
            if not isinstance(child, blocks.StructBlock):
                yield f"{path}.{name}", child
            yield from fields_of(child, f"{path}.{name}")


def test_every_block_field_has_help_text():
    fields = [
        *fields_of(CampaignStreamBlock(), "body"),
        *fields_of(CallToActionStreamBlock(), "calls_to_action"),
    ]

    assert [path for path, block in fields if not block_help_text(block)] == []
    assert len(fields) > 40


def test_an_image_needs_alt_text():
    block = CaptionedImageBlock()

    with pytest.raises(StructBlockValidationError) as exc_info:
        block.clean(block.to_python({"image": None, "alt_text": "", "caption": "", "credit": ""}))

    assert set(exc_info.value.block_errors) == {"image", "alt_text"}


def test_a_key_figure_needs_a_number_and_a_label():
    block = KeyFigureBlock()
    empty = {"number": None, "label": "", "source": "", "source_url": "", "as_of": None}

    with pytest.raises(StructBlockValidationError) as exc_info:
        block.clean(block.to_python(empty))

    assert set(exc_info.value.block_errors) == {"number", "label"}
    value = block.clean(
        block.to_python({**empty, "number": 71000, "label": "people signed", "as_of": "2021-05-01"})
    )
    assert value["number"] == 71000
    assert value["as_of"].isoformat() == "2021-05-01"
