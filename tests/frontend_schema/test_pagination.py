"""Cursors point at items: pages neither repeat nor skip items when the list changes between
requests, in both directions, for every connection and every ordering; a forged cursor is a
clear error."""

import base64
import datetime
import json
import string
import uuid

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from campaign import factories
from campaign.choices import OrganisationRole, SupporterKind
from frontend_schema.schema import schema

CONNECTIONS = """{ __schema { queryType { fields {
  name type { ...T } args { name defaultValue type { ...T } }
} } } }
fragment T on __Type { ...N ofType { ...N ofType { ...N ofType { ...N } } } }
fragment N on __Type { kind name enumValues { name } }
"""


def named(type_):
    while type_.get("ofType"):
        type_ = type_["ofType"]
    return type_


def connections(gql):
    """Every root connection field with its orderings (by introspection)."""
    return _connections_of(gql(CONNECTIONS).data)


def _connections_of(data):
    found = {}
    for field in data["__schema"]["queryType"]["fields"]:
        if not named(field["type"])["name"].endswith("Connection"):
            continue
        order = next((a for a in field["args"] if a["name"] == "orderBy"), None)
        orderings = (
            [value["name"] for value in named(order["type"])["enumValues"]] if order else [None]
        )
        found[field["name"]] = orderings
    return found


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def page_query(field: str, *, ordering=None, required=""):
    arguments = "first: $first, after: $after, last: $last, before: $before"
    if ordering:
        arguments += f", orderBy: {ordering}"
    if required:
        arguments += f", {required}"
    return (
        "query($first: Int, $after: String, $last: Int, $before: String) { "
        f"{field}({arguments}) {{ totalCount pageInfo {{ hasNextPage hasPreviousPage "
        "startCursor endCursor } edges { cursor node "
        f"{NODE.get(field, '{ databaseId title }')} }} }} }}"
    )


REQUIRED = {"search": 'query: "needle"'}
NODE = {"redirects": "{ oldPath }"}


def fetch(gql, field, ordering=None, **variables):
    result = gql(page_query(field, ordering=ordering, required=REQUIRED.get(field, "")), variables)
    return result.data[field]


def titles(connection):
    return [edge["node"]["title"] for edge in connection["edges"]]


# --- The repro from the issue ---------------------------------------------------------------


@pytest.fixture
def bac(campaign_tree):
    """Posts B, A and C, newest first."""

    def post(title, day):
        return factories.CampaignPostPageFactory(
            parent=campaign_tree.posts,
            title=title,
            publication_date=datetime.date(2021, 12, 31) + datetime.timedelta(days=day),
        )

    return {"C": post("C", 1), "A": post("A", 2), "B": post("B", 3), "post": post}


def test_publishing_a_newer_post_does_not_repeat_the_item_of_the_cursor(bac, gql):
    first = fetch(gql, "posts", first=1)
    assert titles(first) == ["B"]
    bac["post"]("D", 4)
    second = fetch(gql, "posts", first=1, after=first["pageInfo"]["endCursor"])
    assert titles(second) == ["A"]
    assert second["pageInfo"]["hasPreviousPage"] is True
    assert second["pageInfo"]["hasNextPage"] is True


def test_unpublishing_an_earlier_post_does_not_skip_one(bac, gql):
    first = fetch(gql, "posts", first=2)
    assert titles(first) == ["B", "A"]
    bac["B"].unpublish()
    second = fetch(gql, "posts", first=2, after=first["pageInfo"]["endCursor"])
    assert titles(second) == ["C"]
    assert second["pageInfo"]["hasNextPage"] is False


def test_unpublishing_the_item_of_the_cursor_continues_after_it(bac, gql):
    first = fetch(gql, "posts", first=1)
    bac["B"].unpublish()
    assert titles(fetch(gql, "posts", first=5, after=first["pageInfo"]["endCursor"])) == ["A", "C"]


def test_paging_backwards_with_last_and_before(bac, gql):
    last = fetch(gql, "posts", last=1)
    assert titles(last) == ["C"]
    assert last["pageInfo"] | {"startCursor": None, "endCursor": None} == {
        "hasPreviousPage": True,
        "hasNextPage": False,
        "startCursor": None,
        "endCursor": None,
    }
    bac["post"]("Z", 0)  # sorts after C, the cursor's item
    bac["post"]("Y", 1)  # sorts before C (same date, a later primary key comes first)
    previous = fetch(gql, "posts", last=2, before=last["pageInfo"]["startCursor"])
    assert titles(previous) == ["A", "Y"]
    assert previous["pageInfo"]["hasPreviousPage"] is True
    assert previous["pageInfo"]["hasNextPage"] is True
    top = fetch(gql, "posts", last=5, before=previous["pageInfo"]["startCursor"])
    assert titles(top) == ["B"]
    assert top["pageInfo"]["hasPreviousPage"] is False


def test_page_info_on_the_first_and_the_last_page(bac, gql):
    whole = fetch(gql, "posts", first=3)
    assert titles(whole) == ["B", "A", "C"]
    assert whole["pageInfo"]["hasPreviousPage"] is False
    assert whole["pageInfo"]["hasNextPage"] is False
    assert whole["pageInfo"]["startCursor"] == whole["edges"][0]["cursor"]
    assert whole["pageInfo"]["endCursor"] == whole["edges"][-1]["cursor"]
    empty = fetch(gql, "posts", first=3, after=whole["pageInfo"]["endCursor"])
    assert empty["edges"] == []
    assert empty["pageInfo"]["hasPreviousPage"] is True
    assert empty["pageInfo"]["endCursor"] is None


def test_first_and_last_together_are_an_error(bac, gql):
    result = gql("{ posts(first: 1, last: 1) { totalCount } }", allow_errors=True)
    assert result.codes == ["BAD_USER_INPUT"]


def test_cursors_are_opaque_base64(bac, gql):
    cursor = fetch(gql, "posts", first=1)["edges"][0]["cursor"]
    decoded = base64.b64decode(cursor, validate=True).decode()
    assert decoded.startswith("cursor:")


# --- Forged cursors -------------------------------------------------------------------------


def _forged(real: str) -> list[str]:
    """Cursors a client might send by mistake or on purpose, several made from ``real``."""
    payload = json.loads(base64.b64decode(real).decode().removeprefix("cursor:"))

    def remade(**changes):
        return b64("cursor:" + json.dumps(payload | changes))

    values = payload["v"]
    return [
        b64("arrayconnection:-5"),
        b64("arrayconnection:9223372036854775808"),
        b64("arrayconnection:3"),
        "garbage",
        "",
        "%%%%",
        b64("cursor:not json"),
        b64("cursor:[1, 2]"),
        b64("\xff\xfe"),
        remade(o="another:ordering"),
        remade(v=values[:-1]),
        remade(v=[*values, 1]),
        # The tie-breaker (the last value) with the wrong type, or an integer out of range.
        *(
            [remade(v=[*values[:-1], bad]) for bad in (2**63, -(2**63) - 1, "1", True)]
            if isinstance(values[-1], int)
            else [remade(v=[*values[:-1], 1])]
        ),
        remade(v=[*values[:-1], None]),
        remade(v=[{"x": 1} for _ in values]),
        remade(v=[[] for _ in values]),
    ]


@pytest.fixture
def one_of_each(campaign_tree):
    tree = campaign_tree
    factories.CampaignPostPageFactory(parent=tree.posts, title="A needle post")
    factories.OrganisationPageFactory(parent=tree.organisations)
    factories.SupporterPageFactory(parent=tree.supporters)
    factories.OpenLetterPageFactory(parent=tree.campaign)
    Redirect.objects.create(old_path="/old", site=tree.site, redirect_link="https://example.org")
    return tree


def test_a_forged_cursor_is_a_clear_error_on_every_connection_and_ordering(one_of_each, gql):
    found = connections(gql)
    assert {"posts", "pages", "search", "redirects"} <= set(found)
    for field, orderings in found.items():
        for ordering in orderings:
            real = fetch(gql, field, ordering, first=1)["edges"][0]["cursor"]
            others = [
                fetch(gql, field, other, first=1)["edges"][0]["cursor"]
                for other in orderings
                if other != ordering
            ]
            forged = _forged(real) + [cursor for cursor in others if cursor != real]
            for cursor in forged:
                for direction in ({"first": 1, "after": cursor}, {"last": 1, "before": cursor}):
                    argument = "after" if "after" in direction else "before"
                    result = gql(
                        page_query(field, ordering=ordering, required=REQUIRED.get(field, "")),
                        direction,
                        allow_errors=True,
                    )
                    assert result.codes == ["BAD_USER_INPUT"], (field, ordering, cursor, result)
                    assert result.errors[0].extensions["argument"] == argument
                    assert "cursor" in result.messages[0]


def test_a_cursor_of_another_ordering_names_the_mistake(bac, gql):
    title_cursor = fetch(gql, "posts", "TITLE", first=1)["edges"][0]["cursor"]
    result = gql(
        "query($a: String) { posts(after: $a, orderBy: NEWEST_FIRST) { totalCount } }",
        {"a": title_cursor},
        allow_errors=True,
    )
    assert "another list or ordering" in result.messages[0]


# --- Search: ranked by relevance ------------------------------------------------------------


def test_search_cursors_point_at_the_hit(campaign_tree, gql):
    for word in ("one", "two", "three"):
        factories.StandardPageFactory(parent=campaign_tree.campaign, title=f"Needle {word}")
    first = fetch(gql, "search", first=1)
    before = [edge["node"]["databaseId"] for edge in fetch(gql, "search", first=3)["edges"]]
    factories.StandardPageFactory(parent=campaign_tree.campaign, title="Needle needle needle")
    rest = fetch(gql, "search", first=10, after=first["pageInfo"]["endCursor"])
    ids = [edge["node"]["databaseId"] for edge in rest["edges"]]
    assert before[0] not in ids
    assert set(before[1:]) <= set(ids)
    assert rest["pageInfo"]["hasPreviousPage"] is True
    back = fetch(gql, "search", last=10, before=rest["edges"][0]["cursor"])
    assert before[0] in [edge["node"]["databaseId"] for edge in back["edges"]]


# --- Property: items change between page fetches --------------------------------------------

DATES = [None, datetime.date(2022, 1, 1), datetime.date(2022, 1, 2), datetime.date(2022, 1, 3)]
WORDS = st.text(alphabet="ab", min_size=1, max_size=2)


def _slug() -> str:
    # Titles repeat on purpose (ties in the ordering); slugs must not.
    return f"item-{uuid.uuid4().hex[:12]}"


def _post(tree, draw):
    post = factories.CampaignPostPageFactory(
        parent=tree.posts,
        title=draw(WORDS),
        slug=_slug(),
        publication_date=draw(st.sampled_from(DATES[1:])),
    )
    # Live pages made by factories have no first publication time; give some one, ties included.
    when = draw(st.sampled_from([None, *DATES[1:]]))
    if when is not None:
        stamp = datetime.datetime.combine(when, datetime.time(), tzinfo=datetime.UTC)
        Page.objects.filter(pk=post.pk).update(first_published_at=stamp)
    return post


def _organisation(tree, draw):
    return factories.OrganisationPageFactory(
        parent=tree.organisations,
        title=draw(WORDS),
        slug=_slug(),
        country=draw(st.sampled_from(["", "BE", "DE"])),
        scope="",
        role=draw(st.sampled_from(list(OrganisationRole))),
        date_joined=draw(st.sampled_from(DATES)),
    )


def _supporter(tree, draw):
    return factories.SupporterPageFactory(
        parent=tree.supporters,
        title=draw(WORDS),
        slug=_slug(),
        kind=SupporterKind.PUBLIC_FIGURE,
        country=draw(st.sampled_from(["", "FR", "IT"])),
        date=draw(st.sampled_from(DATES)),
    )


def _open_letter(tree, draw):
    return factories.OpenLetterPageFactory(
        parent=tree.campaign, title=draw(WORDS), slug=_slug(), date=draw(st.sampled_from(DATES))
    )


def _standard_page(tree, draw):
    return factories.StandardPageFactory(parent=tree.campaign, title=draw(WORDS), slug=_slug())


def _redirect(tree, draw):
    name = draw(st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=6))
    path = f"/{name}-{Redirect.objects.count()}"
    return Redirect.objects.create(old_path=path, site=tree.site, redirect_link="https://x.org")


# How to add and remove an item of each connection. Search ranks by relevance, not by an
# ordering; it has its own test above.
MAKERS = {
    "posts": _post,
    "organisations": _organisation,
    "supporters": _supporter,
    "openLetters": _open_letter,
    "pages": _standard_page,
    "redirects": _redirect,
}
NOT_ORDERED = {"search"}


def _identity(edge):
    node = edge["node"]
    return node.get("databaseId") or node.get("oldPath")


def _remove(item):
    if isinstance(item, Page):
        item.unpublish()
    else:
        item.delete()


def _introspected_connections() -> dict[str, list[str | None]]:
    # Introspection needs no database, so the cases are listed at collection time.
    result = schema.execute_sync(CONNECTIONS)
    return _connections_of(result.data)


CASES = [
    (field, ordering)
    for field, orderings in _introspected_connections().items()
    if field not in NOT_ORDERED
    for ordering in orderings
]


def test_every_connection_has_a_maker():
    assert set(_introspected_connections()) == set(MAKERS) | NOT_ORDERED
    assert len(CASES) >= 14


@pytest.mark.parametrize(("field", "ordering"), CASES)
@settings(
    max_examples=4,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_changes_between_fetches_neither_repeat_nor_skip_items(
    campaign_tree, gql, field, ordering, data
):
    """Pages through a list while items are added and removed between fetches: every item
    present throughout appears exactly once, and no item appears twice."""
    make = MAKERS[field]
    with transaction.atomic():
        for _ in range(data.draw(st.integers(2, 5), label="initial")):
            make(campaign_tree, data.draw)
        start = {_identity(edge) for edge in fetch(gql, field, ordering, first=100)["edges"]}
        removed: set[str] = set()
        size = data.draw(st.integers(1, 3), label="page size")
        backwards = data.draw(st.booleans(), label="backwards")
        seen: list[str] = []
        cursor = None
        for _ in range(40):
            if backwards:
                page = fetch(gql, field, ordering, last=size, before=cursor)
                seen.extend(reversed([_identity(edge) for edge in page["edges"]]))
                more, cursor = page["pageInfo"]["hasPreviousPage"], page["pageInfo"]["startCursor"]
            else:
                page = fetch(gql, field, ordering, first=size, after=cursor)
                seen.extend(_identity(edge) for edge in page["edges"])
                more, cursor = page["pageInfo"]["hasNextPage"], page["pageInfo"]["endCursor"]
            if not more:
                break
            for change in data.draw(st.lists(st.booleans(), max_size=2), label="changes"):
                if change:
                    make(campaign_tree, data.draw)
                else:
                    candidates = sorted(start - removed)
                    if candidates:
                        victim = data.draw(st.sampled_from(candidates), label="removed")
                        _remove(_find(field, victim))
                        removed.add(victim)
        assert len(seen) == len(set(seen)), f"an item was repeated: {seen}"
        stayed = start - removed
        assert stayed <= set(seen), f"skipped: {stayed - set(seen)}"
        transaction.set_rollback(True)


def _find(field, identity):
    if field == "redirects":
        return Redirect.objects.get(old_path=identity)
    return Page.objects.get(pk=identity).specific
