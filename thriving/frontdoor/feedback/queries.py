"""Reads for closing the loop: the signed link to a request's answer page, whether the person may
be emailed to ask, and a request's answer.

The link holds the request's reference, signed (Django's signing, with a salt of its own), so it
cannot be made for another request or forged; it lasts `LINK_DAYS`. It reaches only the answer page,
which shows the reference and nothing else about the person or their request.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

from thriving.frontdoor.feedback.models import ResidentAnswer
from thriving.frontdoor.models import Consent, ContactMethod, HelpRequest

SALT = "thriving.frontdoor.resident_answer"
LINK_DAYS = 90


def link_token(request: HelpRequest) -> str:
    return signing.dumps(request.reference, salt=SALT)


def answer_path(request: HelpRequest) -> str:
    return reverse("frontdoor:ask-answer", args=[link_token(request)])


def answer_url(request: HelpRequest) -> str:
    return settings.SITE_URL.rstrip("/") + answer_path(request)


def request_of(token: str) -> HelpRequest | None:
    """The request a link is for, or None for a forged, mangled or expired link."""
    try:
        reference = signing.loads(token, salt=SALT, max_age=datetime.timedelta(days=LINK_DAYS))
    except signing.BadSignature:
        return None
    return HelpRequest.objects.filter(reference=reference).first()


def answer_of(request: HelpRequest) -> ResidentAnswer | None:
    return ResidentAnswer.objects.filter(request=request).first()


def email_for(request: HelpRequest) -> str:
    """The address to ask the person at, or "" if we may not email them: they must have given an
    email address and agreed to be contacted about their request by email, either by choosing
    email as the way to contact them when they asked, or by a consent to be contacted that they
    have not withdrawn. A withdrawn consent to be contacted stops it, whatever they chose."""
    person = request.person
    if not person.email:
        return ""
    latest = Consent.objects.filter(person=person, scope=Consent.Scope.CONTACT).order_by("-given_at").first()
    if latest is not None:
        return person.email if latest.is_active else ""
    return person.email if request.contact_method == ContactMethod.EMAIL else ""


def on_status_page(reference: str) -> dict | None:
    """For the status page, once the reference and postcode were checked: for a closed request, the
    link to answer (`link`) or that they have answered (`answered`); None for a request not closed."""
    request = HelpRequest.objects.filter(reference=reference, status=HelpRequest.Status.CLOSED).first()
    if request is None:
        return None
    if ResidentAnswer.objects.filter(request=request).exists():
        return {"answered": True, "link": ""}
    return {"answered": False, "link": answer_path(request)}
