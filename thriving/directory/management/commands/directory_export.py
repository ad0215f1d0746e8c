"""`thriving directory export [--output DIR-or-ZIP]`: write the directory as an HSDS 3.0 CSV
data package (datapackage.json and the CSV files), for other directories to import."""

import csv
import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from thriving.directory.interchange import export


class Command(BaseCommand):
    help = "Write the directory as an HSDS 3.0 CSV data package, to a folder or a .zip file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            help="A folder, or a file ending .zip (default: openreferral-YYYY-MM-DD.zip here)",
        )

    def handle(self, *args, output: str | None = None, **options) -> None:
        target = Path(output or f"openreferral-{timezone.localdate().isoformat()}.zip")
        if target.exists() and target.suffix.lower() != ".zip" and not target.is_dir():
            raise CommandError(f"{target} is a file; give a folder or a name ending .zip")
        try:
            files = export.write(target)
        except OSError as error:
            raise CommandError(f"Could not write {target}: {error}") from None
        counts = []
        for name, content in files.items():
            if name.endswith(".csv"):
                rows = sum(1 for _ in csv.reader(io.StringIO(content.decode("utf-8")))) - 1
                counts.append(f"{name} {rows}")
        self.stdout.write(f"Wrote {target}: {', '.join(counts)}.")
