"""Internationalisation: locales are on, and editors can translate every page type."""

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.models import Locale, Page, get_page_models

from campaign import factories
from campaign.models import (
    CampaignPage,
    CampaignPostPage,
    DemandPage,
    OpenLetterPage,
    StandardPage,
)


def test_locales_are_switched_on_for_the_four_languages():
    assert settings.WAGTAIL_I18N_ENABLED is True
    codes = [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES]
    assert {"en", "de", "fr", "it"} <= set(codes)
    assert settings.LANGUAGE_CODE == "en"
    assert "wagtail.locales" in settings.INSTALLED_APPS
    assert "wagtail.contrib.simple_translation" in settings.INSTALLED_APPS


def test_the_four_content_locales_exist_after_migrating(db):
    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert {"en", "de", "fr", "it"} <= codes


def test_editors_add_locales_in_the_admin(db, admin_client):
    Locale.objects.filter(language_code="it").delete()
    assert admin_client.get(reverse("wagtaillocales:index")).status_code == 200

    response = admin_client.post(reverse("wagtaillocales:add"), {"language_code": "it"})

    assert response.status_code == 302
    assert Locale.objects.filter(language_code="it").exists()
    # Only configured content languages can be added.
    Locale.objects.filter(language_code="fr").delete()
    response = admin_client.post(reverse("wagtaillocales:add"), {"language_code": "es"})
    assert response.status_code == 200
    assert not Locale.objects.filter(language_code="es").exists()


PAGE_MODELS = [model for model in get_page_models() if model._meta.app_label == "campaign"]


@pytest.fixture
def translatable_tree(campaign_tree, locales):
    """A page of every type with inline rows and tags, a nested page, and the four locales."""
    pages = factories.pages_of_every_type(campaign_tree.campaign)
    pages["nested StandardPage"] = factories.StandardPageFactory(parent=pages[StandardPage])
    return pages, locales


@pytest.mark.parametrize(
    "key", [*PAGE_MODELS, "nested StandardPage"], ids=lambda key: getattr(key, "__name__", key)
)
def test_every_page_type_can_be_copied_for_translation(translatable_tree, key):
    pages, locales = translatable_tree
    page = pages[key]

    german = page.copy_for_translation(locales["de"], copy_parents=True)

    assert type(german) is type(page)
    assert german.locale == locales["de"]
    assert german.translation_key == page.translation_key
    assert german.title == page.title
    assert not german.live
    assert page.get_translation(locales["de"]).pk == german.pk
    # The copy sits under the German version of its parent.
    assert german.get_parent().locale == locales["de"] or german.get_parent().is_root()
    assert german.get_parent().translation_key == page.get_parent().translation_key


def test_inline_rows_and_tags_travel_with_the_translation(translatable_tree):
    pages, locales = translatable_tree
    post = pages[CampaignPostPage]
    letter = pages[OpenLetterPage]
    campaign = pages[CampaignPage]

    german_post = post.copy_for_translation(locales["de"], copy_parents=True)
    german_letter = letter.copy_for_translation(locales["fr"], copy_parents=True)
    italian_campaign = campaign.copy_for_translation(locales["it"])

    assert [link.organisation_id for link in german_post.related_organisations.all()] == [
        link.organisation_id for link in post.related_organisations.all()
    ]
    assert german_post.related_supporters.count() == 1
    assert german_post.related_demands.count() == 1
    assert sorted(german_post.tags.names()) == ["biometrics", "surveillance"]
    assert len(german_post.body) == len(post.body) == 11
    assert [row.organisation_id for row in german_letter.signatories.all()] == [
        row.organisation_id for row in letter.signatories.all()
    ]
    rows = [(row.country, row.count) for row in italian_campaign.signature_countries.all()]
    assert rows == [(row.country, row.count) for row in campaign.signature_countries.all()]
    assert len(rows) == 1
    # The originals keep their rows: the copies have their own.
    assert post.related_organisations.count() == 1
    assert letter.signatories.count() == 1
    assert campaign.signature_countries.count() == 1


def test_a_translated_demand_keeps_its_number_and_can_be_published(translatable_tree):
    pages, locales = translatable_tree
    demand = pages[DemandPage]

    german = demand.copy_for_translation(locales["de"], copy_parents=True)
    german.title = "Keine Ausnahmen"
    german.save_revision().publish()

    german.refresh_from_db()
    assert german.live
    assert german.number == demand.number
    assert german.get_campaign().locale == locales["de"]


def test_the_admin_translates_a_whole_campaign(translatable_tree, admin_client):
    pages, locales = translatable_tree
    campaign = pages[CampaignPage]
    url = reverse("simple_translation:submit_page_translation", args=(campaign.pk,))

    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"locales": [locales["de"].pk], "include_subtree": "on"})

    german_campaign = campaign.get_translation(locales["de"])
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=(german_campaign.pk,))
    english = Page.objects.descendant_of(campaign, inclusive=True)
    german = Page.objects.descendant_of(german_campaign, inclusive=True)
    assert german.count() == english.count() == len(pages)
    assert set(german.values_list("translation_key", flat=True)) == set(
        english.values_list("translation_key", flat=True)
    )
    assert set(german.values_list("locale", flat=True)) == {locales["de"].pk}
    german_post = CampaignPostPage.objects.get(locale=locales["de"])
    assert german_post.related_organisations.count() == 1
    # The translated pages are drafts until an editor has translated and published them.
    assert not german.filter(live=True).exists()


def test_the_translate_view_offers_only_missing_locales(translatable_tree, admin_client):
    pages, locales = translatable_tree
    campaign = pages[CampaignPage]
    campaign.copy_for_translation(locales["fr"])

    response = admin_client.get(
        reverse("simple_translation:submit_page_translation", args=(campaign.pk,))
    )

    offered = set(response.context["form"].fields["locales"].queryset)
    assert offered == {locales["de"], locales["it"]}
