"""The CMS host is not a second, leakier front end: whatever Wagtail's page URLs serve (without
FRONTEND_BASE_URL) follows the API's visibility rule, for every page type and every link.

The issue's case: ``GET /coalition/`` answered with HTML whose rich-text links carried the slugs
of draft, private and other-site pages, and a live page past its expiry was served in full.
"""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    Site,
)
from wagtail_factories import CollectionFactory, DocumentFactory

from campaign import factories
from tests.campaign.test_templates import offline_embeds as offline_embeds  # a fixture

HIDDEN_KINDS = ["draft", "login", "password", "expired", "alias of hidden", "other site"]


def hide(kind: str, page: Page) -> Page:
    """Hide ``page`` the way ``kind`` says; returns the page that links should point at."""
    if kind == "draft":
        page.unpublish()
    elif kind in {"login", "password"}:
        PageViewRestriction.objects.create(
            page=page,
            restriction_type=PageViewRestriction.LOGIN
            if kind == "login"
            else PageViewRestriction.PASSWORD,
            password="secret",
        )
    elif kind == "expired":
        Page.objects.filter(pk=page.pk).update(
            expire_at=timezone.now() - datetime.timedelta(minutes=1)
        )
    elif kind == "alias of hidden":
        # In a campaign nested in the site's campaign, so that a demand's alias does not take
        # the number of the demand in the same campaign.
        site_root = page.get_ancestors().get(depth=2)
        holder = factories.CampaignPageFactory(parent=site_root, slug=f"{page.slug}-aliases")
        alias = page.create_alias(parent=holder, update_slug=f"{page.slug}-alias")
        page.unpublish()
        return alias
    elif kind == "other site":
        site = Site.objects.filter(hostname="other.example").first()
        if site is None:
            root = factories.CampaignPageFactory(parent=Page.get_first_root_node(), slug="other")
            site = Site.objects.create(hostname="other.example", root_page=root)
        page.move(site.root_page, pos="last-child")
    return page


def hidden_page(campaign_tree, kind: str, model_factory, parent, slug: str) -> Page:
    return hide(kind, model_factory(parent=parent, slug=slug, title=f"Hidden {slug}"))


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_no_page_links_to_a_hidden_page(kind, campaign_tree, client):
    """Every page type, every chooser, related page, signatory and rich-text link pointing at a
    hidden page of one kind: no served HTML names it."""
    tree = factories.pages_of_every_type(campaign_tree.campaign)
    hidden = {
        "organisation": hidden_page(
            campaign_tree,
            kind,
            factories.OrganisationPageFactory,
            campaign_tree.organisations,
            "secret-coalition-member",
        ),
        "supporter": hidden_page(
            campaign_tree,
            kind,
            factories.SupporterPageFactory,
            campaign_tree.supporters,
            "secret-supporter",
        ),
        "demand": hidden_page(
            campaign_tree,
            kind,
            factories.DemandPageFactory,
            campaign_tree.demands,
            "secret-demand",
        ),
        "post": hidden_page(
            campaign_tree,
            kind,
            factories.CampaignPostPageFactory,
            campaign_tree.posts,
            "secret-post",
        ),
    }
    private_collection = CollectionFactory(name="Board", parent=Collection.get_first_root_node())
    CollectionViewRestriction.objects.create(
        collection=private_collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    minutes = DocumentFactory(title="Board minutes", collection=private_collection)
    links = "".join(
        f'<a linktype="page" id="{page.pk}">{name}</a> ' for name, page in hidden.items()
    )
    rich_text = f'<p>{links}<a linktype="document" id="{minutes.pk}">minutes</a></p>'
    point_every_link_at(tree, hidden, rich_text, minutes)

    for model, page in tree.items():
        page.refresh_from_db()
        response = client.get(page.url, HTTP_HOST="localhost")
        assert response.status_code == 200, model.__name__
        html = response.content.decode()
        for name, target in hidden.items():
            assert "secret-" not in html, (model.__name__, name)
            assert f"Hidden {target.slug}" not in html, (model.__name__, name)
        assert "board-minutes" not in html.lower() and f"/documents/{minutes.pk}/" not in html
        # The words of the links stay; only their addresses go. (The campaign is the site's
        # root, whose address is the landing page.)
        specific = page.specific
        if model.__name__ != "CampaignPage" and any(
            hasattr(specific, field) for field in ("intro", "body", "text")
        ):
            assert "<a>organisation</a>" in html, model.__name__


def point_every_link_at(tree, hidden, rich_text, document):
    """Make every page-linking field of every page in ``tree`` point at the ``hidden`` pages."""
    from campaign.models import (
        CampaignPostDemand,
        CampaignPostOrganisation,
        CampaignPostSupporter,
        OpenLetterSignatory,
    )

    for page in tree.values():
        specific = page.specific
        if hasattr(specific, "intro"):
            specific.intro = rich_text
        if hasattr(specific, "text") and type(specific).__name__ == "OpenLetterPage":
            specific.text = rich_text
        for field in ("body", "calls_to_action"):
            stream = getattr(specific, field, None)
            if stream is None:
                continue
            raw = list(stream.raw_data)
            for block in raw:
                retarget(block, hidden, rich_text, document)
            setattr(specific, field, raw)
        specific.save()
        for row in CampaignPostDemand.objects.filter(page_id=page.pk):
            row.demand = hidden["demand"]
            row.save()
        for row in CampaignPostOrganisation.objects.filter(page_id=page.pk):
            row.organisation = hidden["organisation"]
            row.save()
        for row in CampaignPostSupporter.objects.filter(page_id=page.pk):
            row.supporter = hidden["supporter"]
            row.save()
        for row in OpenLetterSignatory.objects.filter(page_id=page.pk):
            row.organisation = hidden["organisation"]
            row.save()


def retarget(block: dict, hidden, rich_text, document):
    """Point one raw StreamField block's page choosers, rich text and documents at the hidden
    ones, by the block's definition."""
    kind, value = block["type"], block["value"]
    if kind == "paragraph":
        block["value"] = rich_text
    elif kind == "quote":
        value["supporter"] = hidden["supporter"].pk
    elif kind == "call_to_action":
        value["page"] = hidden["post"].pk
    elif kind == "demand_list":
        value["demands"] = [item_of(hidden["demand"].pk, value["demands"])]
    elif kind == "organisation_wall":
        value["organisations"] = [item_of(hidden["organisation"].pk, value["organisations"])]
    elif kind == "document_link":
        value["document"] = document.pk


def item_of(pk, items):
    """A ListBlock item in the stored form of ``items`` (plain IDs, or dicts with a value)."""
    if items and isinstance(items[0], dict):
        return {**items[0], "value": pk}
    return pk


def test_the_linking_blocks_are_all_covered():
    """A new block that links a page (or holds rich text or a document) must be added to
    ``retarget`` above, or the test above would not cover it."""
    from wagtail import blocks as wagtail_blocks
    from wagtail.documents.blocks import DocumentChooserBlock

    from campaign.blocks import CallToActionStreamBlock, CampaignStreamBlock
    from tests.campaign.test_templates import walk

    covered = {
        "paragraph",
        "quote",
        "call_to_action",
        "demand_list",
        "organisation_wall",
        "document_link",
    }
    for stream in (CampaignStreamBlock(), CallToActionStreamBlock()):
        for name, child in stream.child_blocks.items():
            links = any(
                isinstance(
                    inner,
                    wagtail_blocks.PageChooserBlock
                    | wagtail_blocks.RichTextBlock
                    | DocumentChooserBlock,
                )
                for inner in walk(child)
            )
            if links:
                assert name in covered, name


@pytest.mark.parametrize("kind", ["draft", "login", "password", "expired", "alias of hidden"])
def test_every_hidden_page_type_is_a_404(kind, campaign_tree, client):
    tree = factories.pages_of_every_type(campaign_tree.campaign)
    for model, page in tree.items():
        if model.__name__ == "CampaignPage":
            continue
        page.refresh_from_db()
        target = hide(kind, page)
        target.refresh_from_db()
        response = client.get(target.url or f"/{target.url_path}", HTTP_HOST="localhost")
        assert response.status_code == 404, (model.__name__, kind)
        # Undo, so that the next page's parent stays public.
        PageViewRestriction.objects.filter(page_id=page.pk).delete()
        Page.objects.filter(pk=page.pk).update(expire_at=None, live=True)


def test_the_issues_expired_live_page_is_a_404_before_publish_scheduled(campaign_tree, client):
    coalition = campaign_tree.organisations
    assert coalition.url == "/coalition/"
    assert client.get("/coalition/", HTTP_HOST="localhost").status_code == 200
    Page.objects.filter(pk=coalition.pk).update(
        expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    # Still live: publish_scheduled has not run.
    assert Page.objects.get(pk=coalition.pk).live
    assert client.get("/coalition/", HTTP_HOST="localhost").status_code == 404
