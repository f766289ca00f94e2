"""Write the schema's SDL to frontend_schema/schema.graphql, the API's committed contract."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from frontend_schema.schema import schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def schema_sdl() -> str:
    """The SDL of the schema as the code defines it, as the committed file holds it."""
    return schema.as_str() + "\n"


class Command(BaseCommand):
    help = (
        "Write the GraphQL schema (SDL) to frontend_schema/schema.graphql, or with --check, fail "
        "when that file differs from the schema in the code."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; exit with an error when the file is not up to date.",
        )
        parser.add_argument(
            "--output",
            type=Path,
            default=SCHEMA_FILE,
            help="The file to write or check (default: frontend_schema/schema.graphql).",
        )

    def handle(self, *args, check: bool, output: Path, **options):
        sdl = schema_sdl()
        current = output.read_text(encoding="utf-8") if output.exists() else None
        if check:
            if current != sdl:
                raise CommandError(
                    f"{output} is not the schema the code defines. Run `make schema` "
                    "(manage.py export_schema) to regenerate it, and commit the result."
                )
            self.stdout.write(f"{output} is up to date.")
            return
        if current == sdl:
            self.stdout.write(f"{output} is already up to date.")
            return
        output.write_text(sdl, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}."))
