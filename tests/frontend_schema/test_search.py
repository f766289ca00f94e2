"""The `search` root field: every locale's words found regardless of case, accents and (on
PostgreSQL) word form; any text a client sends answered with a result or a BAD_USER_INPUT error.

The suite runs on SQLite and on PostgreSQL (CI runs both); each test here runs on both. SQLite's
FTS5 folds case and accents but has no stemmer, so the stemming tests assert that difference.
"""

import json

import pytest
from django.db import connection
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from campaign import factories
from frontend_schema.errors import UserInputError
from frontend_schema.search import MAX_QUERY_LENGTH, search_words

STEMMING = connection.vendor == "postgresql"

SEARCH = """query($q: String!, $locale: String) {
  search(query: $q, locale: $locale) { totalCount edges { node { title locale } } }
}"""


def publish(page):
    page.save_revision().publish()
    return page


def translate(page, locale, **fields):
    """A published translation of ``page`` (and of its ancestors) with ``fields`` changed."""
    translation = page.copy_for_translation(locale, copy_parents=True)
    for ancestor in translation.get_ancestors().specific().filter(depth__gt=1, live=False):
        publish(ancestor)
    for name, value in fields.items():
        setattr(translation, name, value)
    return publish(translation)


@pytest.fixture
def post_in(campaign_tree, locales):
    """``post_in("de", "Title")``: a public post with that title in that locale."""

    def make(code, title):
        if code == "en":
            return factories.CampaignPostPageFactory(parent=campaign_tree.posts, title=title)
        post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
        return translate(post, locales[code], title=title, slug=post.slug)

    return make


def titles(gql, query, locale):
    data = gql(SEARCH, {"q": query, "locale": locale}).data["search"]
    assert data["totalCount"] == len(data["edges"])
    assert {edge["node"]["locale"] for edge in data["edges"]} <= {locale}
    return [edge["node"]["title"] for edge in data["edges"]]


# The examples: accents and case are ignored on both databases.
@pytest.mark.parametrize(
    ("locale", "title", "query"),
    [
        ("fr", "Rassemblement devant l'école", "ecole"),
        ("fr", "Rassemblement devant l'école", "ÉCOLE"),
        ("de", "Überwachung im öffentlichen Raum", "uberwachung"),
        ("de", "Überwachung im öffentlichen Raum", "UBERWACHUNG"),
        ("fr", "Des pépinières de la démocratie", "pepinieres"),
        ("it", "Una città senza telecamere", "citta"),
        ("en", "Surveillance at the Café", "cafe"),
        ("en", "Surveillance at the Cafe", "café"),
    ],
)
def test_search_ignores_accents_and_case(gql, post_in, locale, title, query):
    post_in(locale, title)
    post_in(locale, "Something else entirely")

    assert titles(gql, query, locale) == [title]


# Each language's own stemmer, chosen by the page's locale when indexing and by the query's
# locale when searching: a word finds its other forms.
STEMS = [
    ("de", "Demonstration gegen Gesichtserkennung", "Demonstrationen"),
    ("de", "Demonstrationen gegen Gesichtserkennung", "Demonstration"),
    ("fr", "Rassemblement devant l'école", "écoles"),
    ("fr", "Rassemblement devant les écoles", "ecole"),
    ("it", "Una manifestazione a Roma", "manifestazioni"),
    ("it", "Le manifestazioni a Roma", "manifestazione"),
    ("en", "Protests against biometric surveillance", "protesting"),
    ("en", "Two cameras in the station", "camera"),
]


@pytest.mark.parametrize(("locale", "title", "query"), STEMS)
def test_search_stems_words_in_the_locales_language(gql, post_in, locale, title, query):
    post_in(locale, title)

    assert titles(gql, query, locale) == ([title] if STEMMING else [])


def test_the_same_words_in_another_locale_are_not_found(gql, post_in):
    post_in("de", "Überwachung im öffentlichen Raum")

    assert titles(gql, "uberwachung", "en") == []
    assert titles(gql, "uberwachung", "de") == ["Überwachung im öffentlichen Raum"]


# Query syntax: no character reaches the backend's query language.
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"AI', ["The AI Act"]),
        ('AI Act"', ["The AI Act"]),
        ("(AI) Act*", ["The AI Act"]),
        ('a" OR 1=1 --', []),
        ("AI' Act", ["The AI Act"]),
        ("AI\\ Act:", ["The AI Act"]),
        ("{title}: AI", []),
        ("AI\x01Act", ["The AI Act"]),  # NUL itself is refused everywhere (test_bad_input.py)
        ("-AI Act", ["The AI Act"]),  # "-" is no negation
        ("^AI +Act", ["The AI Act"]),
    ],
)
def test_punctuation_only_separates_words(gql, post_in, query, expected):
    post_in("en", "The AI Act")
    post_in("en", "Other news")

    assert titles(gql, query, "en") == expected


@pytest.mark.parametrize("query", ['"', '""', "   ", "-- ;", "\x01", "*", "''"])
def test_a_query_without_words_is_bad_user_input(gql, campaign_tree, query):
    result = gql(SEARCH, {"q": query}, allow_errors=True)

    assert result.codes == ["BAD_USER_INPUT"]
    assert result.errors[0].extensions["argument"] == "query"
    assert result.data is None


def test_search_words_keeps_words_of_every_script():
    assert search_words(' "École" (Überwachung) -- città; 1=1 ') == "École Überwachung città 1 1"
    assert search_words("Gesichtserkennung\x00ÜBERWACHUNG") == "Gesichtserkennung ÜBERWACHUNG"
    # Decomposed accents are composed, so they stay part of their word.
    assert search_words("e\u0301cole") == "école"
    assert search_words("x" * MAX_QUERY_LENGTH) == "x" * MAX_QUERY_LENGTH


@pytest.mark.parametrize(
    "text", ["", "!?", "\ud800", "ok \udfff", "x" * (MAX_QUERY_LENGTH + 1)], ids=repr
)
def test_search_words_refuses_text_it_cannot_search(text):
    with pytest.raises(UserInputError) as raised:
        search_words(text)

    assert raised.value.extensions == {"code": "BAD_USER_INPUT", "argument": "query"}


# Any text, through the real endpoint: a result or BAD_USER_INPUT, never a database error.
ANY_CHARACTER = st.characters(codec=None, exclude_categories=())
QUERY_SYNTAX = st.sampled_from(
    ['"', "'", "*", "^", ":", "-", "+", "(", ")", "{", "}", "\\", "\x00", " AND ", " OR ",
     " NOT ", " NEAR ", "&", "|", "!", "<->", "AI", "Act", "école", "\ud800", "\udfff", " "]
)  # fmt: skip
QUERIES = st.one_of(
    st.text(ANY_CHARACTER, max_size=MAX_QUERY_LENGTH + 5),
    st.lists(QUERY_SYNTAX, max_size=12).map("".join),
)


@pytest.fixture
def searchable_site(campaign_tree):
    factories.CampaignPostPageFactory(parent=campaign_tree.posts, title="The AI Act")
    return campaign_tree


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=QUERIES)
@example(query='"')
@example(query='"AI')
@example(query='AI Act"')
@example(query='a" OR 1=1 --')
@example(query="\x00")
@example(query="\ud800 AI")
def test_any_search_text_gets_a_result_or_bad_user_input(client, searchable_site, query):
    body = json.dumps({"query": SEARCH, "variables": {"q": query}})
    response = client.post("/graphql/", body, content_type="application/json")

    assert response.status_code == 200, response.content
    answer = response.json()
    if "errors" in answer:
        assert [error["extensions"]["code"] for error in answer["errors"]] == ["BAD_USER_INPUT"]
        # None, or no entry at all for a variable refused before execution.
        assert answer.get("data") is None
    else:
        search = answer["data"]["search"]
        assert search["totalCount"] == len(search["edges"])
        assert {edge["node"]["title"] for edge in search["edges"]} <= {"The AI Act"}
