"""Register the GraphQL documents a front end's build produced as trusted documents."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from frontend_schema.persisted import ManifestError, trusted_documents_register
from frontend_schema.schema import schema


class Command(BaseCommand):
    help = (
        "Register the documents of graphql-codegen's persisted-documents manifest (an object "
        "mapping each document's SHA-256 to its text) as trusted documents. Every document must "
        "validate against the schema, or none is registered. See docs/graphql-endpoint.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("manifest", help="The manifest: persisted-documents.json.")
        parser.add_argument("--client", default="", help="The front end's name, kept with each.")
        parser.add_argument(
            "--client-version", default="", help="The front end's version or build."
        )

    def handle(self, *args, manifest, client, client_version, **options):
        path = Path(manifest)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(
                f"Nothing was registered: cannot read the manifest {path}: {error.strerror}."
            ) from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(
                f"Nothing was registered: the manifest {path} is not JSON: {error}."
            ) from error
        try:
            added, known = trusted_documents_register(
                manifest=data,
                schema=schema._schema,
                client_name=client,
                client_version=client_version,
            )
        except ManifestError as error:
            raise CommandError(
                f"Nothing was registered: the manifest {path} has errors.\n{error}"
            ) from error
        self.stdout.write(
            f"Registered {added} new trusted document(s); {known} were registered before."
        )
