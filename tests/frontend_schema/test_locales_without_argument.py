"""Links across locales, with no ``locale`` argument: every linked page follows the locale of the
answer, by one rule for every path (``campaign.selectors.public_link_targets``).

The issue's case: call-to-action pages, quote supporters, demand and organisation choosers,
related pages and signatories could be German pages inside an English answer, while rich-text
links were localised. Here English content links the *German* translations everywhere a page can
be linked (found from the block definitions, see tests/campaign/test_host_pages.py), and each
page is asked for by its path alone; every field of the schema is selected (by introspection).
"""

import re

from wagtail_factories import DocumentFactory

from campaign import models
from tests.campaign.test_host_pages import point_every_link_at
from tests.frontend_schema.test_locales import (
    PAGE,
    by_depth,
    linked_pages,
    selection,
    translate,
)
from tests.frontend_schema.test_locales import (
    _room_for_generated_queries as _room_for_generated_queries,  # an autouse fixture
)
from tests.frontend_schema.test_locales import every_page as every_page  # a fixture

QUERY = f"query($path: String!) {{ page(path: $path) {selection(PAGE, 8)} }}"


def answers_by_path(gql, pages) -> list[dict]:
    return [gql(QUERY, {"path": page.get_url()}).data["page"] for page in pages]


def test_english_content_linking_german_pages_answers_with_english_pages(every_page, locales, gql):
    german = {page.pk: translate(page, locales["de"]) for page in by_depth(every_page)}
    german_of = {model: german[page.pk] for model, page in every_page.items()}
    targets = {
        "organisation": german_of[models.OrganisationPage],
        "supporter": german_of[models.SupporterPage],
        "demand": german_of[models.DemandPage],
        "post": german_of[models.CampaignPostPage],
    }
    rich_text = (
        "<p>"
        + "".join(
            f'<a linktype="page" id="{page.pk}">{name}</a> ' for name, page in targets.items()
        )
        + "</p>"
    )
    point_every_link_at(every_page, targets, rich_text, DocumentFactory())

    english = answers_by_path(gql, by_depth(every_page))

    linked = [page for node in english for page in linked_pages(node)]
    assert len(linked) > 10
    assert {(page["locale"], page["isFallback"]) for page in linked} == {("en", False)}
    for node in english:
        hrefs = re.findall(r'href="([^"]*)"', str(node))
        assert not [href for href in hrefs if "/de/" in href], node["__typename"]


def test_german_content_linking_english_pages_answers_with_german_pages(every_page, locales, gql):
    """The other way round: German translations keep their links to the English pages; asked
    for by their /de/ path, they answer with the German translations."""
    german = [translate(page, locales["de"]) for page in by_depth(every_page)]

    answers = answers_by_path(gql, german)

    linked = [page for node in answers for page in linked_pages(node)]
    assert len(linked) > 10
    assert {(page["locale"], page["isFallback"]) for page in linked} == {("de", False)}
