"""Page view restrictions for the visibility tests: one of each kind Wagtail offers."""

from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

RESTRICTION_TYPES = {
    "login": PageViewRestriction.LOGIN,
    "password": PageViewRestriction.PASSWORD,
    "groups": PageViewRestriction.GROUPS,
}


def restrict(page, kind: str = "login") -> PageViewRestriction:
    """Restrict ``page`` (and so its subtree) to logged-in users, a password or a group.

    ``kind`` is one of RESTRICTION_TYPES' keys; raises KeyError for another.
    """
    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type=RESTRICTION_TYPES[kind],
        password="secret" if kind == "password" else "",
    )
    if kind == "groups":
        restriction.groups.add(Group.objects.get_or_create(name="Coalition staff")[0])
    return restriction
