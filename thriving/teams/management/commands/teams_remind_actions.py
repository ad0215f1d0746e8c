"""`thriving teams remind-actions`: remind owners of actions due in two days or overdue, once each.
For cron; running it again sends nothing more."""

from django.core.management.base import BaseCommand
from django_tasks import TaskResultStatus

from thriving.teams.tasks import remind_actions


class Command(BaseCommand):
    help = "Remind owners of actions due within two days or overdue (once each), and top up the huddles."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument(
            "--now", action="store_true", help="Run the reminders here and now instead of queueing the task."
        )

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        if options["now"]:
            count = remind_actions.call()
        else:
            result = remind_actions.enqueue()
            if result.status != TaskResultStatus.SUCCESSFUL:
                if options["verbosity"]:
                    self.stdout.write(f"Queued the reminder task ({result.id}).")
                return
            count = result.return_value
        if options["verbosity"]:
            self.stdout.write(f"Sent {count} action reminder{'' if count == 1 else 's'}.")
