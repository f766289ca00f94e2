"""The public GraphQL schema: composes the query and mutation roots, the types and the
extensions."""

import strawberry
from strawberry.schema.config import StrawberryConfig

from frontend_schema.caching import collect_tags
from frontend_schema.errors import errors_log
from frontend_schema.extensions import schema_extensions
from frontend_schema.fast_fields import fast_leaf_fields
from frontend_schema.participation import ParticipationMutation, ParticipationQuery
from frontend_schema.queries import Query as ContentQuery
from frontend_schema.types import ALL_TYPES


class Schema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None) -> None:
        # Strawberry logs every error with its traceback at ERROR, a client's typo included.
        errors_log(errors)


@strawberry.type(name="Query", description="The root of every query.")
class Query(ContentQuery, ParticipationQuery):
    pass


@strawberry.type(
    name="Mutation",
    description="What the public may change: participation (sign-ups, one's own data, contact "
    "messages). POST only; answers are never cached.",
)
class Mutation(ParticipationMutation):
    pass


def build_schema(*, fast_fields: bool = True) -> Schema:
    """The schema; with ``fast_fields``, its eligible fields skip strawberry's per-field
    machinery (frontend_schema.fast_fields). Tests build one without to compare answers."""
    built = Schema(
        query=Query,
        mutation=Mutation,
        types=ALL_TYPES,
        extensions=schema_extensions(),
        config=StrawberryConfig(auto_camel_case=True),
    )
    collect_tags(built)
    if fast_fields:
        fast_leaf_fields(built)
    return built


schema = build_schema()
