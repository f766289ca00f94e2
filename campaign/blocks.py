"""StreamField blocks for campaign writing.

Each block is a StructBlock with help text on every child so that editors know what to enter, and
so that the GraphQL schema can describe each field precisely.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django_countries import countries
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page

from campaign.choices import HeadingLevel, OrganisationRole

# Every block renders with a template of its own under campaign/templates/campaign/blocks/ (for
# the built-in preview); Wagtail's default rendering would dump the raw values on screen.
TEMPLATES = "campaign/blocks/{}.html"


def _public(pages, parent_context):
    """Where the template of the page being rendered may link ``pages`` to: their public
    targets (``campaign.selectors.public_links_from``), none outside a page."""
    from campaign.selectors import public_links_from

    page = (parent_context or {}).get("page")
    return public_links_from(page, pages) if isinstance(page, Page) else []


def _campaign(parent_context):
    page = (parent_context or {}).get("page")
    return page.get_campaign() if hasattr(page, "get_campaign") else None


RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


def country_choices():
    return [("", "Any country"), *((code, name) for code, name in countries)]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200, help_text="The heading's words.")
    level = blocks.ChoiceBlock(
        choices=HeadingLevel.choices,
        default=HeadingLevel.H2,
        help_text="Use H2 for sections and H3/H4 for parts of a section.",
    )

    class Meta:
        template = TEMPLATES.format("heading")
        icon = "title"
        label = "Heading"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        kwargs.setdefault("help_text", "Body text. Links to other pages are kept up to date.")
        super().__init__(**kwargs)

    class Meta:
        template = TEMPLATES.format("paragraph")
        icon = "pilcrow"
        label = "Paragraph"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(help_text="The picture. Set its focal point in the image library.")
    alt_text = blocks.CharBlock(
        max_length=255,
        help_text="Describe the picture for people who cannot see it. Required for accessibility.",
    )
    caption = blocks.CharBlock(
        required=False, max_length=500, help_text="Optional text shown below the picture."
    )
    credit = blocks.CharBlock(
        required=False, max_length=255, help_text="Photographer or source, if it must be credited."
    )

    class Meta:
        template = TEMPLATES.format("image")
        icon = "image"
        label = "Image"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(help_text="The quoted words, without quotation marks.")
    speaker = blocks.CharBlock(max_length=255, help_text="Who said it.")
    speaker_role = blocks.CharBlock(
        required=False,
        max_length=255,
        help_text="The speaker's role, for example 'MEP, Renew Europe'.",
    )
    supporter = blocks.PageChooserBlock(
        required=False,
        page_type="campaign.SupporterPage",
        help_text="Optional: link the quote to the speaker's supporter page.",
    )
    source_url = blocks.URLBlock(
        required=False, help_text="Where the quote was published, if anywhere."
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        supporter = value.get("supporter")
        context["supporter"] = next(
            iter(_public([supporter] if supporter else [], parent_context)), None
        )
        return context

    class Meta:
        template = TEMPLATES.format("quote")
        icon = "openquote"
        label = "Quote"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, help_text="A short, active heading: 'Sign the ECI'.")
    text = blocks.TextBlock(required=False, help_text="One or two sentences on why to act.")
    button_label = blocks.CharBlock(max_length=60, help_text="The words on the button.")
    page = blocks.PageChooserBlock(
        required=False, help_text="A page in this CMS to send people to. Or give a link below."
    )
    url = blocks.URLBlock(
        required=False, help_text="An external link, used when no page is chosen."
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        page = value.get("page")
        context["target_page"] = next(iter(_public([page] if page else [], parent_context)), None)
        return context

    class Meta:
        template = TEMPLATES.format("call_to_action")
        icon = "pick"
        label = "Call to action"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={
                    "page": ValidationError(
                        gettext("Choose a page or give a link for the button.")
                    ),
                }
            )
        return value


class DemandListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        required=False, max_length=200, help_text="Optional heading above the list."
    )
    demands = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="campaign.DemandPage"),
        required=False,
        default=[],
        help_text="Choose demands to show. Leave empty to show all of the campaign's demands.",
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        if value.get("demands"):
            context["demands"] = _public(value["demands"], parent_context)
        else:
            campaign = _campaign(parent_context)
            context["demands"] = (
                _public(campaign.own_demands().order_by("number"), parent_context)
                if campaign
                else []
            )
        return context

    class Meta:
        template = TEMPLATES.format("demand_list")
        icon = "list-ol"
        label = "List of demands"


class OrganisationWallBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=200, help_text="Optional heading.")
    organisations = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="campaign.OrganisationPage"),
        required=False,
        default=[],
        help_text="Choose organisations by hand, or leave empty to select by role and country.",
    )
    role = blocks.ChoiceBlock(
        required=False,
        choices=[("", "Any role"), *OrganisationRole.choices],
        help_text="When no organisations are chosen: show only this role.",
    )
    country = blocks.ChoiceBlock(
        required=False,
        choices=country_choices,
        help_text="When no organisations are chosen: show only this country.",
    )

    def get_context(self, value, parent_context=None):
        from campaign.models import OrganisationPage
        from campaign.selectors import campaign_items

        context = super().get_context(value, parent_context)
        if value.get("organisations"):
            context["organisations"] = _public(value["organisations"], parent_context)
            return context
        campaign = _campaign(parent_context)
        organisations = OrganisationPage.objects.none()
        if campaign is not None:
            organisations = campaign_items(OrganisationPage, [campaign]).order_by("title")
            if value.get("role"):
                organisations = organisations.filter(role=value["role"])
            if value.get("country"):
                organisations = organisations.filter(country=value["country"])
        context["organisations"] = _public(organisations, parent_context)
        return context

    class Meta:
        template = TEMPLATES.format("organisation_wall")
        icon = "group"
        label = "Wall of organisation logos"


class KeyFigureBlock(blocks.StructBlock):
    number = blocks.IntegerBlock(help_text="The figure itself, as a whole number: 71000.")
    label = blocks.CharBlock(max_length=200, help_text="What it counts: 'people signed the ECI'.")
    source = blocks.CharBlock(
        required=False, max_length=255, help_text="Where the figure comes from."
    )
    source_url = blocks.URLBlock(required=False, help_text="A link to the source.")
    as_of = blocks.DateBlock(required=False, help_text="The date the figure was true.")

    class Meta:
        template = TEMPLATES.format("key_figure")
        icon = "order"
        label = "Key figure"


class ActionItemBlock(blocks.StructBlock):
    date = blocks.DateBlock(help_text="When it happened or will happen.")
    title = blocks.CharBlock(max_length=200, help_text="What happened, in a few words.")
    description = blocks.TextBlock(required=False, help_text="Optional details.")
    url = blocks.URLBlock(required=False, help_text="Optional link to more.")

    class Meta:
        template = TEMPLATES.format("action_item")
        icon = "date"
        label = "Action"


class ActionListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=200, help_text="Optional heading.")
    actions = blocks.ListBlock(ActionItemBlock(), help_text="The actions, one per row.")

    class Meta:
        template = TEMPLATES.format("action_list")
        icon = "list-ul"
        label = "Dated list of actions"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(help_text="The document to link to.")
    title = blocks.CharBlock(
        required=False, max_length=255, help_text="Link text. Defaults to the document's title."
    )
    description = blocks.TextBlock(required=False, help_text="Optional note about the document.")

    def get_context(self, value, parent_context=None):
        from campaign.selectors import public_documents

        context = super().get_context(value, parent_context)
        document = value.get("document")
        if (
            document is not None
            and not public_documents(type(document).objects.filter(pk=document.pk)).exists()
        ):
            # A document in a private collection: no link to it from a page.
            context["value"] = {**value, "document": None}
        return context

    class Meta:
        template = TEMPLATES.format("document_link")
        icon = "doc-full"
        label = "Document link"


class CampaignEmbedBlock(EmbedBlock):
    class Meta:
        template = TEMPLATES.format("embed")
        icon = "media"
        label = "Embed"
        help_text = "A link to a video or post (YouTube, Vimeo, PeerTube, Mastodon...)."


class CampaignStreamBlock(blocks.StreamBlock):
    """The body of posts and general pages."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    demand_list = DemandListBlock()
    organisation_wall = OrganisationWallBlock()
    key_figure = KeyFigureBlock()
    action_list = ActionListBlock()
    embed = CampaignEmbedBlock()
    document_link = DocumentLinkBlock()


class CallToActionStreamBlock(blocks.StreamBlock):
    call_to_action = CallToActionBlock()
