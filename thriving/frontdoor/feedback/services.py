"""Closing the loop with the resident: asking them, when their request is closed, whether they got
the help they needed (`ask_by_email`, a step of closing it), and recording their answer
(`record_answer`), once per request."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from thriving.core import audit
from thriving.core.tasks import send_email
from thriving.frontdoor.feedback import queries
from thriving.frontdoor.feedback.models import ResidentAnswer
from thriving.frontdoor.models import HelpRequest, RequestEvent
from thriving.frontdoor.services.common import Action, FrontDoorError, record_event

COMMENT_MAX = 1000


class AlreadyAnswered(FrontDoorError):
    """The person has answered for this request already: the first answer stands."""


def ask_by_email(*, acting_user: Any, request: HelpRequest) -> None:
    """Email the person a link to tell us whether they got the help they needed. A step of closing
    the request (`services.requests.close`), inside its transaction and under its policy check;
    the email goes once that transaction is committed."""
    email = queries.email_for(request)
    if not email:
        raise FrontDoorError("We cannot email this person to ask: they have not given an email address "
                             "and agreed to be contacted by email.")
    body = "\n".join([
        f"Hello {request.person.given_name},",
        "",
        f"We have finished working on your request for help (reference {request.reference}).",
        "",
        "Did you get the help you needed? Tell us here, it takes a minute:",
        queries.answer_url(request),
        "",
        "If you still need help, you can ask again at any time.",
        "",
        "Thriving community hub",
    ])
    record_event(request, RequestEvent.Kind.RESIDENT_ASKED, acting_user,
                 "Emailed to ask whether they got the help they needed")
    audit.record(acting_user, "request.resident_asked", request, action=Action.CHANGED,
                 subject=request.person.full_name, purpose="asking whether they got the help they needed")
    transaction.on_commit(lambda: send_email.enqueue(
        subject="Did you get the help you needed?", body=body, to=[email]))


def record_answer(*, acting_user: Any = None, token: str, answer: str, comment: str = "") -> ResidentAnswer:
    """The person who asked for help answers, without an account, through the signed link from
    their status page or our email (`token`, which is the authority to answer): once, for a
    closed request."""
    request = queries.request_of(token)
    if request is None:
        raise FrontDoorError("This link has expired or is not complete. Check where your request has got to "
                             "with your reference and postcode.")
    if answer not in ResidentAnswer.Answer.values:
        raise FrontDoorError("Select whether you got the help you needed")
    comment = comment.strip()[:COMMENT_MAX]
    try:
        with transaction.atomic():
            locked = HelpRequest.objects.select_for_update().get(pk=request.pk)
            if locked.status != HelpRequest.Status.CLOSED:
                raise FrontDoorError("We are working on this request again, so there is nothing to answer yet.")
            if ResidentAnswer.objects.filter(request=locked).exists():
                raise AlreadyAnswered("You have already told us about this request. Thank you.")
            found = ResidentAnswer.objects.create(request=locked, answer=answer, comment=comment,
                                                  answered_at=timezone.now())
            said = f"Got the help they needed: {found.get_answer_display().lower()}"
            record_event(locked, RequestEvent.Kind.RESIDENT_ANSWERED, None,
                         said + (f". “{comment}”" if comment else ""))
            audit.record(acting_user, "request.resident_answered", locked, action=Action.CREATED,
                         subject=locked.person.full_name, actor_label="the resident, by their link",
                         changes={"answer": answer})
    except IntegrityError as error:  # two answers sent at the same moment: the first stands
        raise AlreadyAnswered("You have already told us about this request. Thank you.") from error
    return found
