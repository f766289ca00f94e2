"""Public URLs for partners: feeds, embeds, oEmbed, the sitemap. Documented in docs/partners.md."""

from django.urls import path, register_converter

from partners import embeds, oembed, views


class FeedFileConverter:
    """The file name of a feed format: rss.xml, atom.xml or feed.json."""

    regex = r"rss\.xml|atom\.xml|feed\.json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class LanguageCodeConverter:
    """A language code in a path: 'de', 'pt-br'."""

    regex = "[a-z]{2,3}(?:-[a-z0-9]{2,8})?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FeedFileConverter, "feedfile")
register_converter(LanguageCodeConverter, "language")

urlpatterns = []

# --- Feeds and sitemap (docs/partners.md "Feeds", "Sitemap") ---
urlpatterns += [
    path(
        "feeds/<slug:campaign>/<slug:locale>/<feedfile:filename>",
        views.feed,
        name="partners-feed",
    ),
    path(
        "feeds/<slug:campaign>/<slug:locale>/tags/<slug:tag>/<feedfile:filename>",
        views.feed,
        name="partners-tag-feed",
    ),
    path("sitemap.xml", views.sitemap, name="partners-sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="partners-sitemap-section"),
    path("robots.txt", views.robots_txt, name="partners-robots"),
]

# --- Embeds and oEmbed (docs/partners.md: Embeds, oEmbed, Counter JSON) -----------------------


def with_language_prefix(route: str, view, name: str) -> list:
    """The route in the site's default language, and under ``<language code>/`` as ``name-locale``.

    For ``embed/counter/<int:page_id>/``: ``embed/counter/…`` and ``embed/<lang>/counter/…``.
    """
    head, _, tail = route.partition("/")
    return [
        path(route, view, name=name),
        path(f"{head}/<language:locale_code>/{tail}", view, name=f"{name}-locale"),
    ]


urlpatterns += [
    path("oembed/", oembed.oembed, name="partners-oembed"),
    *with_language_prefix("embed/counter/<int:page_id>/", embeds.counter, "partners-embed-counter"),
    *with_language_prefix(
        "embed/counter/<int:page_id>.json", embeds.counter_json, "partners-counter-json"
    ),
    *with_language_prefix("embed/card/<int:page_id>/", embeds.card, "partners-embed-card"),
    *with_language_prefix(
        "embed/coalition/<int:page_id>/", embeds.coalition, "partners-embed-coalition"
    ),
]
