"""`thriving directory import FILE-OR-URL [--dry-run]`: import an Open Referral UK 3.0 or
HSDS 3.0 feed into the directory, whole or not at all."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thriving.directory.interchange import importer
from thriving.directory.interchange.load import ImportRefused
from thriving.directory.interchange.sources import SourceError


class Command(BaseCommand):
    help = (
        "Import an ORUK 3.0 / HSDS 3.0 feed: a JSON file (one service, a list, or a page of results), "
        "a folder of JSON pages, an HSDS CSV data package (a folder or .zip), or the base URL of an ORUK API. "
        "Records keep their ids, so importing again updates and never duplicates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="A file, a folder, a .zip, or the base URL of an ORUK API")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, then change nothing")

    def handle(self, *args, source: str, dry_run: bool = False, **options) -> None:
        try:
            result = importer.run(source, dry_run=dry_run)
        except SourceError as error:
            raise CommandError(f"Nothing was imported: {error}") from None
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(f"refused: {problem}")
            raise CommandError(
                f"Nothing was imported: {len(refused.problems)} problem(s) in {source}. Put them right and try again."
            ) from None
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        summary = ", ".join(f"{count} {label}" for label, count in sorted(result.counts.items()) if count)
        summary = summary or "nothing"
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(f"{verb} {result.records} record(s) from {source}: {summary}.")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
