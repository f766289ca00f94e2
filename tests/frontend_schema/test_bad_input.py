"""Input that used to crash the endpoint gets a clear client error, through the real HTTP view.

Each case of issue 12 is here with its input verbatim, over POST and GET, and beside it a test
that walks the whole schema by introspection, so the next argument of the same kind is covered
the day it is added: every String and ID argument (and input-object field) of every root field
gets a NUL and a lone surrogate; every `after`/`before` gets the old offset cursors; every ID
argument gets 2^63. The suite runs on SQLite and on PostgreSQL.
"""

import base64
import json
from urllib.parse import urlencode

import pytest
from django.conf import settings
from graphql import get_introspection_query

from frontend_schema.nodes import MAX_DATABASE_ID, database_id
from frontend_schema.validation import json_text_problem, text_problem

NUL = "\u0000"
SURROGATE = "\ud800"
GRAPHQL_RESPONSE = "application/graphql-response+json"


@pytest.fixture(autouse=True)
def _production_caching(production_caching):
    """Every case here runs through the response cache and persisted queries, as in production."""


def post(client, query, variables=None, **headers):
    body = json.dumps({"query": query, "variables": variables or {}})
    return client.post("/graphql/", body, content_type="application/json", headers=headers)


def get(client, query, variables=None):
    params = {"query": query, "variables": json.dumps(variables or {})}
    return client.get("/graphql/?" + urlencode(params))


def answer(response) -> dict:
    """The JSON body; fails on a server error or a body that is not JSON (an HTML error page)."""
    assert response.status_code < 500, response.content[:300]
    assert response["Content-Type"].startswith("application/"), response.content[:300]
    return json.loads(response.content)


def codes(body: dict) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# --- The schema, by introspection ----------------------------------------------------------------


@pytest.fixture
def introspection(client, db) -> dict:
    body = answer(post(client, get_introspection_query()))
    return {item["name"]: item for item in body["data"]["__schema"]["types"]}


def named(type_ref: dict) -> dict:
    while type_ref["ofType"]:
        type_ref = type_ref["ofType"]
    return type_ref


def graphql_type(type_ref: dict) -> str:
    if type_ref["kind"] == "NON_NULL":
        return graphql_type(type_ref["ofType"]) + "!"
    if type_ref["kind"] == "LIST":
        return f"[{graphql_type(type_ref['ofType'])}]"
    return type_ref["name"]


def sample(type_ref: dict, types: dict) -> object:
    """A well-typed value for a type, to fill the arguments a case does not test."""
    if type_ref["kind"] == "NON_NULL":
        return sample(type_ref["ofType"], types)
    if type_ref["kind"] == "LIST":
        return [sample(type_ref["ofType"], types)]
    name, kind = type_ref["name"], type_ref["kind"]
    if kind == "ENUM":
        return types[name]["enumValues"][0]["name"]
    if kind == "INPUT_OBJECT":
        return {
            field["name"]: sample(field["type"], types)
            for field in types[name]["inputFields"]
            if field["type"]["kind"] == "NON_NULL"
        }
    return {"Int": 1, "Float": 1.0, "Boolean": False}.get(name, "x")


def wrap(type_ref: dict, value: object) -> object:
    """``value`` in as many lists as the type has."""
    if type_ref["kind"] == "NON_NULL":
        return wrap(type_ref["ofType"], value)
    if type_ref["kind"] == "LIST":
        return [wrap(type_ref["ofType"], value)]
    return value


def leaf_paths(type_ref: dict, types: dict, scalars: set[str], prefix=()) -> list[tuple]:
    """Paths (input-object fields) from an argument down to each leaf of one of ``scalars``."""
    leaf = named(type_ref)
    if leaf["kind"] == "INPUT_OBJECT":
        return [
            path
            for field in types[leaf["name"]]["inputFields"]
            for path in leaf_paths(field["type"], types, scalars, (*prefix, field))
        ]
    return [prefix] if leaf["name"] in scalars else []


def root_field_cases(types: dict, scalars: set[str], bad: object):
    """``(label, query, variables)`` for each argument leaf of a root field of type ``scalars``:
    that leaf holds ``bad``, every other required argument a valid value."""
    for field in types["Query"]["fields"]:
        selection = "" if named(field["type"])["kind"] in ("SCALAR", "ENUM") else "{ __typename }"
        for argument in field["args"]:
            for path in leaf_paths(argument["type"], types, scalars):
                variables = {
                    other["name"]: sample(other["type"], types)
                    for other in field["args"]
                    if other["type"]["kind"] == "NON_NULL"
                }
                value = sample(argument["type"], types) if path else None
                if path:
                    holder = value[0] if isinstance(value, list) else value
                    for step in path[:-1]:
                        holder = holder.setdefault(step["name"], sample(step["type"], types))
                    holder[path[-1]["name"]] = wrap(path[-1]["type"], bad)
                else:
                    value = wrap(argument["type"], bad)
                variables[argument["name"]] = value
                declared = [a for a in field["args"] if a["name"] in variables]
                signature = ", ".join(f"${a['name']}: {graphql_type(a['type'])}" for a in declared)
                arguments = ", ".join(f"{a['name']}: ${a['name']}" for a in declared)
                label = ".".join([field["name"], argument["name"], *(s["name"] for s in path)])
                query = f"query Case({signature}) {{ {field['name']}({arguments}) {selection} }}"
                yield label, query, variables


# --- NUL and lone surrogates: every String and ID argument --------------------------------------


def test_the_walk_reaches_every_text_argument_of_the_issue(introspection):
    labels = {label for label, _, _ in root_field_cases(introspection, {"String", "ID"}, "x")}

    assert {
        "preview.token",
        "page.path",
        "site.hostname",
        "campaign.slug",
        "search.query",
        "pages.filter.search",
        "organisations.filter.search",
        "posts.filter.tag",
        "node.id",
        "nodes.ids",
    } <= labels


@pytest.mark.parametrize("bad", ["\u0000", "\ud800", "a\u0000b", "ok \udfff"], ids=repr)
def test_unstorable_text_in_any_text_argument_is_bad_user_input(
    client, campaign_tree, introspection, bad
):
    cases = list(root_field_cases(introspection, {"String", "ID"}, bad))
    assert len(cases) > 30
    for label, query, variables in cases:
        for send in (post, get):
            body = answer(send(client, query, variables))

            assert codes(body) == ["BAD_USER_INPUT"], (label, send.__name__, body)
            assert "data" not in body, label
            assert body["errors"][0]["extensions"]["variable"] in variables, label


def test_nul_in_any_text_argument_written_in_the_document_is_bad_user_input(
    client, campaign_tree, introspection
):
    # A lone surrogate cannot be written in a document at all: the parser refuses "\ud800".
    for label, query, variables in root_field_cases(introspection, {"String", "ID"}, NUL):
        body = answer(post(client, inline(query, variables)))

        assert codes(body) == ["BAD_USER_INPUT"], (label, body)
        assert body["errors"][0]["extensions"]["argument"] == label.split(".", 1)[1], label


def inline(query: str, variables: dict) -> str:
    """``query`` with its variables written in as literals (JSON strings are GraphQL strings)."""
    head, body = query.split(") {", 1)
    for name, value in variables.items():
        body = body.replace(f"${name}", literal(value))
    return "{" + body


def literal(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {literal(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(literal(item) for item in value) + "]"
    if isinstance(value, str) and value.isupper() and value.replace("_", "").isalpha():
        return value  # an enum value
    return json.dumps(value)


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("query($v: String!) { preview(token: $v) { title } }", {"v": NUL}),
        ("query($v: String!) { page(path: $v) { title } }", {"v": NUL}),
        ("query($v: String) { site(hostname: $v) { name } }", {"v": NUL}),
        ("query($v: String!) { campaign(slug: $v) { title } }", {"v": NUL}),
        ("query($v: String!) { search(query: $v) { totalCount } }", {"v": NUL}),
        ("query($v: String) { pages(filter: {search: $v}) { totalCount } }", {"v": NUL}),
        ("query($v: String) { organisations(filter: {search: $v}) { totalCount } }", {"v": NUL}),
        ("query($v: String!) { preview(token: $v) { title } }", {"v": SURROGATE}),
        ("query($v: String!) { page(path: $v) { title } }", {"v": SURROGATE}),
        ("query($v: String) { site(hostname: $v) { name } }", {"v": SURROGATE}),
        ("query($v: String!) { campaign(slug: $v) { title } }", {"v": SURROGATE}),
        ("query($v: String!) { search(query: $v) { totalCount } }", {"v": SURROGATE}),
        ("query($v: String) { pages(filter: {search: $v}) { totalCount } }", {"v": SURROGATE}),
        ("query($v: PostFilter) { posts(filter: $v) { totalCount } }", {"v": {"tag": SURROGATE}}),
    ],
    ids=repr,
)
@pytest.mark.parametrize("send", [post, get])
def test_the_issues_text_cases(client, campaign_tree, send, query, variables):
    body = answer(send(client, query, variables))

    assert codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["message"].startswith("Variable '$v' contains a ")
    assert "data" not in body


def test_a_text_error_is_a_request_error_with_status_400_for_graphql_response_json(
    client, campaign_tree
):
    query = "query($v: String!) { campaign(slug: $v) { title } }"
    response = post(client, query, {"v": NUL}, Accept=GRAPHQL_RESPONSE)

    assert response.status_code == 400
    assert codes(answer(response)) == ["BAD_USER_INPUT"]


def test_text_in_the_default_value_of_a_variable_is_checked_too(client, campaign_tree):
    body = answer(post(client, 'query($v: String! = "\\u0000") { campaign(slug: $v) { title } }'))

    assert codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["variable"] == "v"


def test_unused_and_nested_variables_are_checked_keys_included(client, campaign_tree):
    deep = {"a": [[{"b": ["ok", {"x\u0000": 1}]}]]}
    body = answer(post(client, "{ __typename }", {"other": deep}))

    assert codes(body) == ["BAD_USER_INPUT"]


def test_text_that_every_database_stores_passes(client, campaign_tree):
    query = "query($v: String!) { campaign(slug: $v) { title } }"
    for text in ["\u0001 \t\n", "é 🙂 \U0010ffff", "\ufffd", "日本語"]:
        body = answer(post(client, query, {"v": text}))

        assert body == {"data": {"campaign": None}}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("ok", None),
        ("🙂", None),
        ("\u0000", "a NUL character (U+0000)"),
        ("a\udfffb", "a lone surrogate (U+DFFF)"),
        ("\ud83d", "a lone surrogate (U+D83D)"),
    ],
)
def test_text_problem(text, problem):
    assert text_problem(text) == problem


def test_json_text_problem_walks_deep_values_without_recursion():
    value: object = "\u0000"
    for _ in range(5000):
        value = [value]

    assert json_text_problem(value) == "a NUL character (U+0000)"
    assert json_text_problem({"a": [1, None, True, 2.5, "ok"]}) is None


# --- Cursors and IDs ---------------------------------------------------------------------------

OFFSET_CURSORS = ["arrayconnection:-5", "arrayconnection:9223372036854775808"]


@pytest.mark.parametrize("cursor", OFFSET_CURSORS)
def test_offset_cursors_are_bad_user_input_on_every_connection(
    client, campaign_tree, introspection, cursor
):
    fields = [
        field
        for field in introspection["Query"]["fields"]
        if {"after", "before"} <= {argument["name"] for argument in field["args"]}
    ]
    assert {"pages", "posts", "search", "organisations", "redirects"} <= {f["name"] for f in fields}
    for field in fields:
        required = {
            arg["name"]: sample(arg["type"], introspection)
            for arg in field["args"]
            if arg["type"]["kind"] == "NON_NULL"
        }
        if field["name"] == "search":
            required = {"query": "reclaim"}
        for argument in ("after", "before"):
            arguments = ", ".join(f"{name}: {literal(value)}" for name, value in required.items())
            query = (
                f"query($c: String) {{ {field['name']}({arguments}{', ' if arguments else ''}"
                f"{argument}: $c) {{ totalCount }} }}"
            )
            for send in (post, get):
                body = answer(send(client, query, {"c": b64(cursor)}))

                assert codes(body) == ["BAD_USER_INPUT"], (field["name"], argument, body)
                assert body["errors"][0]["extensions"]["argument"] == argument


def test_a_keyset_cursor_holding_a_lone_surrogate_is_bad_user_input(client, campaign_tree):
    cursor = b64('cursor:{"o":"title,pk","v":["\\ud800",1]}')
    body = answer(
        post(
            client,
            "query($c: String) { posts(orderBy: TITLE, after: $c) { totalCount } }",
            {"c": cursor},
        )
    )

    assert codes(body) == ["BAD_USER_INPUT"]


TOO_LARGE = str(2**63)


@pytest.mark.parametrize("send", [post, get])
def test_an_id_of_2_to_the_63_names_nothing(client, campaign_tree, send):
    node = "query($id: ID!) { node(id: $id) { id } }"
    for type_name in ("CampaignPost", "Campaign", "Image", "Site", "Redirect", "PoliticalGroup"):
        body = answer(send(client, node, {"id": b64(f"{type_name}:{TOO_LARGE}")}))

        assert body == {"data": {"node": None}}
    body = answer(
        send(
            client,
            "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            {"ids": [b64(f"Document:{TOO_LARGE}")]},
        )
    )
    assert body == {"data": {"nodes": [None]}}


def test_every_id_argument_takes_2_to_the_63_without_a_server_error(
    client, campaign_tree, introspection
):
    for too_large in (TOO_LARGE, b64(f"CampaignPost:{TOO_LARGE}"), "²", "-1", "0"):
        for label, query, variables in root_field_cases(introspection, {"ID"}, too_large):
            body = answer(post(client, query, variables))

            assert set(codes(body)) <= {"BAD_USER_INPUT", "NOT_FOUND"}, (label, body)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        ("0042", 42),
        (str(MAX_DATABASE_ID), MAX_DATABASE_ID),
        (str(MAX_DATABASE_ID + 1), None),
        ("9" * 5000, None),  # longer than Python reads: never converted
        ("0", None),
        ("-5", None),
        (" 1", None),
        ("²", None),  # str.isdigit() says yes, int() says no
        ("١", None),  # Arabic-Indic one: int() would read it as 1
        ("", None),
    ],
)
def test_database_id(text, expected):
    assert database_id(text) == expected


# --- Fragments and directives ------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "{ ...Missing }",
        "{ site { ...Missing } }",
        "{ ... on Query { ...Missing } }",
        "{ ...Known } fragment Known on Query { site { ...Missing } }",
    ],
)
@pytest.mark.parametrize("send", [post, get])
def test_an_unknown_fragment_is_a_validation_error(client, db, send, query):
    body = answer(send(client, query))

    assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert body["errors"][0]["message"] == "Unknown fragment 'Missing'."


def test_the_depth_limit_still_follows_known_fragments(client, db):
    deep = "parent { " * 12 + "id" + " }" * 12
    query = "{ ...F } fragment F on Query { pages { edges { node { " + deep + " } } } }"
    body = answer(post(client, query))

    assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]


GRAPHQL_COP_DIRECTIVE_OVERLOADING = "query cop { __typename @aa@aa@aa@aa@aa@aa@aa@aa@aa@aa }"


@pytest.mark.parametrize("send", [post, get])
def test_graphql_cops_directive_overloading_probe_gets_one_error(client, db, send):
    body = answer(send(client, GRAPHQL_COP_DIRECTIVE_OVERLOADING))

    assert body["errors"] == [
        {
            "message": "Unknown directives: '@aa' (10 times).",
            "locations": [{"line": 1, "column": 24 + 3 * i} for i in range(10)],
            "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"},
        }
    ]


def test_distinct_unknown_directives_anywhere_get_one_error(client, db):
    query = (
        "query Q @q1 @q2 { site @a @b { name @a } ...F @c ... @d { __typename } } "
        "fragment F on Query @e { __typename @f @g @h }"
    )
    body = answer(post(client, query))

    assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    message = body["errors"][0]["message"]
    assert message.startswith("Unknown directives: ")
    for name in ["q1", "q2", "a", "b", "c", "d", "e", "f", "g", "h"]:
        assert f"'@{name}'" in message
    assert "'@a' (2 times)" in message


def test_one_unknown_directive_keeps_graphql_cores_message(client, db):
    body = answer(post(client, "{ __typename @nope }"))

    assert [error["message"] for error in body["errors"]] == ["Unknown directive '@nope'."]


def test_known_directives_are_still_checked(client, db):
    body = answer(post(client, "query @include(if: true) { __typename @skip(if: false) }"))

    assert body["errors"][0]["message"] == "Directive '@include' may not be used on query."


# --- Full-text search syntax -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("query($q: String!) { search(query: $q) { totalCount } }", {"q": '"'}),
        ("query($q: String!) { search(query: $q) { totalCount } }", {"q": 'a" OR 1=1 --'}),
        ("query($q: String) { pages(filter: {search: $q}) { totalCount } }", {"q": '"'}),
        ("query($q: String) { pages(filter: {search: $q}) { totalCount } }", {"q": 'a" OR 1=1 --'}),
        ("query($q: String) { organisations(filter: {search: $q}) { totalCount } }", {"q": '"'}),
    ],
    ids=repr,
)
@pytest.mark.parametrize("send", [post, get])
def test_full_text_syntax_is_only_text(client, campaign_tree, send, query, variables):
    body = answer(send(client, query, variables))

    if "errors" in body:  # a search without words
        assert codes(body) == ["BAD_USER_INPUT"]
        assert variables["q"] == '"'
    else:
        assert next(iter(body["data"].values()))["totalCount"] == 0


# --- JSON the parser refuses -------------------------------------------------------------------

DEEP_ARRAY = "[" * 15000 + "]" * 15000
DEEP_OBJECT = '{"a":' * 15000 + "1" + "}" * 15000
LONG_INTEGER = "9" * 4301


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        (f'{{"v":{DEEP_ARRAY}}}', "The JSON is nested too deeply"),
        (f'{{"v":{DEEP_OBJECT}}}', "The JSON is nested too deeply"),
        (f'{{"v":{LONG_INTEGER}}}', "The JSON holds a number too long to read"),
        ('{"v":' + "1" * 100_00 + "}", "The JSON holds a number too long to read"),
    ],
    ids=["15000 arrays", "15000 objects", "4301 digits", "10000 digits"],
)
def test_json_python_cannot_read_is_a_json_400(client, db, variables, message):
    query = "query($v: Int) { __typename }"
    body = f'{{"query":"{query}","variables":{variables}}}'
    url = "/graphql/?" + urlencode({"query": query, "variables": variables})
    responses = [
        client.post("/graphql/", body, content_type="application/json"),
        # As long as the query string is within GRAPHQL_MAX_REQUEST_BYTES (else a 414).
        *([client.get(url)] if len(url) < settings.GRAPHQL_MAX_REQUEST_BYTES else []),
        client.post(
            "/graphql/", body, content_type="application/json", headers={"Accept": GRAPHQL_RESPONSE}
        ),
    ]
    for response in responses:
        assert response.status_code == 400
        errors = answer(response)["errors"]
        assert [error["extensions"]["code"] for error in errors] == ["BAD_REQUEST"]
        assert errors[0]["message"].startswith(message)


def test_a_long_integer_python_reads_is_graphqls_to_refuse(client, db):
    body = (
        '{"query":"query($v: Int) { posts(first: $v) { totalCount } }","variables":{"v":'
        + "9" * 4300
        + "}}"
    )
    answer_ = answer(client.post("/graphql/", body, content_type="application/json"))

    assert codes(answer_) == ["BAD_USER_INPUT"]


def test_any_crash_in_the_view_is_a_json_500_without_details(client, db, monkeypatch, caplog):
    from frontend_schema.views import GraphQLView

    def crash(self, request):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(GraphQLView, "run", crash)
    response = client.post(
        "/graphql/", '{"query": "{ __typename }"}', content_type="application/json"
    )

    assert response.status_code == 500
    assert response.json() == {
        "errors": [
            {"message": "Unexpected error.", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}
        ]
    }
    assert "secret detail" in caplog.text


# --- Unstorable text in any part of the request ------------------------------------------------
# The parts are read (for the response-cache key, the persisted-query hash) before the variables
# are validated: a lone surrogate in any of them once made a 500.


@pytest.mark.parametrize("text", [NUL, SURROGATE], ids=["NUL", "surrogate"])
@pytest.mark.parametrize("part", ["query", "operationName", "variables", "extensions"])
@pytest.mark.parametrize("method", ["POST", "GET"])
def test_unstorable_text_in_any_request_part_is_an_error_not_a_crash(
    client, db, text, part, method
):
    params = {
        "query": "query Q($s: String) { __typename }",
        "operationName": "Q",
        "variables": {"s": "x"},
        "extensions": {},
    }
    if part == "query":
        params["query"] = "query Q($s: String) { __typename } # " + text
    elif part == "operationName":
        params["operationName"] = "Q" + text
    elif part == "variables":
        params["variables"] = {"s": text, text: "key"}
    else:
        params["extensions"] = {"persistedQuery": {"version": 1, "sha256Hash": text}, text: 1}
    if method == "POST":
        response = client.post("/graphql/", json.dumps(params), content_type="application/json")
    else:
        encoded = {
            key: value if isinstance(value, str) else json.dumps(value)
            for key, value in params.items()
        }
        response = client.get(
            "/graphql/?" + urlencode(encoded, encoding="utf-8", errors="surrogatepass")
        )
    # answer() fails on a 5xx or a body that is not JSON; application/json may carry a
    # validation error with status 200 (GraphQL over HTTP).
    assert answer(response)["errors"]
