import logging
import time
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from campaign.demo.facts import FACTS_PATH, demo_facts_load
from campaign.demo.loader import demo_campaign_load
from campaign.demo.pages import DemoPageConflict
from campaign.demo.progress import Progress, silent_progress
from campaign.demo.synthetic import synthetic_content_ensure


def non_negative_int(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


@contextmanager
def quiet_logger(name: str, *, level: int):
    """Raise a logger's level for the duration, so per-page INFO lines do not bury the progress."""
    logger = logging.getLogger(name)
    previous = logger.level
    logger.setLevel(level)
    try:
        yield
    finally:
        logger.setLevel(previous)


class Command(BaseCommand):
    help = (
        "Load the demo campaign 'Reclaim Your Face' (from campaign/data/demo_campaign.json) as "
        "the default site's root. Safe to run again: it only adds what is missing and never "
        "changes a page that exists, so editors' work is kept. --reset restores the demo pages "
        "to the demo content (after a confirmation). The --extra-* options add clearly marked "
        "synthetic content for load tests."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Restore every demo page to the demo content, overwriting editors' changes to "
            "them (pages that are not part of the demo are kept). Asks for confirmation.",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation (for scripts).",
        )
        for option, what in (
            ("--extra-posts", "synthetic posts"),
            ("--extra-organisations", "synthetic organisations"),
            ("--extra-supporters", "synthetic supporters"),
        ):
            parser.add_argument(
                option,
                type=non_negative_int,
                default=0,
                metavar="N",
                help=f"Make sure at least N {what} exist (existing ones count towards N).",
            )

    def handle(
        self,
        *args,
        reset,
        interactive,
        extra_posts,
        extra_organisations,
        extra_supporters,
        **options,
    ):
        if reset and interactive and not self.confirm_reset():
            raise CommandError("Reset cancelled: nothing was changed.")
        started = time.perf_counter()
        progress = Progress(self.stdout.write) if options["verbosity"] else silent_progress()
        # Wagtail logs every page edit and publication at INFO; show them only when asked to.
        level = logging.INFO if options["verbosity"] > 1 else logging.WARNING
        try:
            facts = demo_facts_load()
        except (OSError, ValueError) as error:
            raise CommandError(
                f"Could not read the demo facts from {FACTS_PATH}: {error}"
            ) from error
        try:
            with quiet_logger("wagtail", level=level):
                demo = demo_campaign_load(facts=facts, progress=progress, reset=reset)
                synthetic_content_ensure(
                    demo=demo,
                    posts=extra_posts,
                    organisations=extra_organisations,
                    supporters=extra_supporters,
                    progress=progress,
                )
        except (DemoPageConflict, ValidationError) as error:
            raise CommandError(str(error)) from error
        planner_statistics_update()
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo campaign '{demo.campaign.title}' is ready "
                    f"({time.perf_counter() - started:.1f} s)."
                )
            )

    def confirm_reset(self) -> bool:
        """Ask on the terminal; anything but "yes" cancels."""
        self.stdout.write(
            "This restores every page of the demo campaign to the demo content: changes editors "
            "made to those pages (texts, demand progress, images...) are overwritten by a new "
            "published revision. Their earlier revisions stay in each page's history."
        )
        try:
            answer = input("Type 'yes' to continue, or anything else to cancel: ")
        except EOFError:
            return False
        return answer.strip().lower() == "yes"


def planner_statistics_update(using: str = DEFAULT_DB_ALIAS) -> None:
    """Run ``ANALYZE`` on PostgreSQL (nothing elsewhere) so the planner knows the new rows.

    Without statistics, right after a load, PostgreSQL planned the visibility filter's
    view-restriction subquery as a nested loop over the whole page table (26 s for the home
    page query instead of 0.1-0.3 s). Autovacuum would get there eventually; a demo or a
    benchmark should not wait for it.
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
