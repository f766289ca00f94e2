"""Admin wiring: listings editors filter, and the snippets they manage."""

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from campaign.models import (
    CampaignPostPage,
    DemandPage,
    OrganisationPage,
    PoliticalGroup,
    SupporterPage,
)


class OrganisationListingViewSet(PageListingViewSet):
    model = OrganisationPage
    icon = "group"
    menu_label = "Organisations"
    add_to_admin_menu = False
    name = "organisations"
    list_display = ["title", "role", "country", "scope", "latest_revision_created_at"]
    list_filter = ["role", "country", "scope", "locale"]


class SupporterListingViewSet(PageListingViewSet):
    model = SupporterPage
    icon = "user"
    menu_label = "Supporters"
    name = "supporters"
    list_display = ["title", "kind", "country", "political_group", "party"]
    list_filter = ["kind", "country", "political_group", "locale"]


class PostListingViewSet(PageListingViewSet):
    model = CampaignPostPage
    icon = "doc-full"
    menu_label = "Posts"
    name = "posts"
    list_display = ["title", "publication_date", "latest_revision_created_at"]
    list_filter = ["publication_date", "licence", "partners_may_republish", "locale"]


class DemandListingViewSet(PageListingViewSet):
    model = DemandPage
    icon = "list-ol"
    menu_label = "Demands"
    name = "demands"
    list_display = ["title", "number", "progress_status", "progress_changed_at"]
    list_filter = ["progress_status", "locale"]


class PoliticalGroupViewSet(SnippetViewSet):
    model = PoliticalGroup
    icon = "group"
    menu_label = "Political groups"
    list_display = ["short_name", "name", "website"]
    search_fields = ["name", "short_name"]


class CampaignViewSetGroup(ViewSetGroup):
    menu_label = "Campaign"
    menu_icon = "flag"
    menu_order = 150
    items = (
        PostListingViewSet,
        DemandListingViewSet,
        OrganisationListingViewSet,
        SupporterListingViewSet,
        PoliticalGroupViewSet,
    )


@hooks.register("register_admin_viewset")
def register_campaign_viewsets():
    return CampaignViewSetGroup()
