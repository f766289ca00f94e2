"""What the translation tests share: the messages a piece of code passes to gettext."""

import ast
from collections.abc import Iterable
from pathlib import Path

GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext"}


def gettext_literals(paths: Iterable[Path]) -> set[str]:
    """Every string literal passed (first) to a gettext function in the Python files
    ``paths``, migrations left out."""
    messages = set()
    for path in paths:
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in GETTEXT_NAMES
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                messages.add(node.args[0].value)
    return messages
