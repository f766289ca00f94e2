"""Public URLs for partners: feeds, embeds, oEmbed, the sitemap. Documented in docs/partners.md."""

from django.urls import path, register_converter

from partners import views


class FeedFileConverter:
    """The file name of a feed format: rss.xml, atom.xml or feed.json."""

    regex = r"rss\.xml|atom\.xml|feed\.json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FeedFileConverter, "feedfile")

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
