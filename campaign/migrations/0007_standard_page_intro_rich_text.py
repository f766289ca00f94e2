"""StandardPage.intro becomes rich text, like every other page's intro.

The column stays a text column; its plain text becomes paragraphs of rich text: a blank line
separates paragraphs, a single line break stays a line break, and the text is HTML-escaped. The
same happens to the intro in the page's revisions and open previews, so that the admin's editor
and a preview read the new format too. Going back turns the paragraphs into plain text again.
"""

import html
import re

import wagtail.fields
from django.db import migrations
from django.utils.html import strip_tags

PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f]*\n\s*")


def text_to_rich_text(text: str) -> str:
    """Plain text as rich text paragraphs: '' stays ''."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return ""
    paragraphs = (paragraph.strip() for paragraph in PARAGRAPH_BREAK.split(text))
    return "".join(
        "<p>"
        + "<br/>".join(html.escape(line, quote=False) for line in paragraph.split("\n"))
        + "</p>"
        for paragraph in paragraphs
        if paragraph
    )


def rich_text_to_text(value: str) -> str:
    """Rich text paragraphs as plain text: the reverse of ``text_to_rich_text``."""
    value = re.sub(r"<br\s*/?>", "\n", value or "")
    value = re.sub(r"</p>\s*", "\n\n", value)
    return html.unescape(strip_tags(value)).strip()


def convert_intros(apps, convert) -> None:
    StandardPage = apps.get_model("campaign", "StandardPage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    PagePreview = apps.get_model("campaign", "PagePreview")

    for page in StandardPage.objects.all().only("pk", "intro"):
        StandardPage.objects.filter(pk=page.pk).update(intro=convert(page.intro))

    content_type = ContentType.objects.filter(app_label="campaign", model="standardpage").first()
    if content_type is None:
        return  # a new database: no page, revision or preview yet
    for model in (Revision, PagePreview):
        for row in model.objects.filter(content_type=content_type).only("pk", "content"):
            if isinstance(row.content, dict) and "intro" in row.content:
                row.content["intro"] = convert(row.content["intro"])
                model.objects.filter(pk=row.pk).update(content=row.content)


def forwards(apps, schema_editor):
    convert_intros(apps, text_to_rich_text)


def backwards(apps, schema_editor):
    convert_intros(apps, rich_text_to_text)


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0006_signature_count_history"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AlterField(
            model_name="standardpage",
            name="intro",
            field=wagtail.fields.RichTextField(
                blank=True, default="", help_text="A short introduction shown above the body."
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
