"""`thriving coaching remind-next-steps`: remind coaches of next steps due tomorrow or overdue (and
the lead coach of those a person coached owns), once each. For cron, daily; running it again sends
nothing more."""

from thriving.coaching.tasks.sessions import remind_next_steps
from thriving.core.commands import TaskCommand


class Command(TaskCommand):
    help = "Remind coaches of next steps due tomorrow or overdue (once each); never the people coached."
    task = remind_next_steps
    counted = "next step"
