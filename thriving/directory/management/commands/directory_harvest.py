"""`thriving directory harvest`: for cron, queue a harvest of each partner's feed that is due
(one task per feed, for the worker). `thriving directory harvest --feed UUID` harvests one feed
here and now, with a progress bar, whether or not it is due."""

import sys
import uuid

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thriving.directory.interchange import harvest
from thriving.directory.interchange.models import Feed, ImportRun
from thriving.directory.services import feeds as services

WIDTH = 30


def bar(state: dict) -> str:
    """`Reading the feed [#########.....]  120/400 services`, or a count while the total is unknown."""
    done, total = state.get("done") or 0, state.get("total")
    if total:
        filled = min(WIDTH, WIDTH * done // total)
        return f"{state['stage']} [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total} services"
    return f"{state['stage']}: {done} services read"


class Command(BaseCommand):
    help = "Queue a harvest of each partner's feed that is due, or harvest one feed now with --feed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--feed", help="Harvest this feed (its id) now, here, rather than queueing the due ones")
        parser.add_argument("--progress", action="store_true", help="Show progress (shown anyway on a terminal)")

    def handle(self, *args, feed: str | None = None, progress: bool = False, **options) -> None:  # noqa: ANN002, ANN003
        if feed is None:
            queued = services.queue_due_harvests()
            if options["verbosity"]:
                names = ", ".join(f.name for f in queued) or "none are due"
                self.stdout.write(f"Queued {len(queued)} harvest(s): {names}.")
            return
        found = Feed.objects.filter(uuid=feed).first() if _is_uuid(feed) else None
        if found is None:
            raise CommandError(f"There is no feed {feed}")
        shown = progress or (hasattr(sys.stderr, "isatty") and sys.stderr.isatty())
        last = {"line": ""}

        def echo(state: dict) -> None:
            line = bar(state)
            if line != last["line"]:
                last["line"] = line
                self.stderr.write(f"\r{line}", ending="")
                self.stderr.flush()

        run = harvest.harvest(found, echo=echo if shown else None)
        if shown:
            self.stderr.write("")
        if run.status == ImportRun.Status.HELD:
            raise CommandError(f"Held, nothing applied: {run.held_reason}. The run is kept as {run.uuid}.")
        summary = ", ".join(f"{n} {label}" for label, n in sorted((run.report.get("counts") or {}).items()) if n)
        self.stdout.write(f"Harvested {found.name}: {run.records} record(s), {summary or 'nothing changed'}.")
        self.stdout.write(f"The report is kept as import run {run.uuid}.")


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
