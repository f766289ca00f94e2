from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.views import doc, home

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("frontend_schema.urls")),
    path("", include("partners.urls")),
    path("", include("participation.urls")),
    path("", home, name="home"),
    path("docs/<str:name>", doc, name="doc"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    from cms.views import media_file

    # Uploaded media for the development server, except documents: those are only ever served
    # through Wagtail's document view, which checks their collection's privacy.
    urlpatterns += static(settings.MEDIA_URL, view=media_file)

# Wagtail's page serving stays last so that previews and "view live" work in the admin; the public
# site itself is a separate front end that reads the GraphQL API. Pages are served behind a
# language prefix ('/de/news/x/'), none for the default language, so that Wagtail's page URLs,
# the redirects it creates when a slug changes, and the API's paths (frontend_schema/paths.py) all
# name one page in one locale.
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
