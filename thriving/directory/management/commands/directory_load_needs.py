"""`thriving directory load-needs [FILE]`: load the needs taxonomy, idempotently."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thriving.directory.services import needs


class Command(BaseCommand):
    help = "Load the needs taxonomy (by default the Thriving needs); running it again updates, never duplicates."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("file", nargs="?", default=str(needs.NEEDS_FILE), help="A taxonomy JSON file")

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            taxonomy, created, updated = needs.load_taxonomy(path)
        except (ValueError, KeyError) as error:
            raise CommandError(f"{path} is not a taxonomy file: {error}") from error
        if options["verbosity"]:
            self.stdout.write(f"{taxonomy.name}: {created} needs added, {updated} updated.")
