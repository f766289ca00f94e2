from django.conf import settings
from django.db import migrations


def create_content_locales(apps, schema_editor):
    """A Locale for every configured content language, so editors can translate at once."""
    locale_model = apps.get_model("wagtailcore", "Locale")
    for language_code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        locale_model.objects.get_or_create(language_code=language_code)


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0002_site_settings_optional_letter_date"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_content_locales, migrations.RunPython.noop)]
