"""What the streams of a group refer to, loaded for the whole group in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils import timezone
from strawberry import Info
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed, get_embed_hash
from wagtail.embeds.exceptions import EmbedException
from wagtail.embeds.models import Embed
from wagtail.models import Page

from campaign import models
from campaign.selectors import (
    campaign_item_lists,
    public_documents,
    public_link_targets,
)
from frontend_schema.batching import register_group
from frontend_schema.context import default_locale, site_roots
from frontend_schema.images import images_with_renditions
from frontend_schema.nodes import block_id, page_local_id
from frontend_schema.richtext import References, RichTextType

Document = get_document_model()


class Batch:
    """Everything the streams of one group refer to: wanted while the streams are read, then
    loaded together, then looked up while the blocks are built."""

    def __init__(self, info: Info) -> None:
        self.info = info
        self.page: Page | None = None  # the page whose stream is being read
        self.field_name = ""  # and the StreamField's name
        self.page_links: set[tuple[int, int]] = set()  # (chosen page ID, locale ID of the owner)
        self.image_ids: set[int] = set()
        self.document_ids: set[int] = set()
        self.embed_keys: set[tuple[str, int | None, int | None]] = set()
        self.html: list[tuple[str, int]] = []  # (rich text, locale ID of the owner)
        self.campaign_lists: dict[type[Page], set[int]] = defaultdict(set)  # model → id(page)
        self.pages: dict[tuple[int, int], Page] = {}
        self.images: dict[int, Any] = {}
        self.documents: dict[int, Any] = {}
        self.embeds: dict[tuple, Embed | None] = {}
        self.references: References | None = None
        self.rich_text: dict[tuple[str, int], RichTextType] = {}
        self.campaign_pages: dict[tuple[type[Page], int], list[Page]] = {}

    def block_id(self, block_type: type, block_path: str) -> str:
        """The ``id`` of the block of GraphQL type ``block_type`` at ``block_path`` in the
        current page's stream (see ``frontend_schema.nodes.block_id``)."""
        type_name = block_type.__strawberry_definition__.name
        return block_id(type_name, page_local_id(self.page), f"{self.field_name}/{block_path}")

    def want_campaign_list(self, model: type[Page]) -> None:
        """The current page needs the public ``model`` pages of its campaign."""
        self.campaign_lists[model].add(id(self.page))

    def campaign_list(self, model: type[Page]) -> list[Page]:
        return self.campaign_pages.get((model, id(self.page)), [])

    def load(self, owners: list[Page]) -> None:
        roots = site_roots(self.info)
        self.pages = public_link_targets(self.page_links, site_roots=roots, specific=True)
        self._load_campaign_lists(owners, roots)
        # The resolved pages form one list, so that their own fields load together too.
        register_group(
            self.info,
            [
                *{id(p): p for p in self.pages.values()}.values(),
                *(p for ps in self.campaign_pages.values() for p in ps),
            ],
        )
        if self.image_ids:
            self.images = images_with_renditions(self.image_ids)
        if self.document_ids:
            documents = public_documents(Document.objects.filter(pk__in=self.document_ids))
            self.documents = {document.pk: document for document in documents}
        self._load_embeds()
        if self.html:
            self.references = References(self.info, self.html)

    def want_page(self, page_id: int) -> None:
        """The current page chose the page ``page_id``."""
        self.page_links.add((page_id, self.page.locale_id))

    def chosen_page(self, page_id: int) -> Page | None:
        """Where the current page's choice of ``page_id`` leads: see ``public_link_targets``."""
        return self.pages.get((page_id, self.page.locale_id))

    def want_rich_text(self, html: str) -> None:
        """The current page holds the rich text ``html``."""
        self.html.append((html, self.page.locale_id))

    def render_rich_text(self, html: str) -> RichTextType:
        """Rich text held by the current page: links follow it to its locale."""
        key = (html, self.page.locale_id)
        if key not in self.rich_text:
            self.rich_text[key] = self.references.render(html, self.page.locale_id)
        return self.rich_text[key]

    def _load_campaign_lists(self, owners: list[Page], roots: list[Page]) -> None:
        wanted = {page_id for page_ids in self.campaign_lists.values() for page_id in page_ids}
        if not wanted:
            return
        campaign_of = _campaigns_of([owner for owner in owners if id(owner) in wanted])
        for model, page_ids in self.campaign_lists.items():
            campaigns = {campaign_of[page_id] for page_id in page_ids} - {None}
            # A translated campaign lists every item: the untranslated in the site's language.
            by_campaign = campaign_item_lists(
                model,
                campaigns,
                default_locale=default_locale(self.info),
                site_roots=roots,
                ordering=("number", "pk") if model is models.DemandPage else ("title", "pk"),
            )
            for page_id in page_ids:
                campaign = campaign_of[page_id]
                if campaign is not None:
                    self.campaign_pages[(model, page_id)] = by_campaign[campaign.path]

    def _load_embeds(self) -> None:
        if not self.embed_keys:
            return
        hashes = {get_embed_hash(*key): key for key in self.embed_keys}
        cached = Embed.objects.filter(hash__in=hashes).exclude(cache_until__lte=timezone.now())
        self.embeds = {hashes[embed.hash]: embed for embed in cached}
        for key in self.embed_keys - self.embeds.keys():
            # Not fetched yet: ask the provider once; Wagtail keeps the answer in the database.
            try:
                self.embeds[key] = get_embed(*key)
            except EmbedException:
                self.embeds[key] = None


def _campaigns_of(pages: list[Page]) -> dict[int, models.CampaignPage | None]:
    """The nearest CampaignPage at or above each page (campaigns nest), by ``id(page)``."""
    step = Page.steplen
    prefixes = {page.path[:end] for page in pages for end in range(step, len(page.path) + 1, step)}
    campaigns = {c.path: c for c in models.CampaignPage.objects.filter(path__in=prefixes)}
    result = {}
    for page in pages:
        above = [path for path in campaigns if page.path.startswith(path)]
        result[id(page)] = campaigns[max(above, key=len)] if above else None
    return result
