"""`thriving directory import FILE-OR-URL [--dry-run] [--strict] [--progress]`: import an Open
Referral feed (ORUK 1.0 or 3.0, HSDS 1.x or 3.0 JSON or CSV) into the directory. What is valid
lands; each record that is not is set aside and reported. The run is kept with its report."""

import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thriving.core.models import User
from thriving.directory.interchange import importer
from thriving.directory.interchange.load import ImportRefused
from thriving.directory.interchange.sources import SourceError

PROGRESS_EVERY = 500


class Command(BaseCommand):
    help = (
        "Import an Open Referral feed: ORUK 3.0 / HSDS 3.0 JSON (one record, a list, or a page of results), "
        "an ORUK 1.0 page of services, a folder of JSON pages, an HSDS 1.x or 3.0 CSV data package "
        "(a folder or .zip), or the base URL of an ORUK API. Records keep their ids, so importing again "
        "updates and never duplicates. Records that cannot be taken are set aside and reported; "
        "--strict refuses the whole feed instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="A file, a folder, a .zip, or the base URL of an ORUK API")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, then change nothing")
        parser.add_argument("--strict", action="store_true", help="All or nothing: any problem refuses the feed")
        parser.add_argument("--progress", action="store_true", help="Show progress (shown anyway on a terminal)")
        parser.add_argument("--as", dest="as_email", help="The email of the account the run is kept under")

    def _progress(self, shown: bool):
        state = {"last": 0}

        def tick(services: int) -> None:
            if services - state["last"] >= PROGRESS_EVERY or (services and not state["last"]):
                state["last"] = services
                self.stderr.write(f"\rread {services} services…", ending="")
                self.stderr.flush()

        return tick if shown else None

    def handle(self, *args, source: str, dry_run: bool = False, strict: bool = False, progress: bool = False,
               as_email: str | None = None, **options) -> None:
        user = None
        if as_email:
            user = User.objects.filter(email__iexact=as_email.strip()).first()
            if user is None:
                raise CommandError(f"There is no account {as_email}")
        shown = progress or (hasattr(sys.stderr, "isatty") and sys.stderr.isatty())
        try:
            result = importer.run(source, dry_run=dry_run, strict=strict, acting_user=user,
                                  progress=self._progress(shown))
        except SourceError as error:
            raise CommandError(f"Nothing was imported: {error}") from None
        except ImportRefused as refused:
            if shown:
                self.stderr.write("")
            for problem in refused.problems:
                self.stderr.write(f"refused: {problem}")
            raise CommandError(
                f"Nothing was imported (--strict): {len(refused.problems)} problem(s) in {source}. "
                "Put them right and try again."
            ) from None
        if shown:
            self.stderr.write("")
        self.stdout.write(f"Found {', '.join(result.formats) or 'no records'} in {source}.")
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        for problem in result.problems:
            self.stderr.write(f"set aside: {problem}")
        summary = ", ".join(f"{count} {label}" for label, count in sorted(result.counts.items()) if count)
        summary = summary or "nothing"
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(f"{verb} {result.records} record(s) from {source}: {summary}.")
        if result.refused:
            aside = ", ".join(f"{count} {table}" for table, count in sorted(result.refused.items()))
            self.stdout.write(f"Set aside: {aside} ({len(result.problems)} problem(s), listed above).")
        if result.warnings:
            self.stdout.write(f"{len(result.warnings)} value(s) put right or left out, listed above as warnings.")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
        elif result.run is not None:
            self.stdout.write(f"The report is kept as import run {result.run.uuid}.")
