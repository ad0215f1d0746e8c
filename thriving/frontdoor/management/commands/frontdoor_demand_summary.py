"""`thriving frontdoor demand-summary`: bring the demand picture's weekly summary up to date, or
rebuild it whole. For cron (every few minutes keeps pages from doing it), and after anything that
writes requests or referrals without the front-door services, such as a bulk import."""

import time

from django.core.management.base import BaseCommand

from thriving.frontdoor.demand import services


class Command(BaseCommand):
    help = "Rebuild the weeks of the demand picture's summary that changes have marked stale (or all of it)."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument(
            "--rebuild", action="store_true",
            help="Rebuild every week from the requests and referrals, as after a bulk import.",
        )

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        started = time.perf_counter()
        if options["rebuild"]:
            weeks, rows = services.rebuild()
            message = f"Rebuilt the demand summary: {weeks} weeks, {rows} rows"
        else:
            weeks = services.refresh(limit=None, wait=True)
            message = f"Brought the demand summary up to date: {weeks} week{'' if weeks == 1 else 's'} rebuilt"
        if options["verbosity"]:
            self.stdout.write(f"{message} in {time.perf_counter() - started:.1f} s.")
