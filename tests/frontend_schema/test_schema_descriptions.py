"""Every type, field, argument and enum value in the public schema is documented."""

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLUnionType,
)

from frontend_schema.schema import schema


def test_every_type_field_and_argument_has_a_description():
    missing = []
    for name, graphql_type in schema._schema.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Float", "Boolean", "ID"}:
            continue
        if not graphql_type.description:
            missing.append(name)
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in graphql_type.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for argument_name, argument in field.args.items():
                    if not argument.description:
                        missing.append(f"{name}.{field_name}({argument_name})")
        elif isinstance(graphql_type, GraphQLInputObjectType):
            for field_name, field in graphql_type.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
        elif isinstance(graphql_type, GraphQLEnumType):
            for value_name, value in graphql_type.values.items():
                if not value.description:
                    missing.append(f"{name}.{value_name}")
        elif isinstance(graphql_type, GraphQLUnionType):
            pass
    assert not missing, "Undocumented: " + ", ".join(missing)


def test_enum_values_are_documented_in_english_whatever_the_language():
    """Choice labels are translated for editors; the schema built under another language still
    documents its enum values in English (the committed SDL does not depend on a request)."""
    from django.utils import translation

    from campaign import choices
    from frontend_schema.types import choices_enum

    with translation.override("de"):
        enum = choices_enum(choices.DemandProgress, "DemandProgressCheck", "A check.")
        assert str(choices.DemandProgress.IN_NEGOTIATION.label) == "In Verhandlung"
    descriptions = {
        value.name: value.description for value in enum.__strawberry_definition__.values
    }
    assert descriptions["IN_NEGOTIATION"] == "In negotiation"
