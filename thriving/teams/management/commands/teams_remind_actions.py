"""`thriving teams remind-actions`: remind owners of actions due in two days or overdue, once each.
For cron; running it again sends nothing more."""

from thriving.core.commands import TaskCommand
from thriving.teams.tasks.actions import remind_actions


class Command(TaskCommand):
    help = "Remind owners of actions due within two days or overdue (once each), and top up the huddles."
    task = remind_actions
    done = "Sent"
    counted = "action reminder"
