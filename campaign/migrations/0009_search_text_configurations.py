"""PostgreSQL text search configurations for accent- and case-insensitive search per language.

Each configuration copies PostgreSQL's own for the language and runs the ``unaccent`` dictionary
before the language's Snowball stemmer (``simple`` for languages without one), so "ecole",
"École" and "écoles" meet in one lexeme. ``settings.WAGTAILSEARCH_BACKENDS`` maps content
languages to these names. ``CREATE EXTENSION`` needs a superuser (or, from PostgreSQL 13, a
database owner with the extension marked trusted); see deploy/README.md. On other databases this
migration does nothing. Rebuild the search index after applying it (``manage.py update_index``).
"""

from django.db import migrations

# configuration name -> (PostgreSQL configuration it copies, dictionary after unaccent)
CONFIGURATIONS = {
    "campaign_english": ("english", "english_stem"),
    "campaign_german": ("german", "german_stem"),
    "campaign_french": ("french", "french_stem"),
    "campaign_italian": ("italian", "italian_stem"),
    "campaign_simple": ("simple", "simple"),
}
# The parser's token types for words with letters outside ASCII ("asciiword" needs no unaccent,
# but accented words are "word", and hyphenated ones "hword"/"hword_part").
WORD_TOKENS = "hword, hword_part, word"


def create_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for name, (source, dictionary) in CONFIGURATIONS.items():
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        schema_editor.execute(
            f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{source})"
        )
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} "
            f"ALTER MAPPING FOR {WORD_TOKENS} WITH unaccent, {dictionary}"
        )


def drop_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: other code (Wagtail's enable_unaccent) may use it.
    for name in CONFIGURATIONS:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0008_redirects_carry_locale_prefix"),
    ]

    operations = [
        migrations.RunPython(create_configurations, drop_configurations, elidable=False),
    ]
