"""`thriving directory remind-unchecked`: queue the reminder to organisations whose services have
not been checked for a while. For cron; running it twice in a day sends nothing more."""

from django.core.management.base import BaseCommand

from thriving.directory.tasks.editing import remind_unchecked_services


class Command(BaseCommand):
    help = "Remind organisation staff of their services that nobody has checked for a while."

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        result = remind_unchecked_services.enqueue()
        if options["verbosity"]:
            self.stdout.write(f"Queued the reminder task ({result.id}).")
