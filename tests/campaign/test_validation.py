"""Validation: the rules editors meet, on the models and through the real admin forms."""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.blocks import StructBlockValidationError
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from campaign import factories
from campaign.blocks import CallToActionBlock
from campaign.choices import DemandProgress, OrganisationScope, SupporterKind
from campaign.models import (
    CampaignPage,
    DemandPage,
    OpenLetterPage,
    OrganisationPage,
    SignatureCount,
    SignatureCountryCount,
    SupporterPage,
)
from campaign.services import signature_count_record

INVALID_COUNTRY = "XX is not a country code we know. Pick a country from the list."


def errors_of(exc_info) -> dict[str, list[str]]:
    return exc_info.value.message_dict


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def add_url(model, parent) -> str:
    return reverse(
        "wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.id)
    )


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=(page.id,))


# --- Demand numbers -----------------------------------------------------------------------


def demand_form_data(number, *, slug="new-demand", publish=True, **overrides):
    data = {
        "title": "Ban it everywhere",
        "slug": slug,
        "number": str(number),
        "short_title": "Everywhere",
        "summary": "No exceptions.",
        "body": streamfield([]),
        "progress_status": DemandProgress.NOT_ADDRESSED,
        "progress_note": "",
        "progress_changed_at": "",
        "comments": inline_formset([]),
        **overrides,
    }
    if publish:
        data["action-publish"] = "publish"
    return nested_form_data(data)


def duplicate_message(number: int, campaign) -> str:
    return f"Demand number {number} is already used in '{campaign.title}'. Choose another number."


def test_duplicate_demand_number_is_refused_by_full_clean(campaign_tree):
    factories.DemandPageFactory(parent=campaign_tree.demands, number=1)
    second = factories.DemandPageFactory(parent=campaign_tree.demands, number=2)

    second.number = 1
    with pytest.raises(ValidationError) as exc_info:
        second.full_clean()

    assert errors_of(exc_info) == {"number": [duplicate_message(1, campaign_tree.campaign)]}


def test_a_live_page_with_a_duplicate_number_cannot_be_saved(campaign_tree):
    factories.DemandPageFactory(parent=campaign_tree.demands, number=1)

    with pytest.raises(ValidationError, match="Demand number 1 is already used"):
        campaign_tree.demands.add_child(
            instance=DemandPage(
                title="Copy", slug="copy", number=1, short_title="Copy", summary="Copy."
            )
        )

    assert DemandPage.objects.count() == 1


def test_a_demand_keeps_its_own_number_when_edited(campaign_tree):
    demand = factories.DemandPageFactory(parent=campaign_tree.demands, number=3)
    demand.summary = "Changed."

    demand.full_clean()
    demand.save()


@pytest.mark.parametrize("publish", [True, False], ids=["publish", "draft"])
def test_duplicate_demand_number_is_refused_in_the_admin(campaign_tree, admin_client, publish):
    factories.DemandPageFactory(parent=campaign_tree.demands, number=1)

    response = admin_client.post(
        add_url(DemandPage, campaign_tree.demands), demand_form_data(1, publish=publish)
    )

    assert response.status_code == 200
    message = duplicate_message(1, campaign_tree.campaign)
    assert response.context["form"].errors["number"] == [message]
    assert message in page_text(response)
    assert not Page.objects.filter(slug="new-demand").exists()


def test_duplicate_demand_number_is_refused_when_editing_in_the_admin(campaign_tree, admin_client):
    factories.DemandPageFactory(parent=campaign_tree.demands, number=1)
    second = factories.DemandPageFactory(parent=campaign_tree.demands, number=2)

    response = admin_client.post(edit_url(second), demand_form_data(1, slug=second.slug))

    assert response.status_code == 200
    assert duplicate_message(1, campaign_tree.campaign) in page_text(response)
    second.refresh_from_db()
    assert second.number == 2


def test_a_new_number_is_accepted_in_the_admin(campaign_tree, admin_client):
    factories.DemandPageFactory(parent=campaign_tree.demands, number=1)

    response = admin_client.post(add_url(DemandPage, campaign_tree.demands), demand_form_data(2))

    assert response.status_code == 302
    demand = DemandPage.objects.get(slug="new-demand")
    assert demand.number == 2
    assert demand.live


def test_the_same_number_is_allowed_in_another_campaign(campaign_tree, admin_client):
    factories.DemandPageFactory(parent=campaign_tree.demands, number=1)
    other = factories.CampaignPageFactory(title="Stop Killer Robots")
    other_demands = factories.DemandIndexPageFactory(parent=other)

    factories.DemandPageFactory(parent=other_demands, number=2).full_clean()
    response = admin_client.post(add_url(DemandPage, other_demands), demand_form_data(1))

    assert response.status_code == 302
    assert DemandPage.objects.filter(number=1).count() == 2


def test_a_nested_campaign_numbers_its_demands_on_its_own(campaign_tree, admin_client):
    national = factories.CampaignPageFactory(parent=campaign_tree.campaign, title="Italia")
    national_demands = factories.DemandIndexPageFactory(parent=national)
    factories.DemandPageFactory(parent=national_demands, number=1)

    # The European campaign may still use 1, although the Italian demand 1 is below it.
    response = admin_client.post(
        add_url(DemandPage, campaign_tree.demands), demand_form_data(1, slug="european-one")
    )
    assert response.status_code == 302

    # And the Italian campaign still refuses a second 1 of its own.
    response = admin_client.post(
        add_url(DemandPage, national_demands), demand_form_data(1, slug="italian-one")
    )
    assert response.status_code == 200
    assert duplicate_message(1, national) in page_text(response)


def test_changing_progress_in_the_admin_dates_the_change(campaign_tree, admin_client):
    demand = factories.DemandPageFactory(parent=campaign_tree.demands, number=1)

    response = admin_client.post(
        edit_url(demand),
        demand_form_data(
            1,
            slug=demand.slug,
            short_title=demand.short_title,
            summary=demand.summary,
            progress_status=DemandProgress.AMENDMENT_TABLED,
        ),
    )

    assert response.status_code == 302
    demand.refresh_from_db()
    assert demand.progress_status == DemandProgress.AMENDMENT_TABLED
    assert demand.progress_changed_at == timezone.localdate()


# --- Countries, counts and goals ----------------------------------------------------------


def test_an_invalid_country_is_refused_with_a_clear_message(campaign_tree):
    organisation = factories.OrganisationPageFactory(parent=campaign_tree.organisations)
    supporter = factories.SupporterPageFactory(parent=campaign_tree.supporters)
    row = SignatureCountryCount(page=campaign_tree.campaign, country="XX", count=10)

    for obj in (organisation, supporter):
        obj.country = "XX"
        with pytest.raises(ValidationError) as exc_info:
            obj.full_clean()
        assert errors_of(exc_info)["country"] == [INVALID_COUNTRY]

    with pytest.raises(ValidationError) as exc_info:
        row.full_clean(exclude=["page"])
    assert errors_of(exc_info)["country"] == [INVALID_COUNTRY]


def test_negative_signature_numbers_are_refused(campaign_tree):
    campaign = campaign_tree.campaign
    campaign.signature_goal = -1
    with pytest.raises(ValidationError) as exc_info:
        campaign.full_clean()
    assert errors_of(exc_info)["signature_goal"] == ["The goal cannot be below zero."]

    with pytest.raises(ValidationError) as exc_info:
        signature_count_record(campaign=campaign, count=-1)
    assert errors_of(exc_info)["count"] == ["The signature count cannot be below zero."]
    assert not SignatureCount.objects.exists()


def test_a_count_dated_in_the_future_is_refused(campaign_tree):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc_info:
        signature_count_record(campaign=campaign_tree.campaign, count=5, as_of=tomorrow)
    assert errors_of(exc_info) == {"as_of": ["A count cannot be dated in the future."]}
    assert not SignatureCount.objects.exists()


def test_negative_counts_in_inline_rows_and_letters_are_refused(campaign_tree):
    row = SignatureCountryCount(page=campaign_tree.campaign, country="DE", count=-1)
    letter = factories.OpenLetterPageFactory(parent=campaign_tree.campaign)
    letter.reported_signatory_count = -3

    with pytest.raises(ValidationError) as exc_info:
        row.full_clean(exclude=["page"])
    assert errors_of(exc_info)["count"] == ["The count cannot be below zero."]

    with pytest.raises(ValidationError) as exc_info:
        letter.full_clean()
    assert errors_of(exc_info)["reported_signatory_count"] == [
        "The signatory count cannot be below zero."
    ]


def test_a_goal_of_zero_is_refused(campaign_tree):
    campaign = campaign_tree.campaign
    campaign.signature_goal = 0

    with pytest.raises(ValidationError) as exc_info:
        campaign.full_clean()

    assert errors_of(exc_info) == {
        "signature_goal": ["A goal of zero means no goal: leave it empty."]
    }


def test_sensible_signature_numbers_are_accepted(campaign_tree):
    campaign = campaign_tree.campaign
    campaign.signature_goal = None
    campaign.full_clean()
    signature_count_record(campaign=campaign, count=0)
    assert campaign.signature_progress(0) is None

    campaign.signature_goal = 1_000_000
    campaign.full_clean()
    signature_count_record(campaign=campaign, count=250_000)
    assert campaign.signature_count_latest().count == 250_000
    assert campaign.signature_progress(250_000) == 0.25


# --- Organisations and supporters ---------------------------------------------------------


def test_a_national_organisation_needs_a_country(campaign_tree):
    organisation = factories.OrganisationPageFactory(parent=campaign_tree.organisations)
    organisation.scope = OrganisationScope.NATIONAL
    organisation.country = ""

    with pytest.raises(ValidationError) as exc_info:
        organisation.full_clean()

    assert errors_of(exc_info) == {
        "country": [
            "A national organisation needs a country. Choose one, or set the scope to "
            "international."
        ]
    }

    organisation.scope = OrganisationScope.INTERNATIONAL
    organisation.full_clean()


def test_only_meps_belong_to_a_political_group(campaign_tree):
    group = factories.PoliticalGroupFactory(short_name="Greens/EFA")
    supporter = factories.SupporterPageFactory(
        parent=campaign_tree.supporters, kind=SupporterKind.MEP, political_group=group
    )
    supporter.full_clean()

    supporter.kind = SupporterKind.NATIONAL_POLITICIAN
    with pytest.raises(ValidationError) as exc_info:
        supporter.full_clean()

    assert errors_of(exc_info) == {
        "political_group": [
            "Only Members of the European Parliament belong to a political group. Clear the "
            "group or change the kind to MEP."
        ]
    }


def test_a_political_group_on_a_non_mep_is_refused_in_the_admin(campaign_tree, admin_client):
    group = factories.PoliticalGroupFactory(short_name="Renew")
    data = nested_form_data(
        {
            "title": "A mayor",
            "slug": "a-mayor",
            "kind": SupporterKind.PUBLIC_FIGURE,
            "country": "FR",
            "political_group": str(group.pk),
            "party": "",
            "image": "",
            "statement": "",
            "source_url": "",
            "date": "",
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )

    response = admin_client.post(add_url(SupporterPage, campaign_tree.supporters), data)

    assert response.status_code == 200
    assert "Only Members of the European Parliament belong to a political group." in (
        page_text(response)
    )
    assert not SupporterPage.objects.exists()


def test_a_national_organisation_without_country_is_refused_in_the_admin(
    campaign_tree, admin_client
):
    data = nested_form_data(
        {
            "title": "Local group",
            "slug": "local-group",
            "logo": "",
            "role": "partner",
            "scope": OrganisationScope.NATIONAL,
            "country": "",
            "date_joined": "",
            "website": "",
            "description": "",
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )

    response = admin_client.post(add_url(OrganisationPage, campaign_tree.organisations), data)

    assert response.status_code == 200
    assert "A national organisation needs a country." in page_text(response)
    assert not OrganisationPage.objects.exists()


# --- The campaign's country breakdown (admin form) ----------------------------------------


def campaign_form_data(campaign, *, count, goal="", countries=(), calls_to_action=()):
    """The campaign page's edit form; ``count`` is recorded first as the counter's reading."""
    if count is not None:
        signature_count_record(campaign=campaign, count=count)
    return nested_form_data(
        {
            "title": campaign.title,
            "slug": campaign.slug,
            "tagline": campaign.tagline,
            "status": campaign.status,
            "hero_image": "",
            "intro": rich_text("<p>Hello.</p>"),
            "calls_to_action": streamfield(list(calls_to_action)),
            "signature_goal": str(goal),
            "signature_countries": inline_formset(
                [{"country": code, "count": str(number)} for code, number in countries]
            ),
            "body": streamfield([]),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )


def test_a_valid_country_breakdown_is_saved(campaign_tree, admin_client):
    campaign = campaign_tree.campaign

    response = admin_client.post(
        edit_url(campaign),
        campaign_form_data(campaign, count=1000, goal=5000, countries=[("DE", 600), ("IT", 400)]),
    )

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert [(str(row.country), row.count) for row in campaign.signature_countries.all()] == [
        ("DE", 600),
        ("IT", 400),
    ]


def test_a_country_listed_twice_is_refused(campaign_tree, admin_client):
    campaign = campaign_tree.campaign

    response = admin_client.post(
        edit_url(campaign),
        campaign_form_data(campaign, count=1000, countries=[("DE", 100), ("DE", 200)]),
    )

    assert response.status_code == 200
    message = "The country breakdown lists Germany twice. Keep one row per country."
    assert response.context["form"].non_field_errors() == [message]
    assert message in page_text(response)
    assert not campaign.signature_countries.exists()


def test_a_breakdown_above_the_total_is_refused(campaign_tree, admin_client):
    campaign = campaign_tree.campaign

    response = admin_client.post(
        edit_url(campaign),
        campaign_form_data(campaign, count=500, countries=[("DE", 400), ("FR", 200)]),
    )

    assert response.status_code == 200
    message = (
        "The country breakdown adds up to 600, more than the latest signature count of 500. "
        "Record the new count under Campaign → Signature counts first, or correct the breakdown."
    )
    assert response.context["form"].non_field_errors() == [message]
    assert message in page_text(response)
    assert not campaign.signature_countries.exists()


def test_a_negative_goal_is_refused_in_the_admin(campaign_tree, admin_client):
    campaign = campaign_tree.campaign

    response = admin_client.post(
        edit_url(campaign), campaign_form_data(campaign, count=10, goal=-5)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["signature_goal"] == ["The goal cannot be below zero."]


# --- Open letters (admin form) ------------------------------------------------------------


def letter_form_data(*, signatories, reported=""):
    return nested_form_data(
        {
            "title": "Letter to the Parliament",
            "slug": "letter",
            "date": "2022-11-28",
            "addressees": "Members of the European Parliament",
            "text": rich_text("<p>Dear Members,</p>"),
            "signatories": inline_formset(
                [{"organisation": str(organisation.pk)} for organisation in signatories]
            ),
            "reported_signatory_count": str(reported),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )


@pytest.fixture
def three_organisations(campaign_tree):
    return [factories.OrganisationPageFactory(parent=campaign_tree.organisations) for _ in range(3)]


def test_a_reported_count_below_the_listed_signatories_is_refused(
    campaign_tree, admin_client, three_organisations
):
    response = admin_client.post(
        add_url(OpenLetterPage, campaign_tree.campaign),
        letter_form_data(signatories=three_organisations, reported=2),
    )

    assert response.status_code == 200
    message = (
        "The reported count (2) is lower than the 3 signatories listed. Leave it empty or give "
        "the full number."
    )
    assert response.context["form"].errors["reported_signatory_count"] == [message]
    assert message in page_text(response)
    assert not OpenLetterPage.objects.exists()


def test_an_organisation_cannot_sign_twice(campaign_tree, admin_client, three_organisations):
    first = three_organisations[0]

    response = admin_client.post(
        add_url(OpenLetterPage, campaign_tree.campaign),
        letter_form_data(signatories=[first, first]),
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "An organisation is listed twice among the signatories."
    ]
    assert not OpenLetterPage.objects.exists()


def test_a_letter_with_a_complete_or_larger_count_is_saved(
    campaign_tree, admin_client, three_organisations
):
    response = admin_client.post(
        add_url(OpenLetterPage, campaign_tree.campaign),
        letter_form_data(signatories=three_organisations, reported=120),
    )

    assert response.status_code == 302
    letter = OpenLetterPage.objects.get()
    assert [row.organisation_id for row in letter.signatories.all()] == [
        organisation.pk for organisation in three_organisations
    ]
    assert letter.signatory_count == 120
    assert letter.date == datetime.date(2022, 11, 28)


# --- Calls to action ----------------------------------------------------------------------


CTA_WITHOUT_TARGET = {"title": "Sign", "text": "", "button_label": "Sign now", "page": None}


def test_a_call_to_action_needs_a_page_or_a_link():
    block = CallToActionBlock()

    with pytest.raises(StructBlockValidationError) as exc_info:
        block.clean(block.to_python({**CTA_WITHOUT_TARGET, "url": ""}))

    errors = exc_info.value.block_errors
    assert list(errors) == ["page"]
    assert errors["page"].messages == ["Choose a page or give a link for the button."]


def test_a_call_to_action_with_a_link_or_a_page_is_valid(campaign_tree):
    block = CallToActionBlock()

    with_link = block.clean(block.to_python({**CTA_WITHOUT_TARGET, "url": "https://example.org"}))
    with_page = block.clean(
        block.to_python({**CTA_WITHOUT_TARGET, "page": campaign_tree.posts.pk, "url": ""})
    )

    assert with_link["url"] == "https://example.org"
    assert with_page["page"].pk == campaign_tree.posts.pk


def test_a_call_to_action_without_target_is_refused_in_the_admin(campaign_tree, admin_client):
    campaign = campaign_tree.campaign
    cta = {"title": "Sign", "text": "", "button_label": "Sign now", "page": "", "url": ""}

    response = admin_client.post(
        edit_url(campaign),
        campaign_form_data(campaign, count=10, calls_to_action=[("call_to_action", cta)]),
    )

    assert response.status_code == 200
    error = response.context["form"].errors.as_data()["calls_to_action"][0]
    assert "Choose a page or give a link for the button." in str(error.as_json_data())
    assert len(CampaignPage.objects.get(pk=campaign.pk).calls_to_action) == 0
