"""Leaf fields resolved without strawberry's per-field machinery.

Strawberry wraps every field's resolver in several layers (argument conversion, field
extensions, strawberry-django's sync/async dispatch and queryset hooks), about 20–30 µs per
field on this project's machine: most of an uncached answer's time once its SQL is done, since a
page of 100 organisations completes over a thousand fields. For the many fields that need none
of it, ``fast_leaf_fields`` gives graphql-core a direct resolver (graphql-core's ``GraphQLField
.resolve``, public API), with the same result:

- the field's type is a scalar or an enum (possibly non-null or a list of them): no queryset can
  be returned, so strawberry-django's queryset hooks (the page types' visibility) never apply;
  or the field is a plain attribute of a type that is not a strawberry-django type (a
  connection's ``edges``, an edge's ``node``, a country's ``code``), which strawberry reads
  with ``getattr`` whatever its type;
- it takes no arguments, has no field extensions and no permission classes;
- it has either a synchronous resolver whose only parameter is ``self`` / ``root`` /
  ``parent`` (the object), or, for a strawberry-django field without a resolver, a concrete
  non-relational model field read as an attribute (strawberry-django reads it the same way).

Serialising the value (enums, dates) stays with graphql-core's leaf completion, as before.
Schema extensions' ``resolve`` hooks (graphql-core middleware) still wrap these resolvers.
tests/frontend_schema/test_fast_fields.py checks that every answer is unchanged.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

from django.db.models.query_utils import DeferredAttribute
from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
)


def _is_leaf(graphql_type) -> bool:
    while isinstance(graphql_type, GraphQLNonNull | GraphQLList):
        graphql_type = graphql_type.of_type
    return isinstance(graphql_type, GraphQLScalarType | GraphQLEnumType)


def _attribute_getter(name: str) -> Callable:
    def resolve(source, info):
        return getattr(source, name)

    return resolve


def _function_resolver(function: Callable) -> Callable:
    def resolve(source, info):
        return function(source)

    return resolve


def _takes_part_in_strawberry(field) -> bool:
    """Whether ``field`` has arguments, field extensions or permission classes: strawberry's
    own resolution is then needed, whatever else the field is."""
    return bool(field.arguments or field.extensions or getattr(field, "permission_classes", None))


def fast_resolver(field, django_model) -> Callable | None:
    """The direct resolver for strawberry ``field`` (of a type for ``django_model``, or None),
    or None when the field needs strawberry's own resolution (see the module's rules)."""
    if _takes_part_in_strawberry(field):
        return None
    resolver = field.base_resolver
    if resolver is not None:
        function = resolver.wrapped_func
        if inspect.iscoroutinefunction(function) or inspect.isgeneratorfunction(function):
            return None
        if isinstance(function, staticmethod | classmethod):
            return None
        parameters = list(inspect.signature(function).parameters.values())
        if len(parameters) != 1 or parameters[0].name not in ("self", "root", "parent"):
            return None
        if parameters[0].kind not in (
            inspect.Parameter.POSITIONAL_ONLY,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
        ):
            return None
        return _function_resolver(function)
    if django_model is None:
        return None
    name = getattr(field, "django_name", None) or field.python_name
    attribute = getattr(django_model, name, None)
    if not isinstance(attribute, DeferredAttribute):
        return None
    model_field = attribute.field
    if model_field.is_relation or not model_field.concrete:
        return None
    return _attribute_getter(model_field.attname)


def _plain_attribute(field) -> Callable | None:
    if _takes_part_in_strawberry(field):
        return None
    return _attribute_getter(field.python_name)


def fast_leaf_fields(schema) -> list[str]:
    """Give graphql-core a direct resolver for every eligible leaf field of ``schema`` (a
    strawberry Schema, already built). Returns the ``Type.field`` names changed."""
    changed = []
    for graphql_type in schema._schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType) or graphql_type.name.startswith("__"):
            continue
        if graphql_type.name in {"Query", "Mutation", "Subscription"}:
            continue  # root fields take the request; they run once per request anyway
        definition = (graphql_type.extensions or {}).get("strawberry-definition")
        if definition is None:
            continue
        origin = getattr(definition, "origin", None)
        django_definition = getattr(origin, "__strawberry_django_definition__", None)
        django_model = getattr(django_definition, "model", None)
        converter = schema.config.name_converter
        fields_by_name = {converter.get_graphql_name(field): field for field in definition.fields}
        for graphql_name, graphql_field in graphql_type.fields.items():
            field = fields_by_name.get(graphql_name)
            if field is None:
                continue
            if django_model is None and field.base_resolver is None:
                # A plain strawberry type's attribute (a connection's edges, an edge's node, a
                # country's code): strawberry reads it with getattr, whatever its type.
                resolve = _plain_attribute(field)
            elif _is_leaf(graphql_field.type):
                resolve = fast_resolver(field, django_model)
            else:
                continue
            if resolve is not None:
                graphql_field.resolve = resolve
                changed.append(f"{graphql_type.name}.{graphql_name}")
    return changed
