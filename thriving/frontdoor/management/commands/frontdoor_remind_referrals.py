"""`thriving frontdoor remind-referrals`: remind organisations (and the referrers) of referrals
nobody has answered in time. For cron; running it again sends nothing more."""

from thriving.core.commands import TaskCommand
from thriving.frontdoor.tasks import remind_unanswered_referrals


class Command(TaskCommand):
    help = "Remind organisations and referrers of referrals still waiting for an answer after they were due."
    task = remind_unanswered_referrals
    counted = "referral"
