"""Admin wiring: listings editors filter, and the snippets they manage."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_filters import (
    ChoiceFilter,
    ModelChoiceFilter,
    ModelMultipleChoiceFilter,
    MultipleChoiceFilter,
)
from wagtail import hooks
from wagtail.admin.filters import LocaleFilter, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Locale
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

from campaign.models import (
    CampaignPage,
    CampaignPostPage,
    DemandPage,
    OrganisationPage,
    PoliticalGroup,
    SignatureCount,
    SupporterPage,
)
from campaign.selectors import field_values_in_use, page_frontend_url, public_pages
from campaign.views import PageTranslationView


class ValuesInUseFilterSetMixin:
    """Choice filters offer only the values the listed objects have.

    A country filter lists the countries of the organisations in the CMS, not the 250 countries
    of the model field; the same for every other choice, foreign key and the locale. Choices keep
    the field's order. A filterset with this mixin must come first in the bases.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rows = self._meta.model._default_manager.all()
        # Only the model's own fields (list_filter): Wagtail's owner, site... filters choose
        # from their own querysets.
        listed = set(self._meta.fields or []) | {"locale"}
        for name, filter_ in self.filters.items():
            if name not in listed:
                continue
            # The value in the address stays valid although nothing has it any more (a
            # bookmarked filter): it then finds nothing, rather than being ignored.
            chosen = {str(value) for value in (self.data.getlist(name) if self.data else [])}
            if isinstance(filter_, (ModelChoiceFilter, ModelMultipleChoiceFilter)):
                field = self._meta.model._meta.get_field(filter_.field_name)
                in_use = field_values_in_use(rows, filter_.field_name)
                chosen_ids = [value for value in chosen if value.isdigit()]
                filter_.queryset = field.related_model._default_manager.filter(
                    pk__in=[*in_use, *chosen_ids]
                )
                continue
            if isinstance(filter_, LocaleFilter):
                in_use = set(
                    Locale.objects.filter(pk__in=field_values_in_use(rows, "locale")).values_list(
                        "language_code", flat=True
                    )
                )
            elif isinstance(filter_, (ChoiceFilter, MultipleChoiceFilter)):
                in_use = {str(value) for value in field_values_in_use(rows, filter_.field_name)}
            else:
                continue
            filter_.extra["choices"] = [
                (value, label)
                for value, label in filter_.extra["choices"]
                if str(value) in in_use | chosen
            ]
        # A filter with nothing to choose from is left out.
        for name in listed & set(self.filters):
            filter_ = self.filters[name]
            queryset = getattr(filter_, "queryset", None)
            no_choices = "choices" in filter_.extra and not filter_.extra["choices"]
            if no_choices or (queryset is not None and not queryset.exists()):
                del self.filters[name]


class CampaignPageFilterSet(ValuesInUseFilterSetMixin, PageFilterSet):
    """Wagtail's page filters, with choices in use; the owner filter offers the owners of
    pages of this type, and page types that have no children lose "Has child pages"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        if "owner" in self.filters:
            owners = field_values_in_use(model._default_manager.all(), "owner")
            self.filters["owner"].queryset = get_user_model().objects.filter(pk__in=owners)
        if not model.allowed_subpage_models():
            self.filters.pop("has_child_pages", None)
        if "owner" in self.filters and not self.filters["owner"].queryset.exists():
            del self.filters["owner"]


class SignatureCountFilterSet(ValuesInUseFilterSetMixin, WagtailFilterSet):
    class Meta:
        model = SignatureCount
        fields = ["campaign"]


class CampaignPageIndexView(IndexView):
    # The language has its own column; the label beside each title would say it twice.
    show_locale_labels = False
    base_filterset_class = CampaignPageFilterSet


def page_columns(*fields):
    """Listing columns as in Wagtail's own page listings, with ``fields`` in between.

    The title cell links to the edit view and carries the actions menu; then the page's
    language, ``fields``, when it was last updated and its status (live, draft or scheduled).
    A plain ``"title"`` in ``list_display`` would be bare text.
    """
    return [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label=_("Title"), sort_key="title", classname="title"),
        Column(
            "locale",
            label=_("Language"),
            accessor=lambda page: page.locale.get_display_name(),
            sort_key="locale",
        ),
        *fields,
        DateColumn(
            "latest_revision_created_at",
            label=_("Updated"),
            sort_key="latest_revision_created_at",
            width="12%",
        ),
        PageStatusColumn("status", label=_("Status"), sort_key="live", width="12%"),
    ]


def field_column(name: str, label, **kwargs) -> Column:
    """A sortable column showing a field's value (a choice's label, a date, a related object)."""
    return Column(name, label=label, sort_key=name, **kwargs)


class CampaignListingViewSet(PageListingViewSet):
    """A flat listing of one page type, with the columns and filters described above.

    ``locale`` is not in ``list_filter``: Wagtail adds its own locale filter (by language name).
    """

    index_view_class = CampaignPageIndexView


class OrganisationListingViewSet(CampaignListingViewSet):
    model = OrganisationPage
    icon = "group"
    menu_label = _("Organisations")
    name = "organisations"
    list_display = page_columns(
        field_column("role", _("Role"), accessor="get_role_display"),
        field_column("country", _("Country"), accessor="country.name"),
        field_column("scope", _("Scope"), accessor="get_scope_display"),
    )
    list_filter = ["role", "country", "scope"]


class SupporterListingViewSet(CampaignListingViewSet):
    model = SupporterPage
    icon = "user"
    menu_label = _("Supporters")
    name = "supporters"
    list_display = page_columns(
        field_column("kind", _("Kind"), accessor="get_kind_display"),
        field_column("country", _("Country"), accessor="country.name"),
        field_column("political_group", _("Political group")),
        field_column("party", _("Party")),
    )
    list_filter = ["kind", "country", "political_group"]


class PostListingViewSet(CampaignListingViewSet):
    model = CampaignPostPage
    icon = "doc-full"
    menu_label = _("Posts")
    name = "posts"
    list_display = page_columns(
        DateColumn("publication_date", label=_("Publication date"), sort_key="publication_date")
    )
    list_filter = ["publication_date", "licence", "partners_may_republish"]


class DemandListingViewSet(CampaignListingViewSet):
    model = DemandPage
    icon = "list-ol"
    menu_label = _("Demands")
    name = "demands"
    list_display = page_columns(
        field_column("number", _("Number")),
        field_column("progress_status", _("Progress"), accessor="get_progress_status_display"),
        DateColumn(
            "progress_changed_at", label=_("Progress changed"), sort_key="progress_changed_at"
        ),
    )
    # Demands are read in their own order: 1, 2, 3...
    ordering = "number"
    list_filter = ["progress_status"]


class PoliticalGroupViewSet(SnippetViewSet):
    model = PoliticalGroup
    icon = "group"
    menu_label = _("Political groups")
    list_display = ["short_name", "name", "website"]
    # The model's own search_fields drive the search. Naming fields here would restrict the
    # query to them, which the SQLite full-text backend cannot do (it fails on the column names).


class SignatureCountCreateView(CreateView):
    def save_instance(self):
        # Who recorded a count is kept for the team; it is never published.
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class SignatureCountViewSet(SnippetViewSet):
    """Record a new count in one step, without editing and republishing the campaign page."""

    model = SignatureCount
    icon = "pick"
    menu_label = _("Signature counts")
    add_view_class = SignatureCountCreateView
    list_display = ["campaign", "as_of", "count", "source_url", "created_by"]
    filterset_class = SignatureCountFilterSet
    ordering = ["-as_of", "-created_at"]
    panels = [
        FieldPanel("campaign"),
        FieldRowPanel([FieldPanel("count"), FieldPanel("as_of")]),
        FieldPanel("source_url"),
        FieldPanel("note"),
    ]


class CampaignViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Campaign")
    menu_icon = "tasks"
    menu_order = 150
    items = (
        PostListingViewSet,
        DemandListingViewSet,
        OrganisationListingViewSet,
        SupporterListingViewSet,
        SignatureCountViewSet,
        PoliticalGroupViewSet,
    )


# A snippet viewset must be registered with register_snippet, also inside a group: the
# register_admin_viewset hook only runs when the admin's URLs load, so until then the model is not
# a snippet and forms built earlier show a plain select instead of the snippet chooser. The group
# also keeps political groups out of the generic Snippets menu, since they have a menu item here.
register_snippet(CampaignViewSetGroup)


class CampaignDashboardPanel(Component):
    """The admin home's first panel: each campaign's counter and its history, demands, what
    awaits review, what is scheduled and what was published last."""

    name = "campaign_dashboard"
    template_name = "campaign/admin/dashboard_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        from campaign.selectors import campaign_dashboard, history_chart_points

        campaigns = CampaignPage.objects.filter(locale=Locale.get_default()).order_by("path")
        boards = []
        for campaign in campaigns:
            board = campaign_dashboard(campaign=campaign)
            progress = board["progress"]
            board.update(
                campaign=campaign,
                points=history_chart_points(board["history"]),
                progress_capped=min(progress, 1) if progress is not None else None,
                percent=round(progress * 100, 1) if progress is not None else None,
            )
            boards.append(board)
        return {**super().get_context_data(parent_context), "boards": boards}


@hooks.register("construct_homepage_panels")
def campaign_dashboard_panel(request, panels):
    panels.append(CampaignDashboardPanel())


# Before Wagtail's own view-restriction hook, which would show a password or login form.
@hooks.register("before_serve_page", order=-100)
def serve_public_pages_only(page, request, serve_args, serve_kwargs):
    """Wagtail's page URLs on the CMS host are not a second public site.

    With FRONTEND_BASE_URL set, visitors are sent to the page's URL on the front end. Without
    it, only public pages (``campaign.selectors.public_pages``) are served, with their plain
    template; drafts, private and expired pages are a 404. The admin's preview does not come
    through here.
    """
    if settings.FRONTEND_BASE_URL:
        url = page_frontend_url(page, site=page.get_site(), base_url=settings.FRONTEND_BASE_URL)
        if url is None:
            raise Http404
        return redirect(url)
    if not public_pages(type(page).objects.filter(pk=page.pk)).exists():
        raise Http404
    return None


# Same URL as simple_translation's "Translate" view: this app's hooks run first, so this view
# answers (reverse("simple_translation:submit_page_translation") still names the URL).
@hooks.register("register_admin_urls")
def register_page_translation_url():
    return [
        path(
            "translation/submit/page/<int:page_id>/",
            PageTranslationView.as_view(),
            name="campaign_page_translation",
        )
    ]


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def tell_about_a_replaced_slug(request, page):
    """Say so when the page got another slug because an unpublished draft held its own
    (``campaign.forms.CampaignAdminPageForm``)."""
    replaced = getattr(page, "slug_replaced", None)
    if replaced is None:
        return
    wanted, given = replaced
    messages.warning(
        request,
        f"The slug '{wanted}' belongs to an unpublished draft under the same parent (perhaps a "
        f"page someone started and left; drafts are saved automatically), so this page got "
        f"'{given}'. To use '{wanted}', delete or rename that draft, then change this slug.",
    )
