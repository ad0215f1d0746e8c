"""`thriving budgets remind-signoffs`: remind each pot's named enablers of decisions waiting for
their sign-off longer than the pot's `signoff_reminder_days` (working days), once a period. For
cron, daily; running it again sends nothing more."""

from thriving.budgets.tasks.signoffs import remind_signoffs
from thriving.core.commands import TaskCommand


class Command(TaskCommand):
    help = "Remind enablers of decisions waiting for their sign-off (once each period)."
    task = remind_signoffs
    counted = "decision"
