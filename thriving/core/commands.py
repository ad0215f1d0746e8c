"""A management command that runs a background task: queued for the worker, or here and now with
`--now`. For the commands cron runs (reminders and the like); apps after core subclass it."""

from typing import Any

from django.core.management.base import BaseCommand
from django_tasks import TaskResultStatus


class TaskCommand(BaseCommand):
    """Subclasses set `task` (a django-tasks task returning a count) and `counted` (the singular
    noun for what it counts, such as "referral"), and `help`."""

    task: Any = None
    counted = "item"
    done = "Reminded"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--now", action="store_true", help="Run the task here and now instead of queueing it for the worker."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            count = self.task.call()
        else:
            result = self.task.enqueue()
            if result.status != TaskResultStatus.SUCCESSFUL:  # queued for the worker
                if options["verbosity"]:
                    self.stdout.write(f"Queued the task ({result.id}).")
                return
            count = result.return_value
        if options["verbosity"]:
            self.stdout.write(f"{self.done} {count} {self.counted}{'' if count == 1 else 's'}.")
