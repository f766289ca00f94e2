"""The committed SDL, frontend_schema/schema.graphql, is the schema the code defines."""

import pytest
from django.core.management import CommandError, call_command

from frontend_schema.management.commands.export_schema import SCHEMA_FILE, schema_sdl
from frontend_schema.schema import schema


def test_the_committed_sdl_is_the_schema_in_the_code():
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == schema_sdl(), (
        "frontend_schema/schema.graphql differs from the schema the code defines: run "
        "`make schema` (manage.py export_schema) to regenerate it, review the difference as an "
        "API change, and commit it."
    )


def test_the_sdl_is_the_printed_schema_with_a_final_newline():
    assert schema_sdl() == schema.as_str() + "\n"


def test_export_schema_writes_the_file(tmp_path):
    output = tmp_path / "schema.graphql"
    call_command("export_schema", output=output)
    assert output.read_text(encoding="utf-8") == schema_sdl()


def test_export_schema_check_passes_on_an_up_to_date_file(tmp_path):
    output = tmp_path / "schema.graphql"
    output.write_text(schema_sdl(), encoding="utf-8")
    call_command("export_schema", "--check", output=output)
    assert output.read_text(encoding="utf-8") == schema_sdl()


@pytest.mark.parametrize("stale", [None, "type Query {\n  old: String\n}\n"])
def test_export_schema_check_fails_on_a_stale_or_missing_file(tmp_path, stale):
    output = tmp_path / "schema.graphql"
    if stale is not None:
        output.write_text(stale, encoding="utf-8")
    with pytest.raises(CommandError, match=r"Run `make schema` \(manage.py export_schema\)"):
        call_command("export_schema", "--check", output=output)
    # --check writes nothing.
    assert (output.read_text(encoding="utf-8") if output.exists() else None) == stale
