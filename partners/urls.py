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
urlpatterns += [
    path("oembed/", oembed.oembed, name="partners-oembed"),
    path("embed/counter/<int:page_id>/", embeds.counter, name="partners-embed-counter"),
    path(
        "embed/<language:locale_code>/counter/<int:page_id>/",
        embeds.counter,
        name="partners-embed-counter-locale",
    ),
    path("embed/counter/<int:page_id>.json", embeds.counter_json, name="partners-counter-json"),
    path(
        "embed/<language:locale_code>/counter/<int:page_id>.json",
        embeds.counter_json,
        name="partners-counter-json-locale",
    ),
    path("embed/card/<int:page_id>/", embeds.card, name="partners-embed-card"),
    path(
        "embed/<language:locale_code>/card/<int:page_id>/",
        embeds.card,
        name="partners-embed-card-locale",
    ),
    path("embed/coalition/<int:page_id>/", embeds.coalition, name="partners-embed-coalition"),
    path(
        "embed/<language:locale_code>/coalition/<int:page_id>/",
        embeds.coalition,
        name="partners-embed-coalition-locale",
    ),
]
