"""The campaign's page types.

The tree of one campaign::

    CampaignPage
    ├── PostIndexPage ── CampaignPostPage …
    ├── DemandIndexPage ── DemandPage …
    ├── OrganisationIndexPage ── OrganisationPage …
    ├── SupporterIndexPage ── SupporterPage …
    ├── OpenLetterPage …
    └── StandardPage … (and StandardPage children)

A site can host several campaigns: a CampaignPage sits at the top of the tree or under another
CampaignPage (for example national campaigns under a European one).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.search.tasks import insert_or_update_object_task

from campaign.blocks import RICH_TEXT_FEATURES, CallToActionStreamBlock, CampaignStreamBlock
from campaign.choices import (
    CampaignStatus,
    DemandProgress,
    Licence,
    OrganisationRole,
    OrganisationScope,
    SupporterKind,
)
from campaign.forms import (
    CampaignAdminPageForm,
    CampaignPageForm,
    DemandPageForm,
    OpenLetterPageForm,
    ParentAwarePageForm,
)

INVALID_COUNTRY = {
    "invalid_choice": _("%(value)s is not a country code we know. Pick a country from the list.")
}


# Supporter kinds that are people: their picture is a portrait, not a logo.
PERSON_KINDS = {SupporterKind.MEP, SupporterKind.NATIONAL_POLITICIAN, SupporterKind.PUBLIC_FIGURE}


def non_negative(message) -> MinValueValidator:
    """A validator refusing numbers below zero with ``message`` (a whole, translatable
    sentence, so that each language can word it its own way)."""
    return MinValueValidator(0, message=message)


def image_field(help_text: str) -> models.ForeignKey:
    return models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


def text_search_fields(*names: str) -> list:
    """A ``SearchField`` and an ``AutocompleteField`` for each text field in ``names``.

    The public search (``frontend_schema.search``) reads the search fields. The Wagtail admin's
    searches (the page search and every listing's search box) autocomplete, which reads only
    autocomplete fields: without them an editor finds a page by its title alone, not by a name
    in its body ("Tudorache").
    """
    return [
        field
        for name in names
        for field in (index.SearchField(name), index.AutocompleteField(name))
    ]


class CampaignContentMixin:
    """Behaviour shared by every campaign page type."""

    base_form_class = CampaignAdminPageForm

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.get_template_context())
        return context

    def get_template_context(self) -> dict:
        """What the page's template needs besides the page: its public related pages."""
        return {}

    def get_campaign(self):
        """The nearest CampaignPage at or above this page, or None outside a campaign."""
        from campaign.selectors import campaign_for_page

        return campaign_for_page(self)

    def serve(self, request, *args, **kwargs):
        # The page templates' inline style and images, under the host's strict
        # Content-Security-Policy (cms.middleware).
        from django.conf import settings

        response = super().serve(request, *args, **kwargs)
        response._csp_update = settings.CONTENT_SECURITY_POLICY_PAGES
        return response

    def serve_preview(self, request, mode_name):
        """Send the editor to the front end's preview with a token for this content.

        Without FRONTEND_PREVIEW_URL, Wagtail's plain preview template is shown instead.
        """
        from django.conf import settings
        from django.shortcuts import redirect
        from django.utils.http import urlencode

        if not settings.FRONTEND_PREVIEW_URL:
            return super().serve_preview(request, mode_name)
        from campaign.services import page_preview_create

        preview = page_preview_create(page=self)
        query = urlencode(
            {
                "token": preview.token,
                "type": type(self).__name__,
                "locale": self.locale.language_code,
            }
        )
        return redirect(f"{settings.FRONTEND_PREVIEW_URL}?{query}")

    def _validation_parent(self):
        """The parent page, also for a page the admin has not saved into the tree yet."""
        parent = getattr(self, "_parent_for_validation", None)
        if parent is not None:
            return parent
        if self.path and self.depth:
            return self.get_parent()
        return None


# --- The campaign home --------------------------------------------------------------------


class CampaignPage(CampaignContentMixin, Page):
    tagline = models.CharField(
        max_length=255,
        blank=True,
        default="",
        help_text="One line under the campaign's name on its home page: what it wants, in plain "
        "words. Leave empty to show the name alone.",
    )
    intro = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        default="",
        help_text="A short introduction shown on the campaign's home page, below the tagline. "
        "Leave empty for none.",
    )
    hero_image = image_field(
        "The large picture at the top of the campaign's home page. Without one, link previews "
        "use the default picture from Settings → Campaign site settings."
    )
    status = models.CharField(
        max_length=20,
        choices=CampaignStatus.choices,
        default=CampaignStatus.ACTIVE,
        help_text="Active while the campaign runs; won or closed when it has ended. The front end "
        "can show the outcome on the home page once the campaign has ended.",
    )
    calls_to_action = StreamField(
        CallToActionStreamBlock(),
        blank=True,
        default=list,
        help_text="The main things you ask visitors to do, shown as buttons near the top of the "
        "home page, most important first. Leave empty to show none.",
    )
    body = StreamField(
        CampaignStreamBlock(),
        blank=True,
        default=list,
        help_text="Further content on the home page, below the introduction and the demands, "
        "in the order given here. Leave empty for none.",
    )
    signature_goal = models.IntegerField(
        null=True,
        blank=True,
        validators=[non_negative(_("The goal cannot be below zero."))],
        help_text="The number of signatures the campaign aims for: the counter shows the progress "
        "towards it. Leave empty if there is none; the counter then shows the count alone.",
    )

    base_form_class = CampaignPageForm
    parent_page_types = ["wagtailcore.Page", "campaign.CampaignPage"]
    subpage_types = [
        "campaign.CampaignPage",
        "campaign.PostIndexPage",
        "campaign.DemandIndexPage",
        "campaign.OrganisationIndexPage",
        "campaign.SupporterIndexPage",
        "campaign.OpenLetterPage",
        "campaign.StandardPage",
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("tagline"),
        FieldPanel("status"),
        FieldPanel("hero_image"),
        FieldPanel("intro"),
        FieldPanel("calls_to_action"),
        MultiFieldPanel(
            [
                FieldPanel("signature_goal"),
                InlinePanel(
                    "signature_countries",
                    label="Breakdown by country",
                    help_text="Optional: signatures per country, when the source publishes them.",
                ),
            ],
            heading="Signature counter",
            help_text="The count itself is recorded under Campaign → Signature counts, "
            "without republishing this page.",
        ),
        FieldPanel("body"),
    ]

    search_fields = [
        *Page.search_fields,
        *text_search_fields("tagline", "intro", "body"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = "campaign"

    def clean(self):
        super().clean()
        if self.signature_goal is not None and self.signature_goal == 0:
            raise ValidationError(
                {"signature_goal": gettext("A goal of zero means no goal: leave it empty.")}
            )

    def own_demands(self):
        """The demands of this campaign, without those of campaigns nested inside it."""
        from campaign.selectors import campaign_items

        return campaign_items(DemandPage, [self])

    def get_template_context(self) -> dict:
        from campaign.selectors import public_links_from

        if not self.pk:  # a preview of a page not saved yet has no demands or readings
            return {"demands": [], "counter": None}
        counter = self.signature_count_latest()
        return {
            "demands": public_links_from(self, self.own_demands().order_by("number")),
            "counter": counter,
            "counter_progress": self.signature_progress(counter.count if counter else None),
        }

    def signature_count_latest(self):
        """The newest ``SignatureCount`` reading of this campaign, or None. A campaign's
        translations share one counter, whichever of them the readings were recorded on."""
        from campaign.models.counter import SignatureCount

        readings = SignatureCount.objects.filter(campaign__translation_key=self.translation_key)
        return readings.latest_first().first()

    def signature_progress(self, count: int | None) -> float | None:
        """``count`` as a share of the goal, from 0 up (above 1 once the goal is passed); None
        without a goal or a count."""
        if not self.signature_goal or count is None:
            return None
        return count / self.signature_goal


class SignatureCountryCount(Orderable):
    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="signature_countries")
    country = CountryField(
        help_text="The country the signatures come from.", error_messages=INVALID_COUNTRY
    )
    count = models.IntegerField(
        validators=[non_negative(_("The count cannot be below zero."))],
        help_text="Signatures from this country.",
    )

    panels = [FieldRowPanel([FieldPanel("country"), FieldPanel("count")])]

    class Meta(Orderable.Meta):
        verbose_name = "signatures in a country"
        verbose_name_plural = "signatures by country"


# --- Index pages --------------------------------------------------------------------------


class IndexPage(CampaignContentMixin, Page):
    intro = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        default="",
        help_text="A short text shown above the list. Leave empty to show the list alone.",
    )

    parent_page_types = ["campaign.CampaignPage"]
    max_count_per_parent = 1
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, *text_search_fields("intro")]
    # How the template lists the children.
    children_ordering: tuple[str, ...] = ("path",)

    class Meta:
        abstract = True

    def get_template(self, request, *args, **kwargs):
        # Wagtail's page metaclass sets a `template` on every class; the four share one.
        return "campaign/index_page.html"

    def get_template_context(self) -> dict:
        from campaign.selectors import public_pages

        if not self.pk:  # a preview of a page not saved yet has no children
            return {"children": []}
        children = public_pages(self.get_children()).specific()
        child_model = self.specific_class.subpage_types[0]
        model = self._meta.apps.get_model(child_model)
        ordering = self.children_ordering
        if any(name.lstrip("-") != "path" for name in ordering):
            children = model.objects.filter(pk__in=children.values("pk"))
        return {"children": list(children.order_by(*ordering))}


class PostIndexPage(IndexPage):
    subpage_types = ["campaign.CampaignPostPage"]
    children_ordering = ("-publication_date", "-pk")

    class Meta:
        verbose_name = "news index"


class DemandIndexPage(IndexPage):
    subpage_types = ["campaign.DemandPage"]
    children_ordering = ("number",)

    class Meta:
        verbose_name = "demands index"


class OrganisationIndexPage(IndexPage):
    subpage_types = ["campaign.OrganisationPage"]
    children_ordering = ("title",)

    class Meta:
        verbose_name = "coalition index"


class SupporterIndexPage(IndexPage):
    subpage_types = ["campaign.SupporterPage"]
    children_ordering = ("title",)

    class Meta:
        verbose_name = "supporters index"


# --- Demands ------------------------------------------------------------------------------


class DemandPage(CampaignContentMixin, Page):
    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1, message=_("Demand numbers start at 1."))],
        help_text="The demand's number, shown before its title; demands are listed by it "
        "(1, 2, 3...). Each number is used once per campaign.",
    )
    short_title = models.CharField(
        max_length=80,
        help_text="A few words for lists, menus and the progress tracker, where the full title "
        "would be too long: 'No exceptions'. At most 80 characters.",
    )
    summary = models.TextField(
        max_length=600,
        help_text="The demand in one or two sentences, shown in lists of demands and in link "
        "previews. At most 600 characters.",
    )
    body = StreamField(
        CampaignStreamBlock(),
        blank=True,
        default=list,
        help_text="The full argument on the demand's own page: background, evidence, what the law "
        "must say. Leave empty and the page shows the summary alone.",
    )
    progress_status = models.CharField(
        max_length=30,
        choices=DemandProgress.choices,
        default=DemandProgress.NOT_ADDRESSED,
        help_text="Where the demand stands in the law-making process, shown with the demand and on "
        "the progress tracker. Changing it sets 'Progress changed' to today.",
    )
    progress_note = models.TextField(
        blank=True,
        default="",
        help_text="A sentence on the latest step, shown beside the progress, for example who "
        "tabled which amendment. Leave empty to show the progress alone.",
    )
    progress_changed_at = models.DateField(
        null=True,
        blank=True,
        help_text="When the progress last changed, shown as 'since'. Changing the progress sets "
        "it to today unless you change this date too. Leave empty if not known.",
    )

    base_form_class = DemandPageForm
    parent_page_types = ["campaign.DemandIndexPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("number"), FieldPanel("short_title")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("progress_status"),
                FieldPanel("progress_note"),
                FieldPanel("progress_changed_at"),
            ],
            heading="Progress",
        ),
    ]

    search_fields = [
        *Page.search_fields,
        *text_search_fields("short_title", "summary", "body", "progress_note"),
        index.FilterField("number"),
        index.FilterField("progress_status"),
    ]

    class Meta:
        verbose_name = "demand"

    def clean(self):
        super().clean()
        from campaign.selectors import campaign_for_page

        parent = self._validation_parent()
        campaign = campaign_for_page(parent) if parent is not None else None
        if campaign is None or not self.number:
            return
        taken = campaign.own_demands().filter(number=self.number)
        if self.pk:
            taken = taken.exclude(pk=self.pk)
        if taken.exists():
            raise ValidationError(
                {
                    "number": gettext(
                        "Demand number %(number)s is already used in '%(campaign)s'. "
                        "Choose another number."
                    )
                    % {"number": self.number, "campaign": campaign.title}
                }
            )


# --- The coalition ------------------------------------------------------------------------


class OrganisationPage(CampaignContentMixin, Page):
    logo = image_field(
        "The organisation's logo on the coalition wall, ideally on a transparent or white "
        "ground. Leave empty to show the name alone."
    )
    country = CountryField(
        blank=True,
        default="",
        error_messages=INVALID_COUNTRY,
        help_text="Where the organisation is based, shown with it and used to filter the coalition "
        "by country. Leave empty for international organisations.",
    )
    scope = models.CharField(
        max_length=20,
        choices=OrganisationScope.choices,
        blank=True,
        default="",
        help_text="National or international. Leave empty if not known.",
    )
    website = models.URLField(
        blank=True,
        default="",
        help_text="The organisation's website; its name and logo link there. Leave empty for "
        "no link.",
    )
    role = models.CharField(
        max_length=20,
        choices=OrganisationRole.choices,
        default=OrganisationRole.PARTNER,
        help_text="Lead organisations run the campaign; partners support it. Front ends can "
        "show the two apart and filter by it.",
    )
    description = models.TextField(
        blank=True,
        default="",
        help_text="A few sentences about the organisation and its part in the campaign, shown on "
        "its page. Leave empty for none.",
    )
    date_joined = models.DateField(
        null=True, blank=True, help_text="When the organisation joined the coalition, if known."
    )

    base_form_class = ParentAwarePageForm
    parent_page_types = ["campaign.OrganisationIndexPage"]
    subpage_types: list[str] = []

    content_panels = [
        FieldPanel("title", help_text="The organisation's name as it writes it."),
        FieldPanel("logo"),
        FieldRowPanel([FieldPanel("role"), FieldPanel("scope")]),
        FieldRowPanel([FieldPanel("country"), FieldPanel("date_joined")]),
        FieldPanel("website"),
        FieldPanel("description"),
    ]

    search_fields = [
        *Page.search_fields,
        *text_search_fields("description"),
        index.FilterField("role"),
        index.FilterField("country"),
        index.FilterField("scope"),
    ]

    class Meta:
        verbose_name = "organisation"

    def get_template_context(self) -> dict:
        return {"logo_alt": f"Logo of {self.title}"}

    def clean(self):
        super().clean()
        if self.scope == OrganisationScope.NATIONAL and not self.country:
            raise ValidationError(
                {
                    "country": gettext(
                        "A national organisation needs a country. Choose one, or set the "
                        "scope to international."
                    )
                }
            )


class SupporterPage(CampaignContentMixin, Page):
    kind = models.CharField(
        max_length=30,
        choices=SupporterKind.choices,
        help_text="What kind of supporter this is. Front ends group and filter supporters by it; "
        "the picture of a person is described as a portrait, any other as a logo.",
    )
    country = CountryField(
        blank=True,
        default="",
        error_messages=INVALID_COUNTRY,
        help_text="The supporter's country. Leave empty for European or international bodies.",
    )
    political_group = models.ForeignKey(
        "campaign.PoliticalGroup",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supporters",
        help_text="For Members of the European Parliament: their political group, shown with "
        "their name and used to filter supporters. Leave empty for anyone else.",
    )
    party = models.CharField(
        max_length=255,
        blank=True,
        default="",
        help_text="For politicians: their national party, shown with their name. Leave empty for "
        "anyone else.",
    )
    image = image_field(
        "A portrait of a person, or the logo of a party or organisation, shown with the "
        "supporter. Leave empty to show the name alone."
    )
    statement = models.TextField(
        blank=True,
        default="",
        help_text="What the supporter said in support, in their words, shown as a quote with their "
        "name. Leave empty if none.",
    )
    source_url = models.URLField(
        blank=True,
        default="",
        help_text="Where the support was made public; the front end links to it as the source. "
        "Leave empty if there is none.",
    )
    date = models.DateField(
        null=True, blank=True, help_text="When the support was made public, if known."
    )

    base_form_class = ParentAwarePageForm
    parent_page_types = ["campaign.SupporterIndexPage"]
    subpage_types: list[str] = []

    content_panels = [
        FieldPanel("title", help_text="The supporter's name."),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("country")]),
        FieldRowPanel([FieldPanel("political_group"), FieldPanel("party")]),
        FieldPanel("image"),
        FieldPanel("statement"),
        FieldRowPanel([FieldPanel("source_url"), FieldPanel("date")]),
    ]

    search_fields = [
        *Page.search_fields,
        *text_search_fields("statement", "party"),
        index.RelatedFields(
            "political_group", text_search_fields("name", "short_name", "search_words")
        ),
        index.FilterField("kind"),
        index.FilterField("country"),
        index.FilterField("political_group"),
    ]

    class Meta:
        verbose_name = "supporter"

    def get_template_context(self) -> dict:
        what = "Portrait" if self.kind in PERSON_KINDS else "Logo"
        return {"image_alt": f"{what} of {self.title}"}

    def clean(self):
        super().clean()
        if self.political_group_id and self.kind != SupporterKind.MEP:
            raise ValidationError(
                {
                    "political_group": gettext(
                        "Only Members of the European Parliament belong to a "
                        "political group. Clear the group or change the kind to MEP."
                    )
                }
            )


# --- Posts --------------------------------------------------------------------------------


class CampaignPostTag(TaggedItemBase):
    content_object = ParentalKey(
        "campaign.CampaignPostPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class CampaignPostPage(CampaignContentMixin, Page):
    publication_date = models.DateField(
        default=timezone.localdate,
        help_text="The date shown on the post; news is listed newest first by it. For posts first "
        "published elsewhere, that date. A scheduled post takes its go-live day unless you "
        "set a later date.",
    )
    summary = models.TextField(
        max_length=500,
        blank=True,
        default="",
        help_text="One or two sentences for lists, feeds and link previews (at most 500 "
        "characters). Leave empty and they show the title alone.",
    )
    hero_image = image_field(
        "The picture at the top of the post and in link previews. Without one, link previews "
        "use the default picture from Settings → Campaign site settings."
    )
    body = StreamField(
        CampaignStreamBlock(),
        blank=True,
        default=list,
        help_text="The post: text, pictures, quotes and other blocks, shown in this order. Leave "
        "empty only for a post that is its summary alone.",
    )
    tags = ClusterTaggableManager(
        through=CampaignPostTag, blank=True, help_text="Topics, for filtering and feeds."
    )
    canonical_url = models.URLField(
        blank=True,
        default="",
        help_text="If the post was first published elsewhere, the address of the original: search "
        "engines are pointed there. Leave empty for posts first published here.",
    )
    licence = models.CharField(
        max_length=30,
        choices=Licence.choices,
        default=Licence.CC_BY_4,
        help_text="The licence under which others may reuse the post, shown below it.",
    )
    partners_may_republish = models.BooleanField(
        default=True,
        help_text="Whether coalition partners may republish the post on their own sites.",
    )

    parent_page_types = ["campaign.PostIndexPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("publication_date"),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [
                InlinePanel("related_organisations", label="Organisation"),
                InlinePanel("related_supporters", label="Supporter"),
                InlinePanel("related_demands", label="Demand"),
            ],
            heading="Related content",
            help_text="Organisations, supporters and demands this post is about.",
        ),
        MultiFieldPanel(
            [
                FieldPanel("canonical_url"),
                FieldPanel("licence"),
                FieldPanel("partners_may_republish"),
            ],
            heading="Syndication",
        ),
    ]

    search_fields = [
        *Page.search_fields,
        *text_search_fields("summary", "body"),
        index.FilterField("publication_date"),
        index.RelatedFields("tags", text_search_fields("name")),
    ]

    class Meta:
        verbose_name = "post"

    def get_template_context(self) -> dict:
        from campaign.selectors import public_links_from

        return {
            "related_demands": public_links_from(
                self, (link.demand for link in self.related_demands.all())
            ),
            "related_organisations": public_links_from(
                self, (link.organisation for link in self.related_organisations.all())
            ),
            "related_supporters": public_links_from(
                self, (link.supporter for link in self.related_supporters.all())
            ),
        }

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        if kwargs.get("update_fields") is None:
            # The search index is updated on post_save, but modelcluster stores the tags only
            # after that; without this, a change of tags would reach the index one save late.
            insert_or_update_object_task.enqueue(
                self._meta.app_label, self._meta.model_name, str(self.pk)
            )
        return result


class RelatedPageLink(Orderable):
    """A post's ordered link to another page; subclasses name the parent and the target."""

    panels: list = []

    class Meta(Orderable.Meta):
        abstract = True


class CampaignPostOrganisation(RelatedPageLink):
    page = ParentalKey(
        CampaignPostPage, on_delete=models.CASCADE, related_name="related_organisations"
    )
    organisation = models.ForeignKey(
        OrganisationPage,
        on_delete=models.CASCADE,
        related_name="post_links",
        help_text="An organisation the post is about or quotes.",
    )
    panels = [PageChooserPanel("organisation")]


class CampaignPostSupporter(RelatedPageLink):
    page = ParentalKey(
        CampaignPostPage, on_delete=models.CASCADE, related_name="related_supporters"
    )
    supporter = models.ForeignKey(
        SupporterPage,
        on_delete=models.CASCADE,
        related_name="post_links",
        help_text="A supporter the post is about or quotes.",
    )
    panels = [PageChooserPanel("supporter")]


class CampaignPostDemand(RelatedPageLink):
    page = ParentalKey(CampaignPostPage, on_delete=models.CASCADE, related_name="related_demands")
    demand = models.ForeignKey(
        DemandPage,
        on_delete=models.CASCADE,
        related_name="post_links",
        help_text="A demand the post is about.",
    )
    panels = [PageChooserPanel("demand")]


# --- Open letters -------------------------------------------------------------------------


class OpenLetterPage(CampaignContentMixin, Page):
    date = models.DateField(
        null=True,
        blank=True,
        help_text="The date the letter was sent or published. Leave empty if it is not known.",
    )
    addressees = models.CharField(
        max_length=255,
        help_text="Who the letter is written to: 'Members of the European Parliament'.",
    )
    text = RichTextField(features=RICH_TEXT_FEATURES, help_text="The letter, as it was sent.")
    reported_signatory_count = models.IntegerField(
        null=True,
        blank=True,
        validators=[non_negative(_("The signatory count cannot be below zero."))],
        help_text="How many organisations signed in all, when not every signatory is listed "
        "below. Leave empty when the list is complete.",
    )

    base_form_class = OpenLetterPageForm
    parent_page_types = ["campaign.CampaignPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("date"), FieldPanel("addressees")]),
        FieldPanel("text"),
        InlinePanel(
            "signatories",
            label="Signatory",
            help_text="Organisations in this CMS that signed, in the order they appear.",
        ),
        FieldPanel("reported_signatory_count"),
    ]

    search_fields = [
        *Page.search_fields,
        *text_search_fields("addressees", "text"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = "open letter"

    def get_template_context(self) -> dict:
        from campaign.selectors import public_links_from

        return {
            "signatories": public_links_from(
                self, (row.organisation for row in self.signatories.all())
            )
        }

    @property
    def signatory_count(self) -> int:
        """The reported count, or the number of listed signatories when none is reported."""
        listed = self.signatories.count()
        if self.reported_signatory_count is None:
            return listed
        return max(self.reported_signatory_count, listed)


class OpenLetterSignatory(Orderable):
    page = ParentalKey(OpenLetterPage, on_delete=models.CASCADE, related_name="signatories")
    organisation = models.ForeignKey(
        OrganisationPage,
        on_delete=models.CASCADE,
        related_name="signed_letters",
        help_text="An organisation that signed the letter.",
    )

    panels = [PageChooserPanel("organisation")]

    class Meta(Orderable.Meta):
        verbose_name = "signatory"


# --- Everything else ----------------------------------------------------------------------


class StandardPage(CampaignContentMixin, Page):
    intro = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        default="",
        help_text="A short introduction shown above the body. Leave empty for none.",
    )
    body = StreamField(
        CampaignStreamBlock(),
        blank=True,
        default=list,
        help_text="The page's content: text, pictures and other blocks, shown in this order. "
        "Leave empty for none.",
    )

    parent_page_types = ["campaign.CampaignPage", "campaign.StandardPage"]
    subpage_types = ["campaign.StandardPage"]

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, *text_search_fields("intro", "body")]

    class Meta:
        verbose_name = "standard page"
