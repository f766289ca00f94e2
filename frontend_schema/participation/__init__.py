"""What the API offers for participation, mirroring the ``participation`` app: supporters sign
up, confirm and manage their data (``supporters``); organisations apply to join a coalition
(``applications``). Resolvers translate GraphQL input into calls of ``participation.services``
and ``participation.selectors`` and hold no rules of their own.

Every mutation answers with a union of typed results rather than GraphQL errors, so that a front
end can show a field's error next to the field: ``InvalidInput`` (field errors, in the language
of the input's ``locale``), ``InvalidToken`` or ``RateLimited`` (``common``). No answer and no
error carries personal data.

Mutations travel by POST only (the endpoint refuses them over GET) and are never cached.
"""

import strawberry

from frontend_schema.participation.applications import ApplicationMutation
from frontend_schema.participation.supporters import SupporterMutation, SupporterQuery


@strawberry.type
class ParticipationMutation(SupporterMutation, ApplicationMutation):
    pass


@strawberry.type
class ParticipationQuery(SupporterQuery):
    pass
