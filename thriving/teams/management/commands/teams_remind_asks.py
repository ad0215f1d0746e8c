"""`thriving teams remind-asks`: remind enablers (and whoever asked) of asks nobody has answered
in time. For cron; running it again sends nothing more."""

from thriving.core.commands import TaskCommand
from thriving.teams.tasks.asks import remind_asks


class Command(TaskCommand):
    help = "Remind enablers and askers of asks still waiting for an answer after they were due."
    task = remind_asks
    counted = "ask"
