from django.urls import path

from frontend_schema.schema import schema
from frontend_schema.views import GraphQLView

graphql_view = GraphQLView.as_view(schema=schema)

urlpatterns = [
    path("graphql/", graphql_view, name="graphql"),
    # Also without the slash: APPEND_SLASH would answer with a redirect, and a redirected POST
    # loses its body.
    path("graphql", graphql_view),
]
