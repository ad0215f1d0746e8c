"""`thriving places import-postcodes [FILE] [--format shipped|onspd]`: import postcodes.

With no FILE, imports the Derby and Derbyshire postcodes shipped in
thriving/places/data/postcodes.csv.gz. With `--format onspd`, FILE is a full ONS Postcode
Directory: its CSV, or the zip ONS publishes (the one CSV under Data/ is read). Terminated
postcodes and postcodes without a grid reference are skipped.

The import lands whole or not at all: every row is checked first, and if any is wrong the command
lists each bad line and why, changes nothing and exits with an error. Postcodes already held are
updated, not duplicated.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thriving.places.postcode_import import FORMATS, SHIPPED_FILE, PostcodeImportError, import_postcodes


class Command(BaseCommand):
    help = "Import postcodes with their location and LSOA: the shipped file, or an ONSPD CSV or zip."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument(
            "file", nargs="?", type=Path, help=f"CSV, .csv.gz or ONSPD .zip (default: {SHIPPED_FILE.name}, shipped)"
        )
        parser.add_argument(
            "--format",
            dest="file_format",
            choices=sorted(FORMATS),
            default="shipped",
            help="shipped: Thriving's own file; onspd: the ONS Postcode Directory (default: shipped)",
        )

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        path = options["file"] or SHIPPED_FILE
        try:
            summary = import_postcodes(path, options["file_format"])
        except PostcodeImportError as error:
            count = len(error.problems)
            heading = f"Nothing was imported from {path.name}; {count} problem{'s' if count != 1 else ''}:"
            raise CommandError("\n".join([heading, *error.problems])) from error
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported {summary.rows:,} postcodes from {path.name}: "
                    f"{summary.added:,} added, {summary.updated:,} updated."
                )
            )
            if summary.skipped_terminated or summary.skipped_no_location:
                self.stdout.write(
                    f"Skipped {summary.skipped_terminated:,} terminated postcodes and "
                    f"{summary.skipped_no_location:,} without a grid reference."
                )
