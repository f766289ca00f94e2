"""Checks of what a client sends, before any resolver runs: text, directives, fragments.

- **Text.** No database stores every string: PostgreSQL refuses a NUL character (U+0000) in
  text, and neither database can encode a lone surrogate (U+D800 to U+DFFF, which JSON's
  ``"\\ud800"`` escape yields but UTF-8 cannot hold). ``InputPolicy`` refuses both in every
  string the client sends (arguments written in the document and every variable, whatever
  argument it feeds), with one ``BAD_USER_INPUT`` error, so a new argument is covered the day it
  is added.
- **Unknown directives.** graphql-core reports one error per unknown directive; ten of them
  gave ten errors (graphql-cop's "directive overloading" probe). ``KnownDirectivesOnceRule``
  reports them all in one error.
- **Unknown fragments.** The depth, alias and cost measures (``frontend_schema.cost``) skip a
  spread of a fragment the document does not define, so ``{ ...Missing }`` no longer crashes
  them; graphql-core's own ``KnownFragmentNamesRule`` reports the unknown fragment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graphql import (
    ArgumentNode,
    ExecutionResult,
    GraphQLError,
    KnownDirectivesRule,
    ObjectFieldNode,
    StringValueNode,
    ValidationRule,
    VariableDefinitionNode,
)
from strawberry.extensions import SchemaExtension

from frontend_schema.errors import BAD_USER_INPUT, UserInputError

# A lone surrogate: in a Python string every code point in this range is one, since a valid
# pair in JSON ("\ud83d\ude00") is decoded to the single character it encodes.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

TEXT_RULE = (
    "Text cannot contain NUL characters (U+0000) or lone surrogates (U+D800 to U+DFFF): "
    "they are not valid in stored text."
)


def text_problem(value: str) -> str | None:
    """What makes ``value`` unstorable, or None when every database can store it.

    The answer names the first offending character: ``"a NUL character (U+0000)"`` or ``"a lone
    surrogate (U+D83D)"``.
    """
    match = _UNSTORABLE.search(value)
    if match is None:
        return None
    character = match.group()
    if character == "\x00":
        return "a NUL character (U+0000)"
    return f"a lone surrogate (U+{ord(character):04X})"


def json_text_problem(value: Any) -> str | None:
    """``text_problem`` of the first unstorable string anywhere in a JSON value (keys too).

    Walks without recursion, so a deeply nested value cannot exhaust the stack.
    """
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            problem = text_problem(item)
            if problem:
                return problem
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


class InputTextRule(ValidationRule):
    """Refuses a string literal in the document that holds unstorable text (see ``TEXT_RULE``).

    The error has the code ``BAD_USER_INPUT`` and names the argument in ``extensions.argument``
    (``filter.search`` for a field of an input object), or the variable whose default value it
    is in ``extensions.variable``.
    """

    def enter_string_value(self, node: StringValueNode, _key, parent, _path, ancestors) -> None:
        problem = text_problem(node.value)
        if problem is None:
            return
        extensions = {"code": BAD_USER_INPUT}
        where = "A string"
        fields: list[str] = []  # the input-object fields from the argument down to the string
        # graphql-core's ancestors stop before the parent.
        for ancestor in reversed([*ancestors, parent]):
            if isinstance(ancestor, ObjectFieldNode):
                fields.insert(0, ancestor.name.value)
            elif isinstance(ancestor, ArgumentNode):
                name = ".".join([ancestor.name.value, *fields])
                extensions["argument"] = name
                where = f"The value of argument '{name}'"
                break
            elif isinstance(ancestor, VariableDefinitionNode):
                name = ancestor.variable.name.value
                extensions["variable"] = name
                where = f"The default value of variable '${name}'"
                break
        self.report_error(
            GraphQLError(f"{where} contains {problem}. {TEXT_RULE}", node, extensions=extensions)
        )


def variables_errors(variables: dict[str, Any] | None) -> list[GraphQLError]:
    """A ``BAD_USER_INPUT`` error for each variable that holds unstorable text anywhere."""
    errors = []
    for name, value in (variables or {}).items():
        problem = json_text_problem(name) or json_text_problem(value)
        if problem:
            errors.append(
                UserInputError(
                    f"Variable '${name}' contains {problem}. {TEXT_RULE}", variable=str(name)
                )
            )
    return errors


class KnownDirectivesOnceRule(KnownDirectivesRule):
    """graphql-core's ``KnownDirectivesRule``, with every unknown directive in one error.

    graphql-core reports each unknown directive on its own, so a document with ten made-up
    directives got ten errors and cost ten times the work to answer. This rule reports
    "Unknown directives: '@a', '@b' (3 times)." once, with the location of each; misplaced known
    directives are reported as before.
    """

    def __init__(self, context) -> None:
        super().__init__(context)
        self.unknown: dict[str, list] = {}

    def enter_directive(self, node, key, parent, path, ancestors) -> None:
        name = node.name.value
        if name in self.locations_map:
            super().enter_directive(node, key, parent, path, ancestors)
        else:
            self.unknown.setdefault(name, []).append(node)

    def leave_document(self, *_args) -> None:
        if not self.unknown:
            return
        if len(self.unknown) == 1 and len(next(iter(self.unknown.values()))) == 1:
            message = f"Unknown directive '@{next(iter(self.unknown))}'."
        else:
            names = ", ".join(
                f"'@{name}'" + (f" ({len(nodes)} times)" if len(nodes) > 1 else "")
                for name, nodes in self.unknown.items()
            )
            message = f"Unknown directives: {names}."
        nodes = [node for nodes in self.unknown.values() for node in nodes]
        self.report_error(GraphQLError(message, nodes))


class InputPolicy(SchemaExtension):
    """Adds this module's rules to validation and refuses variables with unstorable text.

    Variables are checked when execution starts, where graphql-core checks their types: the
    error has no ``data`` and no ``path`` (a request error, status 400 with
    ``application/graphql-response+json``).
    """

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.validation_rules = (
            *(
                KnownDirectivesOnceRule if rule is KnownDirectivesRule else rule
                for rule in context.validation_rules
            ),
            InputTextRule,
        )
        yield

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        errors = variables_errors(context.variables)
        if errors:
            context.result = ExecutionResult(data=None, errors=errors)
        yield
