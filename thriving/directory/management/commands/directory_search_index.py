"""`thriving directory search-index --rebuild`: write every search entry afresh."""

from django.core.management.base import BaseCommand, CommandError

from thriving.directory import search_index


class Command(BaseCommand):
    help = "Write the directory's search entries afresh from every service (after bulk writes that send no signals)."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--rebuild", action="store_true", help="Write every entry afresh")

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        if not options["rebuild"]:
            raise CommandError("Say what to do: --rebuild writes every search entry afresh.")
        made = search_index.rebuild()
        if options["verbosity"]:
            self.stdout.write(f"{made} search entries written; the directory is at version {search_index.version()}.")
