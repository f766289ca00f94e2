"""The admin's "Translate" does what the README tells editors: it copies parents as needed."""

from django.urls import reverse
from wagtail.models import Page

from campaign import factories
from campaign.models import CampaignPostPage


def test_every_missing_locale_is_offered_even_without_translated_parents(
    campaign_tree, locales, admin_client
):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)

    response = admin_client.get(
        reverse("simple_translation:submit_page_translation", args=(post.pk,))
    )

    form = response.context["form"]
    assert set(form.fields["locales"].queryset) == {locales["de"], locales["fr"], locales["it"]}
    assert list(form.fields["locales"].widget.disabled_values) == []
    assert form.show_submit
    html = response.content.decode()
    assert "a parent page is not translated" not in html
    assert "disabled" not in html.split('name="locales"', 1)[1].split("</ul>", 1)[0]


def test_translating_a_post_into_italian_adds_its_parents(campaign_tree, locales, admin_client):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts, title="Hello")
    url = reverse("simple_translation:submit_page_translation", args=(post.pk,))

    response = admin_client.post(url, {"locales": [locales["it"].pk]})

    italian = CampaignPostPage.objects.get(locale=locales["it"])
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=(italian.pk,))
    assert italian.translation_key == post.translation_key
    assert italian.alias_of_id is None  # the post itself is a real copy to translate
    italian_index = italian.get_parent()
    assert italian_index.translation_key == campaign_tree.posts.translation_key
    assert italian_index.locale == locales["it"]
    italian_campaign = italian_index.get_parent()
    assert italian_campaign.translation_key == campaign_tree.campaign.translation_key
    # The parents show the original until someone translates them.
    assert italian_index.alias_of_id == campaign_tree.posts.pk
    assert italian_campaign.alias_of_id == campaign_tree.campaign.pk
    # Translating a second post reuses the parents.
    second = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    admin_client.post(
        reverse("simple_translation:submit_page_translation", args=(second.pk,)),
        {"locales": [locales["it"].pk]},
    )
    assert Page.objects.filter(locale=locales["it"]).count() == 4
