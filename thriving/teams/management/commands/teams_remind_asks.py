"""`thriving teams remind-asks`: remind enablers (and whoever asked) of asks nobody has answered
in time. For cron; running it again sends nothing more."""

from django.core.management.base import BaseCommand
from django_tasks import TaskResultStatus

from thriving.teams.tasks_asks import remind_asks


class Command(BaseCommand):
    help = "Remind enablers and askers of asks still waiting for an answer after they were due."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument(
            "--now", action="store_true", help="Run the reminders here and now instead of queueing the task."
        )

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        if options["now"]:
            count = remind_asks.call()
        else:
            result = remind_asks.enqueue()
            if result.status != TaskResultStatus.SUCCESSFUL:
                if options["verbosity"]:
                    self.stdout.write(f"Queued the reminder task ({result.id}).")
                return
            count = result.return_value
        if options["verbosity"]:
            self.stdout.write(f"Reminded {count} ask{'' if count == 1 else 's'}.")
