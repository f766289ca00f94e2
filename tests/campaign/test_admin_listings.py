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


def header_labels(content: str) -> list[str]:
    table = content.split('<table class="listing', 1)[1]
    head = table.split("<thead", 1)[1].split("</thead>", 1)[0]
    cells = re.findall(r"<th[ >].*?</th>", head, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]


@pytest.mark.parametrize("url_name", LISTINGS)
def test_each_listing_shows_language_last_update_and_status(
    url_name, campaign_tree, locales, admin_client
):
    index, factory = LISTINGS[url_name]
    page = factory(parent=getattr(campaign_tree, index), title="Translated one")
    german = page.copy_for_translation(locales["de"], copy_parents=True)
    german.title = "Übersetzte"
    german.save_revision().publish()

    response = admin_client.get(reverse(url_name))

    content = response.content.decode()
    labels = header_labels(content)
    for label in ("Title", "Language", "Updated", "Status"):
        assert any(cell.startswith(label) for cell in labels), (label, labels)
    by_title = {}
    for row in rows(content):
        title = re.search(r"Translated one|Übersetzte", row).group(0)
        by_title[title] = " ".join(re.sub(r"<[^>]+>", " ", row).split())
    assert "English" in by_title["Translated one"]
    assert "German" in by_title["Übersetzte"]
    assert "English" not in by_title["Übersetzte"]
    # The last update reads as a date, not as a raw timestamp.
    assert re.search(r"\d{4}-\d\d-\d\d|\d\d:\d\d:\d\d\.\d+", by_title["Übersetzte"]) is None


@pytest.mark.parametrize("url_name", LISTINGS)
@pytest.mark.parametrize("ordering", ["locale", "-locale", "latest_revision_created_at"])
def test_listings_sort_by_language_and_last_update(url_name, ordering, campaign_tree, admin_client):
    index, factory = LISTINGS[url_name]
    factory(parent=getattr(campaign_tree, index))
    response = admin_client.get(reverse(url_name), {"ordering": ordering})
    assert response.status_code == 200
    assert response.context["ordering"] == ordering


def offered(response, name: str) -> list[str]:
    """The values a filter offers (radio buttons, checkboxes or options), "All" left out."""
    form = response.context["filters"].form
    return [str(value) for value, _label in form.fields[name].choices if value not in ("", None)]


def test_organisation_filters_offer_only_values_in_use(campaign_tree, locales, admin_client):
    parent = campaign_tree.organisations
    french = factories.OrganisationPageFactory(parent=parent, country="FR", role="lead")
    for country in ("BE", ""):
        factories.OrganisationPageFactory(
            parent=parent, country=country, scope="international", role="lead"
        )
    french.copy_for_translation(locales["fr"], copy_parents=True).save_revision().publish()

    response = admin_client.get(reverse("organisations:index"))

    assert offered(response, "country") == ["BE", "FR"]
    assert offered(response, "role") == ["lead"]
    assert offered(response, "scope") == ["national", "international"]
    assert sorted(offered(response, "locale")) == ["en", "fr"]
    content = response.content.decode()
    assert 'value="FR"' in content and 'value="AF"' not in content  # not 250 countries


def test_supporter_filters_offer_only_groups_and_kinds_in_use(campaign_tree, admin_client):
    used = factories.PoliticalGroupFactory(short_name="Greens/EFA", name="Greens")
    factories.PoliticalGroupFactory(short_name="Unused", name="Nobody's group")
    factories.SupporterPageFactory(
        parent=campaign_tree.supporters, kind="mep", political_group=used, country="DE"
    )

    response = admin_client.get(reverse("supporters:index"))

    assert offered(response, "political_group") == [str(used.pk)]
    assert offered(response, "kind") == ["mep"]
    assert offered(response, "country") == ["DE"]


def test_a_filter_still_filters(campaign_tree, admin_client):
    parent = campaign_tree.organisations
    factories.OrganisationPageFactory(parent=parent, country="FR", title="In France")
    factories.OrganisationPageFactory(parent=parent, country="BE", title="In Belgium")

    response = admin_client.get(reverse("organisations:index"), {"country": "FR"})

    assert [page.title for page in response.context["object_list"]] == ["In France"]


def test_signature_counts_filter_by_campaigns_that_have_readings(campaign_tree, admin_client):
    from campaign.models import SignatureCount

    other = factories.CampaignPageFactory(parent=campaign_tree.campaign, title="Silent")
    SignatureCount.objects.create(campaign=campaign_tree.campaign, count=10)

    response = admin_client.get(reverse("wagtailsnippets_campaign_signaturecount:list"))

    assert offered(response, "campaign") == [str(campaign_tree.campaign.pk)]
    assert str(other.pk) not in offered(response, "campaign")


def test_every_listing_filter_offers_only_values_some_row_has(campaign_tree, locales, admin_client):
    """Walks every filter of every Campaign listing: each value offered finds at least one row."""
    from django import forms

    pages = factories.pages_of_every_type(campaign_tree.campaign)
    for page in pages.values():
        if page.locale == locales["en"] and not page.is_root():
            page.copy_for_translation(locales["it"], copy_parents=True)
    from campaign.models import SignatureCount

    SignatureCount.objects.create(campaign=campaign_tree.campaign, count=10)
    urls = [reverse(name) for name in LISTINGS] + [
        reverse("wagtailsnippets_campaign_signaturecount:list")
    ]
    checked = 0
    for url in urls:
        response = admin_client.get(url)
        form = response.context["filters"].form
        for name, field in form.fields.items():
            if not isinstance(field, forms.ChoiceField) or name in {"edited_by", "site"}:
                continue
            values = offered(response, name)
            assert values, (url, name)
            for value in values:
                found = admin_client.get(url, {name: value}).context["object_list"]
                assert len(found), f"{url}: filter {name}={value} finds nothing"
                checked += 1
    assert checked >= 12
    for url in urls[:4]:
        assert "has_child_pages" not in admin_client.get(url).context["filters"].form.fields


def test_listing_search_finds_a_post_by_a_name_in_its_body(campaign_tree, admin_client):
    from tests.campaign.test_search import paragraph

    post = factories.CampaignPostPageFactory(
        parent=campaign_tree.posts,
        title="Coalition meets MEPs",
        body=paragraph("<p>We met Dragoș Tudorache and Brando Benifei.</p>"),
    )
    factories.CampaignPostPageFactory(parent=campaign_tree.posts, title="Something else")

    for query in ("Tudorache", "tudorache", "Tudor", "Dragos"):
        response = admin_client.get(reverse("posts:index"), {"q": query})
        assert [page.pk for page in response.context["object_list"]] == [post.pk], query
    # Wagtail's own page search (Search in the menu) finds it too.
    response = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": "Tudorache"})
    assert [page.pk for page in response.context["pages"]] == [post.pk]


@pytest.mark.parametrize(
    ("url_name", "fields"),
    [
        ("demands:index", {"summary": "Ban emotion recognition everywhere"}),
        ("organisations:index", {"description": "Founded by digital rights activists"}),
        ("supporters:index", {"statement": "I support the ban on surveillance"}),
    ],
)
def test_listing_search_finds_pages_by_their_text(url_name, fields, campaign_tree, admin_client):
    index, factory = LISTINGS[url_name]
    page = factory(parent=getattr(campaign_tree, index), **fields)
    factory(parent=getattr(campaign_tree, index))
    word = list(fields.values())[0].split()[-1]

    response = admin_client.get(reverse(url_name), {"q": word})

    assert [found.pk for found in response.context["object_list"]] == [page.pk]


def test_a_bookmarked_filter_value_no_page_has_any_more_finds_nothing(campaign_tree, admin_client):
    factories.OrganisationPageFactory(parent=campaign_tree.organisations, country="FR")

    response = admin_client.get(reverse("organisations:index"), {"country": "BE"})

    assert response.context["filters"].is_valid()
    assert list(response.context["object_list"]) == []
    assert offered(response, "country") == ["BE", "FR"]
    response = admin_client.get(reverse("organisations:index"), {"country": "XX"})
    assert not response.context["filters"].is_valid()  # not a country: Wagtail says so
