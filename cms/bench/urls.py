"""The benchmark server's URLs: the project's, plus Wagtail's API v2 and a plain view.

Used by ``cms.settings.bench`` only (ROOT_URLCONF), never by the normal settings.
"""

import functools
import os

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path

from cms.bench.api import api_router
from cms.urls import urlpatterns as project_urlpatterns

# The file holding the bytes the plain view answers with: the body of a GraphQL GET of the home
# page, written by the benchmark once its server is up (cms.bench.workload).
PLAIN_BODY_FILE = "BENCH_PLAIN_BODY_FILE"


@functools.cache
def _plain_body(file_name: str) -> bytes:
    with open(file_name, "rb") as file:
        return file.read()


def plain_view(request: HttpRequest) -> HttpResponse:
    """The same bytes as the cached GraphQL GET of the home page, from memory: the floor that a
    response cache is measured against. 404 until the benchmark has written the file."""
    file_name = os.environ.get(PLAIN_BODY_FILE, "")
    if not file_name or not os.path.exists(file_name):
        raise Http404("The benchmark has not written the plain view's body yet.")
    return HttpResponse(_plain_body(file_name), content_type="application/json; charset=utf-8")


# The project's URLs first, as in production (the GraphQL endpoint resolves where it always
# does), then the benchmark's, then the project's last pattern: Wagtail's catch-all page serving.
urlpatterns = [
    *project_urlpatterns[:-1],
    path("api/v2/", api_router().urls),
    path("bench/plain/", plain_view, name="bench-plain"),
    project_urlpatterns[-1],
]
