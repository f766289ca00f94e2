"""Data migrations: what they do to content stored before them."""

import importlib

from django.apps import apps

from campaign import factories
from campaign.models import PagePreview, StandardPage

intro_migration = importlib.import_module("campaign.migrations.0007_standard_page_intro_rich_text")

PLAIN = "Who we are & why <now>.\n\nSecond paragraph,\nwith a line break."
RICH = "<p>Who we are &amp; why &lt;now&gt;.</p><p>Second paragraph,<br/>with a line break.</p>"


def test_plain_text_becomes_paragraphs_and_back():
    assert intro_migration.text_to_rich_text(PLAIN) == RICH
    assert intro_migration.text_to_rich_text("") == ""
    assert intro_migration.text_to_rich_text("  \n ") == ""
    assert intro_migration.text_to_rich_text("One line.\r\n") == "<p>One line.</p>"
    assert intro_migration.rich_text_to_text(RICH) == PLAIN


def test_standard_page_intros_their_revisions_and_previews_become_rich_text(campaign_tree):
    page = factories.StandardPageFactory(parent=campaign_tree.campaign, title="About")
    StandardPage.objects.filter(pk=page.pk).update(intro=PLAIN)
    page.refresh_from_db()
    revision = page.save_revision()
    preview = PagePreview.objects.create(
        token="t", content_type=page.content_type, content=page.serializable_data()
    )
    other = factories.StandardPageFactory(parent=campaign_tree.campaign, title="Empty", intro="")

    intro_migration.forwards(apps, None)

    page.refresh_from_db()
    revision.refresh_from_db()
    preview.refresh_from_db()
    other.refresh_from_db()
    assert page.intro == RICH
    assert revision.content["intro"] == RICH
    assert preview.content["intro"] == RICH
    assert other.intro == ""

    intro_migration.backwards(apps, None)

    page.refresh_from_db()
    revision.refresh_from_db()
    assert page.intro == PLAIN
    assert revision.content["intro"] == PLAIN
