"""Search: each page type's search_fields find its pages, on SQLite and on PostgreSQL."""

import importlib

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from wagtail.search.backends import get_search_backend

from campaign import factories
from campaign.choices import CampaignStatus, DemandProgress, OrganisationRole, SupporterKind
from campaign.models import (
    CampaignPage,
    CampaignPostPage,
    DemandIndexPage,
    DemandPage,
    OpenLetterPage,
    OrganisationPage,
    PoliticalGroup,
    StandardPage,
    SupporterPage,
)
from tests.campaign.admin_forms import post_form_data

search_configurations = importlib.import_module(
    "campaign.migrations.0009_search_text_configurations"
)


def test_the_search_backend_matches_the_database(db):
    backend = get_search_backend()

    # One setting for every environment: our subclasses of Wagtail's "database" backend,
    # PostgreSQL full-text search on PostgreSQL and SQLite FTS5 on SQLite.
    assert settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] == "campaign.search_backend"
    # Each implementation can only be imported on its own database (its models need it).
    if connection.vendor == "postgresql":
        from wagtail.search.backends.database.postgres.postgres import PostgresSearchBackend

        from campaign.search_backend import postgres

        assert isinstance(backend, postgres.PostgresSearchBackend)
        assert isinstance(backend, PostgresSearchBackend)
    else:
        from wagtail.search.backends.database.sqlite.sqlite import SQLiteSearchBackend

        from campaign.search_backend import sqlite

        assert connection.vendor == "sqlite"
        assert isinstance(backend, sqlite.SQLiteSearchBackend)
        assert isinstance(backend, SQLiteSearchBackend)


def paragraph(html: str) -> list[dict]:
    return [{"type": "paragraph", "value": html}]


def found(queryset, term: str) -> set[str]:
    return {page.title for page in queryset.live().search(term)}


@pytest.fixture
def searchable(campaign_tree):
    """Pages whose words appear in exactly one search field each."""
    tree = campaign_tree
    campaign = tree.campaign
    campaign.tagline = "Stop the quokka cameras"
    campaign.intro = "<p>An introduction about walruses.</p>"
    campaign.body = paragraph("<p>The zeppelin paragraph.</p>")
    campaign.save()

    tree.demands.intro = "<p>Our narwhal demands.</p>"
    tree.demands.save()

    greens = factories.PoliticalGroupFactory(
        name="Greens/European Free Alliance", short_name="Greens/EFA"
    )
    make = factories
    return {
        "demand": make.DemandPageFactory(
            parent=tree.demands,
            title="First demand",
            short_title="Pangolin exceptions",
            summary="No axolotl loopholes.",
            body=paragraph("<p>The capybara argument.</p>"),
            progress_note="A wombat amendment was tabled.",
            progress_status=DemandProgress.AMENDMENT_TABLED,
        ),
        "other demand": make.DemandPageFactory(
            parent=tree.demands, title="Second demand", summary="Something else."
        ),
        "organisation": make.OrganisationPageFactory(
            parent=tree.organisations,
            title="Platypus Rights Watch",
            role=OrganisationRole.LEAD,
            description="Defends the okapi.",
        ),
        "partner": make.OrganisationPageFactory(
            parent=tree.organisations, title="Partner without animals", country="IT"
        ),
        "supporter": make.SupporterPageFactory(
            parent=tree.supporters,
            title="An MEP",
            kind=SupporterKind.MEP,
            political_group=greens,
            party="The Lemur Party",
            statement="I support the tapir ban.",
        ),
        "figure": make.SupporterPageFactory(parent=tree.supporters, title="A singer"),
        "post": make.CampaignPostPageFactory(
            parent=tree.posts,
            title="News",
            summary="Flamingo summary.",
            body=paragraph("<p>A chinchilla story.</p>"),
        ),
        "letter": make.OpenLetterPageFactory(
            parent=campaign,
            title="Our letter",
            addressees="The Meerkat Council",
            text="<p>Dear ibex friends,</p>",
        ),
        "standard": make.StandardPageFactory(
            parent=campaign,
            title="About",
            intro="All about the gecko.",
            body=paragraph("<p>The toucan section.</p>"),
        ),
        "greens": greens,
    }


# (page type, a word from one of its search fields) -> the title of the page it must find
EXPECTED_HITS = {
    (CampaignPage, "quokka"): "Reclaim Your Face",  # tagline
    (CampaignPage, "walruses"): "Reclaim Your Face",  # intro
    (CampaignPage, "zeppelin"): "Reclaim Your Face",  # body
    (DemandIndexPage, "narwhal"): "Demands",  # intro
    (DemandPage, "pangolin"): "First demand",  # short_title
    (DemandPage, "axolotl"): "First demand",  # summary
    (DemandPage, "capybara"): "First demand",  # body
    (DemandPage, "wombat"): "First demand",  # progress_note
    (OrganisationPage, "platypus"): "Platypus Rights Watch",  # title
    (OrganisationPage, "okapi"): "Platypus Rights Watch",  # description
    (SupporterPage, "tapir"): "An MEP",  # statement
    (SupporterPage, "lemur"): "An MEP",  # party
    (SupporterPage, "greens"): "An MEP",  # political group
    (CampaignPostPage, "flamingo"): "News",  # summary
    (CampaignPostPage, "chinchilla"): "News",  # body
    (OpenLetterPage, "meerkat"): "Our letter",  # addressees
    (OpenLetterPage, "ibex"): "Our letter",  # text
    (StandardPage, "gecko"): "About",  # intro
    (StandardPage, "toucan"): "About",  # body
}


def test_search_fields_find_their_pages(searchable):
    # One tree for all cases keeps this fast; a failure lists every case that missed.
    hits = {(model, term): found(model.objects, term) for model, term in EXPECTED_HITS}

    assert hits == {case: {title} for case, title in EXPECTED_HITS.items()}


def test_search_finds_nothing_for_unknown_words(searchable):
    assert found(DemandPage.objects, "hippopotamus") == set()
    assert found(OrganisationPage.objects, "capybara") == set()


def test_only_live_pages_are_found(searchable):
    searchable["post"].unpublish()

    assert found(CampaignPostPage.objects, "flamingo") == set()


def test_filter_fields_combine_with_search(searchable):
    lead = OrganisationPage.objects.live().filter(role=OrganisationRole.LEAD)
    partners = OrganisationPage.objects.live().filter(role=OrganisationRole.PARTNER)
    meps = SupporterPage.objects.live().filter(kind=SupporterKind.MEP)
    of_group = SupporterPage.objects.live().filter(political_group=searchable["greens"])
    tabled = DemandPage.objects.live().filter(progress_status=DemandProgress.AMENDMENT_TABLED)
    active = CampaignPage.objects.live().filter(status=CampaignStatus.ACTIVE)

    assert found(lead, "okapi") == {"Platypus Rights Watch"}
    assert found(partners, "okapi") == set()
    assert found(meps, "tapir") == {"An MEP"}
    assert found(of_group, "tapir") == {"An MEP"}
    assert found(tabled, "wombat") == {"First demand"}
    assert found(DemandPage.objects.filter(number=searchable["demand"].number), "pangolin") == {
        "First demand"
    }
    assert found(active, "quokka") == {"Reclaim Your Face"}


def test_organisations_and_supporters_autocomplete_by_name(searchable):
    organisations = OrganisationPage.objects.live().autocomplete("Platyp")
    supporters = SupporterPage.objects.live().autocomplete("sing")

    assert [page.title for page in organisations] == ["Platypus Rights Watch"]
    assert [page.title for page in supporters] == ["A singer"]


def test_posts_are_found_by_tag(campaign_tree):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts, title="Tagged")
    post.tags.add("dugong")
    post.save()

    assert found(CampaignPostPage.objects, "dugong") == {"Tagged"}


def test_changing_tags_in_the_admin_updates_the_index(campaign_tree, admin_client):
    data = post_form_data(
        title="Tagged",
        slug="tagged",
        tags="walrus",
    )
    admin_client.post(
        reverse(
            "wagtailadmin_pages:add", args=("campaign", "campaignpostpage", campaign_tree.posts.pk)
        ),
        data,
    )
    post = CampaignPostPage.objects.get(slug="tagged")
    assert found(CampaignPostPage.objects, "walrus") == {"Tagged"}

    data["tags"] = "narwhal"
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=(post.pk,)), data)

    assert response.status_code == 302
    assert found(CampaignPostPage.objects, "narwhal") == {"Tagged"}
    assert found(CampaignPostPage.objects, "walrus") == set()


def test_political_groups_are_found_by_either_part_of_their_names(db):
    factories.PoliticalGroupFactory(name="Greens/European Free Alliance", short_name="Greens/EFA")
    factories.PoliticalGroupFactory(name="Renew Europe", short_name="Renew")

    for term in ("Greens", "EFA", "Alliance"):
        results = get_search_backend().search(term, PoliticalGroup)
        assert [str(group) for group in results] == ["Greens/EFA"]


# Languages: on PostgreSQL each content language has its own text search configuration.

STEMMING = connection.vendor == "postgresql"


def test_every_content_language_has_a_search_configuration():
    options = settings.WAGTAILSEARCH_BACKENDS["default"]
    codes = [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES]

    assert sorted(options["SEARCH_CONFIGS"]) == sorted(codes)
    assert set(options["SEARCH_CONFIGS"].values()) | {options["SEARCH_CONFIG"]} == set(
        search_configurations.CONFIGURATIONS
    )


def installed_configurations() -> dict[str, list[str]]:
    """Each of our configurations -> the dictionaries it applies to accented words ("word")."""
    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.cfgname, array_agg(d.dictname::text ORDER BY m.mapseqno)
            FROM pg_ts_config c
            JOIN pg_ts_config_map m ON m.mapcfg = c.oid
            JOIN pg_ts_dict d ON d.oid = m.mapdict
            WHERE c.cfgname LIKE 'campaign\\_%%'
              AND m.maptokentype = (SELECT tokid FROM ts_token_type('default') WHERE alias = 'word')
            GROUP BY c.cfgname"""
        )
        return dict(cursor.fetchall())


class StatementRecorder:
    """Enough of a schema editor for a RunPython function: runs and records its statements."""

    connection = connection

    def __init__(self):
        self.statements = []

    def execute(self, sql):
        self.statements.append(sql)
        with connection.cursor() as cursor:
            cursor.execute(sql)


def test_the_migration_creates_the_configurations_on_postgresql_only(db):
    editor = StatementRecorder()
    # Running it again replaces the configurations (the test database has them already).
    search_configurations.create_configurations(None, editor)

    expected = {
        name: ["unaccent", dictionary]
        for name, (_, dictionary) in search_configurations.CONFIGURATIONS.items()
    }
    if connection.vendor == "postgresql":
        assert editor.statements[0] == "CREATE EXTENSION IF NOT EXISTS unaccent"
        assert installed_configurations() == expected
    else:
        assert editor.statements == []


@pytest.fixture
def german_post(campaign_tree, locales):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts, title="Original")
    german = post.copy_for_translation(locales["de"], copy_parents=True)
    german.title = "Demonstrationen gegen Überwachung"
    german.save_revision().publish()
    return german


# (language of the query, query) -> found on PostgreSQL, found on SQLite (no stemmer, accents
# folded in every language)
QUERY_LANGUAGES = {
    ("de", "Demonstration"): (True, False),  # the German stemmer
    ("de-at", "Demonstration"): (True, False),  # a regional variant: its language's stemmer
    ("en", "Demonstration"): (False, False),  # the English stemmer keeps "demonstration"
    (None, "Demonstration"): (True, False),  # no language (the admin): any configured stemmer
    ("de", "uberwachung"): (True, True),
    ("de", "UEBERWACHUNG"): (False, False),  # "ue" for "ü" is not folded
    (None, "uberwachung"): (True, True),
}


@pytest.mark.parametrize(("language_code", "query"), QUERY_LANGUAGES)
def test_the_query_is_parsed_in_its_language(german_post, language_code, query):
    results = get_search_backend().search(
        query, CampaignPostPage.objects.live(), language_code=language_code
    )

    on_postgresql, on_sqlite = QUERY_LANGUAGES[language_code, query]
    expected = on_postgresql if STEMMING else on_sqlite
    assert [page.title for page in results] == ["Demonstrationen gegen Überwachung"] * expected


def test_autocomplete_ignores_accents_and_case(german_post):
    results = CampaignPostPage.objects.live().autocomplete("UBERWA")

    assert [page.title for page in results] == ["Demonstrationen gegen Überwachung"]
