from django.core.management.base import BaseCommand, CommandError

from campaign.services import site_address_set


def parse_address(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(value)
    return host.strip("[]"), int(port)


class Command(BaseCommand):
    help = (
        "Set the default site's hostname and port to the address the development server "
        "listens on (HOST:PORT), so that page URLs point at it. `make run` calls this."
    )

    def add_arguments(self, parser):
        parser.add_argument("address", help="HOST:PORT, for example 127.0.0.1:8101.")

    def handle(self, *args, address: str, **options):
        try:
            hostname, port = parse_address(address)
        except ValueError as error:
            raise CommandError(
                f"'{address}' is not HOST:PORT (for example 127.0.0.1:8101)."
            ) from error
        site = site_address_set(hostname=hostname, port=port)
        if options["verbosity"]:
            self.stdout.write(f"The default site answers at {site.hostname}:{site.port}.")
