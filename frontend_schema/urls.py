from django.urls import path, re_path
from wagtail.images.views.serve import ServeView

from frontend_schema.images import SERVE_VIEW
from frontend_schema.schema import schema
from frontend_schema.views import GraphQLView

graphql_view = GraphQLView.as_view(schema=schema)

urlpatterns = [
    path("graphql/", graphql_view, name="graphql"),
    # Also without the slash: APPEND_SLASH would answer with a redirect, and a redirected POST
    # loses its body.
    path("graphql", graphql_view),
    # Renditions the API names before they exist: rendered on the first fetch (one per request),
    # then a redirect to the file. Only URLs the API signed are served (frontend_schema/images.py).
    re_path(
        r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$",
        ServeView.as_view(action="redirect"),
        name=SERVE_VIEW,
    ),
]
