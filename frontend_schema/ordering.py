"""Sort orders for the list fields.

Every order ends with the primary key, so each item has a unique sort key for the cursors (see
``pagination``), and says where nulls go on nullable columns, since databases disagree.
"""

from enum import Enum

import strawberry
from django.db.models import F


@strawberry.enum(name="PostOrder", description="How to sort posts.")
class PostOrder(Enum):
    NEWEST_FIRST = strawberry.enum_value("newest", description="Latest publication date first.")
    OLDEST_FIRST = strawberry.enum_value("oldest", description="Earliest publication date first.")
    TITLE = strawberry.enum_value("title", description="By title, A to Z.")


@strawberry.enum(name="OrganisationOrder", description="How to sort organisations.")
class OrganisationOrder(Enum):
    NAME = strawberry.enum_value("name", description="By name, A to Z.")
    COUNTRY = strawberry.enum_value("country", description="By country code, then name.")
    ROLE = strawberry.enum_value("role", description="Lead organisations first, then by name.")
    NEWEST_MEMBERS_FIRST = strawberry.enum_value(
        "joined", description="Most recently joined first (unknown dates last)."
    )


@strawberry.enum(name="SupporterOrder", description="How to sort supporters.")
class SupporterOrder(Enum):
    NAME = strawberry.enum_value("name", description="By name, A to Z.")
    COUNTRY = strawberry.enum_value("country", description="By country code, then name.")
    NEWEST_FIRST = strawberry.enum_value("newest", description="Latest support first.")


@strawberry.enum(name="OpenLetterOrder", description="How to sort open letters.")
class OpenLetterOrder(Enum):
    NEWEST_FIRST = strawberry.enum_value("newest", description="Latest first.")
    OLDEST_FIRST = strawberry.enum_value("oldest", description="Earliest first.")


ORDER_BY = {
    PostOrder.NEWEST_FIRST: (
        "-publication_date",
        F("first_published_at").desc(nulls_last=True),
        "-pk",
    ),
    PostOrder.OLDEST_FIRST: (
        "publication_date",
        F("first_published_at").asc(nulls_last=True),
        "pk",
    ),
    PostOrder.TITLE: ("title", "pk"),
    OrganisationOrder.NAME: ("title", "pk"),
    OrganisationOrder.COUNTRY: ("country", "title", "pk"),
    OrganisationOrder.ROLE: ("role", "title", "pk"),
    OrganisationOrder.NEWEST_MEMBERS_FIRST: (F("date_joined").desc(nulls_last=True), "title", "pk"),
    SupporterOrder.NAME: ("title", "pk"),
    SupporterOrder.COUNTRY: ("country", "title", "pk"),
    SupporterOrder.NEWEST_FIRST: (F("date").desc(nulls_last=True), "-pk"),
    OpenLetterOrder.NEWEST_FIRST: (F("date").desc(nulls_last=True), "-pk"),
    OpenLetterOrder.OLDEST_FIRST: (F("date").asc(nulls_last=True), "pk"),
}


def order(queryset, value: Enum):
    """``queryset`` sorted by the order ``value`` (a member of one of the enums above)."""
    return queryset.order_by(*ORDER_BY[value])
