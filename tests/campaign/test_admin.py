"""The admin: filtered listings, the political-group snippet, edit views and help texts."""

import os
import re
import subprocess
import sys
from urllib.parse import parse_qsl

import pytest
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from wagtail.models import Page, get_page_models
from wagtail.snippets.models import get_snippet_models

from campaign import factories
from campaign.choices import OrganisationRole, SupporterKind
from campaign.models import (
    CampaignPage,
    CampaignPostPage,
    DemandPage,
    OpenLetterPage,
    OrganisationPage,
    PoliticalGroup,
    StandardPage,
    SupporterPage,
)

PAGE_MODELS = [model for model in get_page_models() if model._meta.app_label == "campaign"]


def listed_titles(response) -> set[str]:
    assert response.status_code == 200
    return {page.title for page in response.context["object_list"]}


# --- Filtered listings --------------------------------------------------------------------


@pytest.fixture
def coalition(campaign_tree):
    parent = campaign_tree.organisations
    make = factories.OrganisationPageFactory
    return {
        "lead-de": make(parent=parent, title="Lead DE", role=OrganisationRole.LEAD, country="DE"),
        "partner-de": make(parent=parent, title="Partner DE", country="DE"),
        "partner-it": make(parent=parent, title="Partner IT", country="IT"),
        "international": make(
            parent=parent, title="International", country="", scope="international"
        ),
    }


def listed_for_queries(client, url_name, expected: dict) -> dict:
    """The titles the listing shows for each query string in ``expected``'s keys."""
    return {
        query: listed_titles(client.get(reverse(url_name), dict(parse_qsl(query))))
        for query in expected
    }


def test_organisations_are_filtered_by_role_and_country(coalition, admin_client):
    expected = {
        "": {"Lead DE", "Partner DE", "Partner IT", "International"},
        "role=lead": {"Lead DE"},
        "role=partner": {"Partner DE", "Partner IT", "International"},
        "country=DE": {"Lead DE", "Partner DE"},
        "country=IT": {"Partner IT"},
        "role=partner&country=DE": {"Partner DE"},
        "scope=international": {"International"},
    }

    assert listed_for_queries(admin_client, "organisations:index", expected) == expected


@pytest.fixture
def supporters(campaign_tree):
    parent = campaign_tree.supporters
    make = factories.SupporterPageFactory
    greens = factories.PoliticalGroupFactory(name="Greens/European Free Alliance", short_name="G")
    renew = factories.PoliticalGroupFactory(name="Renew Europe", short_name="Renew")
    make(parent=parent, title="MEP Greens FR", kind=SupporterKind.MEP, political_group=greens)
    make(
        parent=parent,
        title="MEP Renew DE",
        kind=SupporterKind.MEP,
        country="DE",
        political_group=renew,
    )
    make(parent=parent, title="Mayor FR", kind=SupporterKind.NATIONAL_POLITICIAN)
    make(parent=parent, title="Singer IT", kind=SupporterKind.PUBLIC_FIGURE, country="IT")
    return {"greens": greens, "renew": renew}


def test_supporters_are_filtered_by_kind_country_and_group(supporters, admin_client):
    greens, renew = supporters["greens"].pk, supporters["renew"].pk
    expected = {
        "": {"MEP Greens FR", "MEP Renew DE", "Mayor FR", "Singer IT"},
        "kind=mep": {"MEP Greens FR", "MEP Renew DE"},
        "kind=public_figure": {"Singer IT"},
        "country=FR": {"MEP Greens FR", "Mayor FR"},
        "country=DE": {"MEP Renew DE"},
        f"political_group={greens}": {"MEP Greens FR"},
        f"political_group={renew}": {"MEP Renew DE"},
        "kind=mep&country=FR": {"MEP Greens FR"},
    }

    assert listed_for_queries(admin_client, "supporters:index", expected) == expected


def test_the_post_and_demand_listings_load(campaign_tree, admin_client):
    factories.CampaignPostPageFactory(parent=campaign_tree.posts, title="First post")
    factories.DemandPageFactory(parent=campaign_tree.demands, title="No exceptions")

    assert listed_titles(admin_client.get(reverse("posts:index"))) == {"First post"}
    assert listed_titles(admin_client.get(reverse("demands:index"))) == {"No exceptions"}
    response = admin_client.get(reverse("demands:index"), {"progress_status": "won"})
    assert listed_titles(response) == set()


def test_the_listings_are_for_editors_only(campaign_tree, client):
    response = client.get(reverse("organisations:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_the_campaign_menu_groups_the_listings_and_the_snippet(db, admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))

    content = response.content.decode()
    for label in ("Campaign", "Posts", "Demands", "Organisations", "Supporters"):
        assert f'"{label}"' in content, label
    assert '"Political groups"' in content
    # Political groups have their menu item here, so the generic Snippets menu is not needed.
    assert '"Snippets"' not in content


# --- The political-group snippet ----------------------------------------------------------


FRESH_PROCESS_CHECK = """
import django
django.setup()
from wagtail.snippets.models import get_snippet_models
from wagtail.snippets.widgets import AdminSnippetChooser
from campaign.models import PoliticalGroup, SupporterPage
form_class = SupporterPage.get_edit_handler().get_form_class()
assert PoliticalGroup in get_snippet_models(), "not a snippet"
widget = form_class.base_fields["political_group"].widget
assert isinstance(widget, AdminSnippetChooser), "no chooser"
"""


def test_political_groups_are_a_snippet_before_the_admin_urls_load():
    # In this test session the admin's URLs are loaded already, which hides the difference
    # between register_snippet and a viewset registered through a hook; a fresh process shows it.
    result = subprocess.run(
        [sys.executable, "-c", FRESH_PROCESS_CHECK],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert PoliticalGroup in get_snippet_models()


def test_political_groups_are_managed_in_the_admin(db, admin_client):
    factories.PoliticalGroupFactory(name="Renew Europe", short_name="Renew")

    listing = admin_client.get(reverse("wagtailsnippets_campaign_politicalgroup:list"))
    assert listing.status_code == 200
    assert "Renew Europe" in listing.content.decode()

    add_url = reverse("wagtailsnippets_campaign_politicalgroup:add")
    assert admin_client.get(add_url).status_code == 200
    response = admin_client.post(
        add_url,
        {
            "name": "Greens/European Free Alliance",
            "short_name": "Greens/EFA",
            "website": "https://www.greens-efa.eu",
        },
    )
    assert response.status_code == 302
    group = PoliticalGroup.objects.get(short_name="Greens/EFA")

    edit_url = reverse("wagtailsnippets_campaign_politicalgroup:edit", args=(group.pk,))
    assert admin_client.get(edit_url).status_code == 200
    search = admin_client.get(
        reverse("wagtailsnippets_campaign_politicalgroup:list"), {"q": "Greens"}
    )
    assert [str(obj) for obj in search.context["object_list"]] == ["Greens/EFA"]


# --- Edit views ---------------------------------------------------------------------------


@pytest.fixture
def full_tree(campaign_tree):
    """A page of every type, with inline rows, tags and a body using every block."""
    return factories.pages_of_every_type(campaign_tree.campaign)


def test_the_edit_view_of_every_page_type_loads(full_tree, admin_client):
    # One tree for all page types keeps this fast; a broken panel fails with the type named.
    loaded = {}
    for model, page in full_tree.items():
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        assert response.context["page"].specific_class is model
        loaded[model.__name__] = response.status_code

    assert loaded == {model.__name__: 200 for model in PAGE_MODELS}


def test_the_edit_views_show_inline_rows(full_tree, admin_client):
    def formset(model, name):
        page = full_tree[model]
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        return response.context["form"].formsets[name]

    assert formset(CampaignPostPage, "related_organisations").initial_form_count() == 1
    assert formset(CampaignPostPage, "related_supporters").initial_form_count() == 1
    assert formset(CampaignPostPage, "related_demands").initial_form_count() == 1
    assert formset(OpenLetterPage, "signatories").initial_form_count() == 1
    assert formset(CampaignPage, "signature_countries").initial_form_count() == 1


def test_the_add_view_of_every_page_type_loads(campaign_tree, admin_client):
    fresh_campaign = factories.CampaignPageFactory()
    parents = {
        CampaignPage: campaign_tree.campaign,
        CampaignPostPage: campaign_tree.posts,
        DemandPage: campaign_tree.demands,
        OrganisationPage: campaign_tree.organisations,
        SupporterPage: campaign_tree.supporters,
        OpenLetterPage: campaign_tree.campaign,
        StandardPage: campaign_tree.campaign,
        # The tree's campaign has its indexes already; a fresh one may still get them.
        **{model: fresh_campaign for model in PAGE_MODELS if model.max_count_per_parent},
    }
    loaded = {}
    for model in PAGE_MODELS:
        url = reverse(
            "wagtailadmin_pages:add",
            args=(model._meta.app_label, model._meta.model_name, parents[model].pk),
        )
        loaded[model.__name__] = admin_client.get(url).status_code

    assert loaded == {model.__name__: 200 for model in PAGE_MODELS}


# --- Help texts ---------------------------------------------------------------------------


def panel_fields(model) -> list[tuple[type[models.Model], str]]:
    """(model, field name) for every field in the model's edit form and inline formsets."""
    options = model.get_edit_handler().get_form_options()
    fields = [(model, name) for name in options["fields"]]
    for relation_name, formset_options in options.get("formsets", {}).items():
        related_model = model._meta.get_field(relation_name).related_model
        fields += [(related_model, name) for name in formset_options.get("fields", [])]
    return fields


def editor_fields():
    for model in PAGE_MODELS:
        for field_model, name in panel_fields(model):
            try:
                field = field_model._meta.get_field(name)
            except FieldDoesNotExist:  # a form-only field such as comment_notifications
                continue
            # Wagtail's own fields (title, slug, go_live_at, comments...) carry its help texts.
            if field.model is Page or field_model._meta.app_label != "campaign":
                continue
            yield field_model, field
    for field in PoliticalGroup._meta.get_fields():
        if field.concrete and not field.primary_key:
            yield PoliticalGroup, field


def test_every_field_an_editor_sees_has_help_text(db):
    seen = list(editor_fields())
    missing = [
        f"{model.__name__}.{field.name}"
        for model, field in seen
        if not str(getattr(field, "help_text", "")).strip()
    ]

    assert missing == []
    # Guard the guard: the walk found the fields it is meant to check.
    names = {f"{model.__name__}.{field.name}" for model, field in seen}
    assert {
        "CampaignPage.signature_goal",
        "SignatureCountryCount.country",
        "CampaignPostPage.tags",
        "CampaignPostOrganisation.organisation",
        "OpenLetterSignatory.organisation",
        "SupporterPage.political_group",
        "PoliticalGroup.short_name",
    } <= names


@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model.__name__)
def test_every_own_field_of_a_page_is_in_its_panels(model):
    in_panels = {name for _, name in panel_fields(model)}
    own_fields = {
        field.name
        for field in model._meta.get_fields()
        if field.concrete
        and field.model is not Page
        and not field.auto_created
        and not field.name.endswith("_ptr")
    }

    assert own_fields - in_panels == set()


# How a help text says what the front end does when an optional field is left empty.
WHEN_EMPTY = re.compile(
    r"leave (it |this )?empty|without one|if known|if any|if none|optional|if it must|"
    r"unless|clear it|when no|for no link",
    re.IGNORECASE,
)


def test_every_optional_field_says_what_happens_when_it_is_empty(db):
    optional = [
        (model, field)
        for model, field in editor_fields()
        if getattr(field, "blank", False) and not field.many_to_many
    ]
    silent = [
        f"{model.__name__}.{field.name}: {field.help_text}"
        for model, field in optional
        if not WHEN_EMPTY.search(str(field.help_text))
    ]

    assert silent == []
    assert len(optional) >= 30  # the walk reached the optional fields


def test_limits_an_editor_can_hit_are_in_the_help_text(db):
    """Short texts the front end shows in lists say how long they may be."""
    from campaign.models import CampaignPostPage, DemandPage

    for field in (
        DemandPage._meta.get_field("short_title"),
        DemandPage._meta.get_field("summary"),
        CampaignPostPage._meta.get_field("summary"),
    ):
        assert f"{field.max_length} characters" in str(field.help_text), field
