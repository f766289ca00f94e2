"""Public URLs for partners: feeds, embeds, oEmbed, the sitemap. Documented in docs/partners.md."""

urlpatterns = []
