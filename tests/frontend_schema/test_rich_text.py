"""Rich text as the schema promises: `html` without Wagtail's internal markup, `text` as plain
text (entities decoded, one line per block), written the way the admin's Draftail editor saves it.
"""

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from campaign import factories, models
from campaign.blocks import RICH_TEXT_FEATURES
from frontend_schema.richtext import INTERNAL_ATTRIBUTES, html_to_text
from tests.frontend_schema.full_answer import every_page_and_the_site, objects_of_type, unlimited
from tests.frontend_schema.test_absent_text import cache_embed

EDITOR = ContentstateConverter(features=RICH_TEXT_FEATURES)
INTRO = '{ campaign(slug: "reclaim-your-face") { intro { html text } } }'


def block(text: str, key: str, block_type: str = "unstyled", entities=(), styles=()) -> dict:
    return {
        "key": key,
        "type": block_type,
        "depth": 0,
        "text": text,
        "inlineStyleRanges": list(styles),
        "entityRanges": list(entities),
    }


def as_the_editor_saves(blocks: list[dict], entity_map: dict | None = None) -> str:
    """What the admin stores for content typed in its Draftail editor."""
    return EDITOR.to_database_format(json.dumps({"blocks": blocks, "entityMap": entity_map or {}}))


def set_intro(campaign, html: str) -> None:
    models.CampaignPage.objects.filter(pk=campaign.pk).update(intro=html)


# --- text -----------------------------------------------------------------------------------


def test_text_is_plain_text_with_entities_decoded(campaign_tree, gql):
    typed = "Council & Parliament don't agree <yet>"
    set_intro(campaign_tree.campaign, as_the_editor_saves([block(typed, "k0")]))

    intro = gql(INTRO).data["campaign"]["intro"]

    assert intro["text"] == "Council & Parliament don't agree <yet>"
    assert intro["html"] == "<p>Council &amp; Parliament don't agree &lt;yet&gt;</p>"


def test_text_has_one_line_per_block_and_line_break(campaign_tree, gql):
    html = as_the_editor_saves(
        [
            block("Why", "a", "header-three"),
            block(
                "First  line\nsecond line",
                "b",
                styles=[{"offset": 0, "length": 5, "style": "BOLD"}],
            ),
            block("one", "c", "unordered-list-item"),
            block("two", "d", "unordered-list-item"),
            block("", "e"),
            block("End.", "f"),
        ]
    )
    set_intro(campaign_tree.campaign, html)

    text = gql(INTRO).data["campaign"]["intro"]["text"]

    assert text == "Why\nFirst line\nsecond line\none\ntwo\nEnd."


def test_text_keeps_no_break_spaces_and_collapses_html_whitespace():
    assert html_to_text("<p>a\u00a0b  \t c</p>\n\n<p> d </p>") == "a\u00a0b c\nd"
    assert html_to_text("<p>x &amp;amp; y &#39;z&#39;</p>") == "x &amp; y 'z'"


def expected_text(lines: list[str]) -> str:
    """Typed lines as a browser shows them: runs of HTML whitespace are one space, line breaks
    (Shift+Enter) and paragraphs are lines, empty lines are dropped."""
    shown = []
    for line in lines:
        for part in line.split("\n"):
            collapsed = re.sub(r"[ \t\r\f\n]+", " ", part).strip(" ")
            if collapsed:
                shown.append(collapsed)
    return "\n".join(shown)


# Anything an editor can type: every character but NUL (which PostgreSQL cannot store) and lone
# surrogates (not text).
TYPED = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lines=st.lists(TYPED, min_size=1, max_size=4))
def test_any_typed_text_round_trips_through_text(campaign_tree, gql, lines):
    html = as_the_editor_saves([block(line, f"k{i}") for i, line in enumerate(lines)])
    set_intro(campaign_tree.campaign, html)

    intro = gql(INTRO).data["campaign"]["intro"]

    expected = expected_text(lines)
    if expected:
        assert intro is not None
        assert intro["text"] == expected
    else:
        assert intro is None  # nothing typed: an absent intro


def test_an_empty_editor_is_an_absent_intro(campaign_tree, gql):
    set_intro(campaign_tree.campaign, as_the_editor_saves([block("", "k0")]))
    assert gql(INTRO).data["campaign"]["intro"] is None


def test_a_required_rich_text_left_empty_is_still_given(campaign_tree, gql):
    letter = factories.OpenLetterPageFactory(parent=campaign_tree.campaign, title="Letter")
    # The admin refuses a blank letter; older data or an empty paragraph can still hold one.
    empty = as_the_editor_saves([block("", "k0")])
    models.OpenLetterPage.objects.filter(pk=letter.pk).update(text=empty)
    data = gql("{ openLetters { edges { node { text { html text } } } } }").data
    assert data["openLetters"]["edges"][0]["node"]["text"] == {"html": "<p></p>", "text": ""}


# --- html -----------------------------------------------------------------------------------


def linked_text(page_id: int, document_id: int) -> str:
    """A heading, a paragraph with a page link, a document link and bold, and a list with an
    external link, as the editor stores them (block keys, linktype and id attributes)."""
    return as_the_editor_saves(
        [
            block("Why", "a1", "header-three"),
            block(
                "Read our letter and the report & more",
                "b2",
                entities=[
                    {"offset": 9, "length": 10, "key": 0},
                    {"offset": 24, "length": 6, "key": 1},
                ],
                styles=[{"offset": 0, "length": 4, "style": "BOLD"}],
            ),
            block(
                "elsewhere",
                "c3",
                "unordered-list-item",
                entities=[{"offset": 0, "length": 9, "key": 2}],
            ),
        ],
        {
            "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"id": page_id, "url": "/x/"}},
            "1": {"type": "DOCUMENT", "mutability": "MUTABLE", "data": {"id": document_id}},
            "2": {
                "type": "LINK",
                "mutability": "MUTABLE",
                "data": {"url": "https://example.org/?a=1&b=2"},
            },
        },
    )


def test_html_written_in_the_admin_has_no_internal_markup(campaign_tree, gql):
    letter = factories.OpenLetterPageFactory(parent=campaign_tree.campaign, slug="letter")
    document = factories.DocumentFactory()
    stored = linked_text(letter.pk, document.pk)
    assert 'data-block-key="b2"' in stored and 'linktype="page"' in stored  # as the admin saves
    set_intro(campaign_tree.campaign, stored)

    intro = gql(INTRO).data["campaign"]["intro"]

    assert intro["html"] == (
        "<h3>Why</h3>"
        '<p><b>Read</b> our <a href="/letter/">letter and</a> the '
        f'<a href="http://localhost{document.url}">report</a> &amp; more</p>'
        '<ul><li><a href="https://example.org/?a=1&amp;b=2">elsewhere</a></li></ul>'
    )
    assert intro["text"] == "Why\nRead our letter and the report & more\nelsewhere"


INTERNAL_MARKUP = re.compile(
    r"<[^>]*\s(" + "|".join(re.escape(name) for name in INTERNAL_ATTRIBUTES) + r")\s*=|<embed\b",
    re.IGNORECASE,
)


def test_no_rich_text_in_a_full_answer_has_internal_markup(campaign_tree, gql, settings):
    """Every rich text of every page type and block, as the admin saves it."""
    unlimited(settings)
    cache_embed()
    pages = factories.pages_of_every_type(campaign_tree.campaign)
    document = factories.DocumentFactory()
    image = factories.ImageFactory()
    stored = linked_text(pages[models.OpenLetterPage].pk, document.pk) + (
        f'<embed embedtype="image" id="{image.pk}" format="left" alt="A crowd"/>'
    )
    for page in pages.values():
        model = type(page)
        for field in model._meta.concrete_fields:
            if field.get_internal_type() == "TextField" and type(field).__name__ == "RichTextField":
                model.objects.filter(pk=page.pk).update(**{field.name: stored})
        if hasattr(page, "body"):
            page.body = [
                *page.body.raw_data,
                {
                    "type": "paragraph",
                    "value": stored,
                    "id": "3b9f8a4c-0000-4000-8000-000000000001",
                },
            ]
            page.save()

    answer = gql(every_page_and_the_site({"preset": "CARD"})).data

    rich_texts = objects_of_type(answer, "RichText")
    page_types = {edge["node"]["__typename"] for edge in answer["pages"]["edges"]}
    assert len(rich_texts) >= len(page_types)  # every intro, letter and paragraph was seen
    leaking = [
        (path, value["html"]) for path, value in rich_texts if INTERNAL_MARKUP.search(value["html"])
    ]
    assert not leaking, leaking
    assert all(
        "<img src=" in value["html"] for _path, value in rich_texts if "Why" in value["text"]
    )


@pytest.mark.parametrize(
    ("stored", "given"),
    [
        ('<p data-block-key="x1">a</p>', "<p>a</p>"),
        ("<p data-block-key='x1' class=\"lead\">a</p>", '<p class="lead">a</p>'),
        (
            '<h3 data-block-key="x2">a</h3><ol><li data-block-key="x3">b</li></ol>',
            "<h3>a</h3><ol><li>b</li></ol>",
        ),
        ("<p>a<br/>b</p>", "<p>a<br/>b</p>"),  # untouched when there is nothing to remove
        ('<p id="7" data-block-key="k">a &gt; b</p>', "<p>a &gt; b</p>"),
        ('<a href="https://x.org/" id="3">x</a>', '<a href="https://x.org/">x</a>'),
        ('<a linktype="unknown" id="3">x</a>', "<a>x</a>"),  # a link type Wagtail does not know
    ],
)
def test_internal_attributes_are_removed_and_nothing_else(campaign_tree, gql, stored, given):
    set_intro(campaign_tree.campaign, stored)
    assert gql(INTRO).data["campaign"]["intro"]["html"] == given
