"""The server's own pages: the landing page at ``/`` and the developer docs it links to."""

import posixpath

from csp.decorators import csp_update
from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.static import serve

# The documents under docs/ the landing page links to, by file name, with their titles.
DOCS = {
    "graphql.md": "The GraphQL API: a guide for front-end developers",
    "graphql-endpoint.md": "The GraphQL endpoint: HTTP, limits, errors and caching",
    "partners.md": "For partners: feeds, embeds, the sitemap, webhooks; what may be republished",
}


@require_GET
@csp_update(settings.CONTENT_SECURITY_POLICY_PAGES)
def home(request: HttpRequest) -> HttpResponse:
    """A signpost for people who open the server's root: this CMS is headless.

    Browsers get a small HTML page: what this is, with links to the admin, the API explorer and
    the docs. Clients that prefer ``application/json`` get the same links as JSON
    (``name``, ``admin``, ``graphql``).
    """
    if request.get_preferred_type(["text/html", "application/json"]) == "application/json":
        return JsonResponse(
            {
                "name": settings.WAGTAIL_SITE_NAME,
                "admin": request.build_absolute_uri("/admin/"),
                "graphql": request.build_absolute_uri("/graphql/"),
            }
        )
    return render(
        request,
        "cms/home.html",
        {
            "site_name": settings.WAGTAIL_SITE_NAME,
            "graphiql": settings.GRAPHQL_GRAPHIQL,
            "frontend_url": settings.FRONTEND_BASE_URL,
            "docs": DOCS,
        },
    )


@require_GET
def doc(request: HttpRequest, name: str) -> FileResponse:
    """One of the ``DOCS`` as plain text (Markdown reads well as it is); 404 for any other."""
    if name not in DOCS:
        raise Http404("No such document.")
    return FileResponse(
        (settings.BASE_DIR / "docs" / name).open("rb"),
        content_type="text/plain; charset=utf-8",
    )


# Where Wagtail stores uploaded documents, below MEDIA_ROOT (wagtail.documents.models).
DOCUMENTS_FOLDER = "documents/"


def media_file(request: HttpRequest, path: str) -> HttpResponse:
    """An uploaded file under MEDIA_ROOT, for the development server (``static()`` in
    cms/urls.py); 404 for anything in the documents folder, which only Wagtail's document view
    (``/documents/<id>/<file>``) may serve, after checking its collection's privacy."""
    # As django.views.static.serve resolves it: "a/../documents/x.pdf" is a document too.
    normalised = posixpath.normpath(path.replace("\\", "/")).lstrip("/") + "/"
    if normalised.startswith(DOCUMENTS_FOLDER):
        raise Http404("Documents are served under /documents/.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)
