"""`thriving frontdoor remind-referrals`: remind organisations (and the referrers) of referrals
nobody has answered in time. For cron; running it again sends nothing more."""

from django.core.management.base import BaseCommand
from django_tasks import TaskResultStatus

from thriving.frontdoor.tasks import remind_unanswered_referrals


class Command(BaseCommand):
    help = "Remind organisations and referrers of referrals still waiting for an answer after they were due."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument(
            "--now", action="store_true", help="Run the reminders here and now instead of queueing the task."
        )

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        if options["now"]:
            count = remind_unanswered_referrals.call()
        else:
            result = remind_unanswered_referrals.enqueue()
            if result.status != TaskResultStatus.SUCCESSFUL:
                if options["verbosity"]:
                    self.stdout.write(f"Queued the reminder task ({result.id}).")
                return
            count = result.return_value
        if options["verbosity"]:
            self.stdout.write(f"Reminded {count} referral{'' if count == 1 else 's'}.")
