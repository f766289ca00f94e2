"""A document that selects every field the schema has, built by introspection, and a walk of its
answer: tests of rules that cover the whole schema ask for everything rather than a hand-picked
list, so a field added tomorrow is checked too.
"""

from collections.abc import Iterator

from graphql import (
    GraphQLNamedType,
    GraphQLObjectType,
    Undefined,
    get_named_type,
    is_abstract_type,
    is_leaf_type,
    is_non_null_type,
)

from frontend_schema.schema import schema

GRAPHQL_SCHEMA = schema._schema


def _key(graphql_type: GraphQLNamedType) -> str:
    # Every page type counts as "Page": a page inside a page (a chooser, `children`) has the
    # same fields as the pages listed at the top, so it is not expanded again.
    interfaces = getattr(graphql_type, "interfaces", ())
    if graphql_type.name == "Page" or any(interface.name == "Page" for interface in interfaces):
        return "Page"
    return graphql_type.name


def selection(type_name: str, arguments: dict[str, str], path: tuple[str, ...] = ()) -> str | None:
    """The selection set of every field of ``type_name`` and, recursively, of the types they
    return, with ``__typename`` on every object; None when ``type_name`` is already on the path
    (no type is entered twice; every page type counts as one). A field with a required argument
    is selected with the value ``arguments`` gives for that argument name (a GraphQL literal) and
    left out when it gives none."""
    graphql_type = GRAPHQL_SCHEMA.get_type(type_name)
    if _key(graphql_type) in path:
        return None
    path = (*path, _key(graphql_type))
    if is_abstract_type(graphql_type):
        parts = ["__typename"]
        for possible in GRAPHQL_SCHEMA.get_possible_types(graphql_type):
            inner = _object_fields(possible, arguments, path)
            if inner is not None:
                parts.append(f"... on {possible.name} {{ {inner} }}")
        return " ".join(parts)
    return _object_fields(graphql_type, arguments, path)


def _object_fields(
    graphql_type: GraphQLObjectType, arguments: dict[str, str], path: tuple[str, ...]
) -> str | None:
    if _key(graphql_type) in path[:-1]:
        return None
    path = path if path[-1] == _key(graphql_type) else (*path, _key(graphql_type))
    parts = ["__typename"]
    for name, field in graphql_type.fields.items():
        required = [
            argument_name
            for argument_name, argument in field.args.items()
            if is_non_null_type(argument.type) and argument.default_value is Undefined
        ]
        if any(argument_name not in arguments for argument_name in required):
            continue
        given = ", ".join(f"{argument}: {arguments[argument]}" for argument in required)
        call = f"{name}({given})" if given else name
        named: GraphQLNamedType = get_named_type(field.type)
        if is_leaf_type(named):
            parts.append(call)
            continue
        inner = selection(named.name, arguments, path)
        if inner is not None:
            parts.append(f"{call} {{ {inner} }}")
    return " ".join(parts)


def every_page_and_the_site(arguments: dict[str, str]) -> str:
    """Every field of every public page (all types, through `pages`) and of the site."""
    return (
        f"{{ pages(first: 100) {{ {selection('PageConnection', arguments)} }} "
        f"site {{ {selection('Site', arguments)} }} }}"
    )


def walk(value, path: str = "") -> Iterator[tuple[str, object]]:
    """Every value in an answer with its path ('pages.edges.0.node.title'), parents first."""
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from walk(child, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from walk(child, f"{path}.{index}")


def objects_of_type(answer, type_name: str) -> list[tuple[str, dict]]:
    """Every object of the GraphQL type ``type_name`` in an answer, with its path."""
    return [
        (path, value)
        for path, value in walk(answer)
        if isinstance(value, dict) and value.get("__typename") == type_name
    ]


def unlimited(settings) -> None:
    """Lift the endpoint's document limits, which a document of every field exceeds."""
    settings.GRAPHQL_MAX_DEPTH = 1000
    settings.GRAPHQL_MAX_TOKENS = 1_000_000
    settings.GRAPHQL_MAX_ALIASES = 1000
    settings.GRAPHQL_MAX_COST = 10**12
