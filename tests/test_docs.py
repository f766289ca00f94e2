"""Every example query in the docs is valid against the current schema."""

import re
from pathlib import Path

import pytest
from graphql import parse, validate

from frontend_schema.schema import schema

DOCS = Path(__file__).resolve().parent.parent / "docs"
EXAMPLES = [
    (path.name, index, block)
    for path in sorted(DOCS.glob("*.md"))
    for index, block in enumerate(re.findall(r"```graphql\n(.*?)```", path.read_text(), re.S))
]


def test_docs_have_examples():
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize(("doc", "index", "document"), EXAMPLES, ids=lambda v: str(v)[:20])
def test_example_query_is_valid(doc, index, document):
    errors = validate(schema._schema, parse(document))
    assert not errors, f"{doc} example {index}: {[error.message for error in errors]}"
