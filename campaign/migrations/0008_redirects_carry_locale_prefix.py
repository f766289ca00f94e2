"""Redirects Wagtail created automatically (a slug change, a move) before pages were served behind
a language prefix carry the old path without it: '/news/post' for a German page, which is the
path of the English post. Give them the prefix of their page's locale ('/de/news/post'), as
Wagtail now does itself (cms/urls.py serves pages through i18n_patterns)."""

from django.conf import settings
from django.db import migrations


def add_locale_prefix(apps, schema_editor):
    Redirect = apps.get_model("wagtailredirects", "Redirect")
    redirects = Redirect.objects.filter(
        automatically_created=True, redirect_page__isnull=False
    ).exclude(redirect_page__locale__language_code=settings.LANGUAGE_CODE)
    for redirect in redirects.select_related("redirect_page__locale"):
        prefix = "/" + redirect.redirect_page.locale.language_code
        if redirect.old_path == prefix or redirect.old_path.startswith(prefix + "/"):
            continue
        old_path = prefix + redirect.old_path if redirect.old_path != "/" else prefix
        if Redirect.objects.filter(site_id=redirect.site_id, old_path=old_path).exists():
            redirect.delete()  # the prefixed redirect exists already
            continue
        redirect.old_path = old_path
        redirect.save(update_fields=["old_path"])


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0007_standard_page_intro_rich_text"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(add_locale_prefix, migrations.RunPython.noop)]
