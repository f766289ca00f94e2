from django.http import HttpRequest, JsonResponse


def home(request: HttpRequest) -> JsonResponse:
    """A signpost for people who open the server's root: this CMS is headless."""
    return JsonResponse(
        {
            "name": "Campaign CMS",
            "admin": request.build_absolute_uri("/admin/"),
            "graphql": request.build_absolute_uri("/graphql/"),
        }
    )
