"""Admin wiring: listings editors filter, and the snippets they manage."""

from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

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
    # The model's own search_fields drive the search. Naming fields here would restrict the
    # query to them, which the SQLite full-text backend cannot do (it fails on the column names).


class CampaignViewSetGroup(SnippetViewSetGroup):
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


# A snippet viewset must be registered with register_snippet, also inside a group: the
# register_admin_viewset hook only runs when the admin's URLs load, so until then the model is not
# a snippet and forms built earlier show a plain select instead of the snippet chooser. The group
# also keeps political groups out of the generic Snippets menu, since they have a menu item here.
register_snippet(CampaignViewSetGroup)
