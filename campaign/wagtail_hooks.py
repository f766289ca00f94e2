"""Admin wiring: listings editors filter, and the snippets they manage."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
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
from campaign.selectors import page_frontend_url, public_pages
from campaign.views import PageTranslationView


def page_columns(*fields):
    """Listing columns as in Wagtail's own page listings, with ``fields`` in between.

    The title cell links to the edit view and carries the actions menu; the status column says
    live, draft or scheduled. A plain ``"title"`` in ``list_display`` would be bare text.
    """
    return [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label="Title", sort_key="title", classname="title"),
        *fields,
        PageStatusColumn("status", label="Status", sort_key="live", width="12%"),
    ]


class OrganisationListingViewSet(PageListingViewSet):
    model = OrganisationPage
    icon = "group"
    menu_label = _("Organisations")
    name = "organisations"
    list_display = page_columns("role", "country", "scope", "latest_revision_created_at")
    list_filter = ["role", "country", "scope", "locale"]


class SupporterListingViewSet(PageListingViewSet):
    model = SupporterPage
    icon = "user"
    menu_label = _("Supporters")
    name = "supporters"
    list_display = page_columns("kind", "country", "political_group", "party")
    list_filter = ["kind", "country", "political_group", "locale"]


class PostListingViewSet(PageListingViewSet):
    model = CampaignPostPage
    icon = "doc-full"
    menu_label = _("Posts")
    name = "posts"
    list_display = page_columns("publication_date", "latest_revision_created_at")
    list_filter = ["publication_date", "licence", "partners_may_republish", "locale"]


class DemandListingViewSet(PageListingViewSet):
    model = DemandPage
    icon = "list-ol"
    menu_label = _("Demands")
    name = "demands"
    list_display = page_columns("number", "progress_status", "progress_changed_at")
    # Demands are read in their own order: 1, 2, 3...
    ordering = "number"
    list_filter = ["progress_status", "locale"]


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
    list_filter = ["campaign"]
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
