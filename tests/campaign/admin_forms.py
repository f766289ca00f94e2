"""POST data for the admin's page forms, as the browser sends it."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield


def post_form_data(**fields) -> dict:
    """The add/edit form of a CampaignPostPage, published, with ``fields`` overriding defaults."""
    data = {
        "title": "A post",
        "slug": "a-post",
        "publication_date": "2021-01-01",
        "summary": "",
        "hero_image": "",
        "body": streamfield([]),
        "tags": "",
        "related_organisations": inline_formset([]),
        "related_supporters": inline_formset([]),
        "related_demands": inline_formset([]),
        "canonical_url": "",
        "licence": "cc_by_4",
        "partners_may_republish": "on",
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(fields)
    return nested_form_data(data)
