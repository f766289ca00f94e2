"""The admin home's campaign dashboard: counter and history, demands, review, schedule, news."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from campaign import factories
from campaign.choices import DemandProgress
from campaign.selectors import campaign_dashboard, history_chart_points
from campaign.services import signature_count_record


@pytest.fixture
def busy_campaign(campaign_tree, admin_user):
    campaign = campaign_tree.campaign
    campaign.signature_goal = 100_000
    campaign.save_revision().publish()
    for as_of, count in ((datetime.date(2021, 3, 1), 20_000), (datetime.date(2021, 9, 1), 50_000)):
        signature_count_record(campaign=campaign, count=count, as_of=as_of)
    for number in (2, 1):
        factories.DemandPageFactory(
            parent=campaign_tree.demands,
            number=number,
            short_title=f"Demand {number}",
            progress_status=DemandProgress.IN_NEGOTIATION,
        )
    draft = factories.CampaignPostPageFactory(
        parent=campaign_tree.posts, title="Waiting for a moderator", live=False
    )
    draft.save_revision()
    draft.get_workflow().start(draft, admin_user)
    later = factories.CampaignPostPageFactory(
        parent=campaign_tree.posts, title="Goes out on Monday", live=False
    )
    later.go_live_at = timezone.now() + datetime.timedelta(days=3)
    later.save_revision(approved_go_live_at=later.go_live_at)
    out_today = factories.CampaignPostPageFactory(parent=campaign_tree.posts, title="Out today")
    out_today.save_revision().publish()
    return campaign


def test_the_dashboard_gathers_what_the_team_checks(busy_campaign):
    board = campaign_dashboard(campaign=busy_campaign)
    assert board["counter"].count == 50_000
    assert board["progress"] == 0.5
    assert [reading.count for reading in board["history"]] == [20_000, 50_000]
    assert [demand.number for demand in board["demands"]] == [1, 2]
    assert [state.content_object.title for state in board["in_review"]] == [
        "Waiting for a moderator"
    ]
    assert [revision.object_str for revision in board["scheduled"]] == ["Goes out on Monday"]
    assert "Out today" in [page.title for page in board["published"]]


def test_the_dashboard_is_the_first_panel_of_the_admin_home(busy_campaign, admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    text = response.content.decode()
    assert text.index("Signature counter") < text.index("Awaiting your review")
    for expected in (
        "<strong>50,000</strong> signatures of 100,000",
        "50.0% of the goal",
        "Signatures over time, from 20,000 to 50,000",
        "Demand 1",
        "In negotiation",
        "Waiting for a moderator",
        "Goes out on Monday",
        "Out today",
        reverse("wagtailsnippets_campaign_signaturecount:add"),
    ):
        assert expected in text, expected


def test_a_campaign_without_counts_or_content_says_so(campaign_tree, admin_client):
    text = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    for expected in (
        "No count recorded yet.",
        "No demands yet.",
        "Nothing is waiting for review.",
        "Nothing is scheduled.",
    ):
        assert expected in text


def test_chart_points_span_the_box_by_date_and_count():
    class Reading:
        def __init__(self, as_of, count):
            self.as_of, self.count = as_of, count

    history = [
        Reading(datetime.date(2021, 1, 1), 0),
        Reading(datetime.date(2021, 1, 11), 50),
        Reading(datetime.date(2021, 1, 21), 100),
    ]
    points = history_chart_points(history, width=200, height=100)
    assert [(x, y) for x, y, _ in points] == [(0.0, 100.0), (100.0, 50.0), (200.0, 0.0)]
    assert history_chart_points([]) == []


def dashboard_text(client) -> str:
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = html.split('id="campaign-dashboard-', 1)[1]
    return " ".join(re.sub(r"<[^>]+>", " ", panel).split())


@pytest.mark.parametrize(
    ("language", "expected", "english"),
    [
        (
            "de",
            [
                "Unterschriftenzähler",
                "50.000 Unterschriften von 100.000",
                "Stand 1. September 2021",
                "50,0 % des Ziels",
                "Neuen Stand erfassen",
                "Wartet auf Prüfung",
                "eingereicht von",
                "Geplant",
                "geht live am",
                "Neueste Veröffentlichungen",
                "2 datierte Stände, seit 1. Mär 2021",
                "(Post, Englisch)",
                "In Verhandlung",  # a demand's progress: a choice label
            ],
            "Englisch",
        ),
        (
            "fr",
            [
                "signatures sur 100",
                "au 1 septembre 2021",
                "En attente de relecture",
                "En négociation",
            ],
            "Anglais",
        ),
        (
            "it",
            ["firme su 100", "al 1 Settembre 2021", "In attesa di revisione", "In negoziazione"],
            "Inglese",
        ),
    ],
)
def test_the_dashboard_speaks_the_editors_language(
    busy_campaign, admin_user, admin_client, language, expected, english
):
    """The panel's own words, dates, numbers and language names follow the editor's choice."""
    from wagtail.users.models import UserProfile

    UserProfile.get_for_user(admin_user)
    UserProfile.objects.filter(user=admin_user).update(preferred_language=language)

    text = dashboard_text(admin_client)

    for phrase in expected:
        assert phrase in text, (phrase, text)
    assert english in text  # the language of the latest publications, named in theirs
    for phrase in (
        "Signature counter",
        "Awaiting review",
        "Record a new count",
        "as of ",
        "In negotiation",
    ):
        assert phrase not in text, phrase


def test_the_dashboard_in_english(busy_campaign, admin_client):
    text = dashboard_text(admin_client)
    for phrase in (
        "Signature counter",
        "50,000 signatures of 100,000",
        "as of 1 September 2021",
        "50.0% of the goal",
        "2 dated readings",
        "Awaiting review",
        "(Post, English)",
    ):
        assert phrase in text, (phrase, text)
