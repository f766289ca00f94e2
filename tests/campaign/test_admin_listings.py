"""The Campaign listings open pages like Wagtail's own listings, and the menu shows its icons."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.icons import get_icons
from wagtail.admin.menu import admin_menu

from campaign import factories

LISTINGS = {
    "posts:index": ("posts", factories.CampaignPostPageFactory),
    "demands:index": ("demands", factories.DemandPageFactory),
    "organisations:index": ("organisations", factories.OrganisationPageFactory),
    "supporters:index": ("supporters", factories.SupporterPageFactory),
}


def rows(content: str) -> list[str]:
    table = content.split('<table class="listing', 1)[1]
    body = table.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr[ >].*?</tr>", body, flags=re.S)


@pytest.mark.parametrize("url_name", LISTINGS)
def test_each_row_links_to_its_edit_view_with_actions_and_status(
    url_name, campaign_tree, admin_client
):
    index, factory = LISTINGS[url_name]
    parent = getattr(campaign_tree, index)
    live = factory(parent=parent, title="A live one")
    draft = factory(parent=parent, title="A draft one")
    draft.unpublish()
    scheduled = factory(parent=parent, title="A scheduled one")
    scheduled.unpublish()
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=3)
    scheduled.save_revision().publish()

    response = admin_client.get(reverse(url_name))

    assert response.status_code == 200
    by_title = {}
    for row in rows(response.content.decode()):
        title = re.search(r"A (live|draft|scheduled) one", row).group(0)
        by_title[title] = row
    assert set(by_title) == {"A live one", "A draft one", "A scheduled one"}
    for page, status in ((live, "live"), (draft, "draft"), (scheduled, "scheduled")):
        row = by_title[page.title]
        assert f'href="{reverse("wagtailadmin_pages:edit", args=[page.pk])}"' in row
        assert f"More options for &#x27;{page.title}&#x27;" in row, "no actions menu"
        assert re.search(rf">\s*{status}\s*<", row, flags=re.I), f"no status {status}"


def test_demands_are_listed_by_number(campaign_tree, admin_client):
    for number in (3, 5, 1, 4, 2):
        factories.DemandPageFactory(
            parent=campaign_tree.demands, number=number, title=f"Demand {number}"
        )

    response = admin_client.get(reverse("demands:index"))

    titles = [page.title for page in response.context["object_list"]]
    assert titles == [f"Demand {number}" for number in (1, 2, 3, 4, 5)]


def test_every_admin_menu_item_has_an_icon_that_exists(rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user
    available = set(re.findall(r'id="icon-([\w-]+)"', get_icons()))
    assert "tasks" in available
    items = admin_menu.menu_items_for_request(request)

    def walk(menu_items):
        for item in menu_items:
            yield item
            submenu = getattr(item, "menu", None)
            if submenu is not None:
                yield from walk(submenu.menu_items_for_request(request))

    missing = {
        item.label: item.icon_name for item in walk(items) if item.icon_name not in available
    }
    assert not missing, f"menu items whose icon does not exist: {missing}"
    campaign = next(item for item in items if item.label == "Campaign")
    assert campaign.icon_name == "tasks"
