"""Background tasks of the front door: reminding organisations (and whoever referred) of
referrals nobody has answered in time. The demand picture's task is in
`thriving.frontdoor.demand.tasks`.

The emails carry no personal data: the request's reference, the service, the date the answer was
due and a link to sign in.
"""

import datetime
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import task

from thriving.core import audit
from thriving.core.tasks import send_email
from thriving.frontdoor.models import Referral, RequestEvent
from thriving.frontdoor.services import referrals as referral_services

REMINDED_EVENT = "referral.reminded"


def overdue_unreminded(now: datetime.datetime | None = None) -> QuerySet[Referral]:
    """Referrals still awaiting an answer after they were due, not yet reminded about."""
    return Referral.objects.filter(
        status=Referral.Status.AWAITING, due_by__lt=now or timezone.now(), reminded_at__isnull=True
    )


def _due(referral: Referral) -> str:
    return f"{timezone.localtime(referral.due_by):%A %-d %B %Y}"


def _remind(referral: Referral) -> None:
    base = settings.SITE_URL.rstrip("/")
    to_organisation = referral_services.organisation_addresses(referral.organisation)
    if to_organisation:
        send_email.enqueue(
            subject=f"Reminder: a referral to {referral.service.name} is waiting for an answer",
            body=(
                f"A referral ({referral.request.reference}) to {referral.service.name} is still waiting for "
                f"an answer from {referral.organisation.name}. The answer was due by {_due(referral)}.\n\n"
                f"Please accept or decline it, with a reason, as soon as you can.\n"
                f"Sign in to see it: {base}/referrals/\n"
            ),
            to=to_organisation,
        )
    referrer = referral.referred_by
    if referrer is not None and referrer.is_active and referrer.email:
        send_email.enqueue(
            subject=f"No answer yet: your referral to {referral.service.name}",
            body=(
                f"Your referral ({referral.request.reference}) to {referral.service.name} "
                f"({referral.organisation.name}) has not been answered. The answer was due by "
                f"{_due(referral)}. They have been reminded too.\n\n"
                f"You may want to get in touch with them, or find another way to help.\n"
                f"Sign in to see the request: {base}/requests/{referral.request.reference}/\n"
            ),
            to=[referrer.email],
        )


@task()
def remind_unanswered_referrals() -> int:
    """Remind the receiving organisation (its staff and its notify address) and the referrer of
    each referral still awaiting an answer after it was due. Each referral is reminded once: a
    second run sends nothing new. Returns how many referrals were reminded."""
    now = timezone.now()
    reminded = 0
    due = overdue_unreminded(now).select_related("request", "service", "organisation", "referred_by")
    for referral in due.order_by("due_by", "id"):
        with transaction.atomic():
            # Claim the referral first, so that two runs at once remind it only once.
            claimed = overdue_unreminded(now).filter(pk=referral.pk).update(reminded_at=now)
            if not claimed:
                continue
            RequestEvent.objects.create(
                request=referral.request,
                kind=RequestEvent.Kind.REMINDED,
                text=f"Reminded {referral.organisation.name}: the answer to the referral to "
                f"{referral.service.name} was due by {_due(referral)}",
                at=now,
            )
            audit.record(None, REMINDED_EVENT, referral, action=audit.Action.CHANGED, actor_label="system",
                         object_label=f"{referral.request.reference} to {referral.service.name}")
            transaction.on_commit(partial(_remind, referral))  # once the claim is saved
        reminded += 1
    return reminded

