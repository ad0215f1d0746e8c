"""API operations of the front door: help requests, triage and referrals.

Every operation needs a signed-in member of staff and uses the session of the web service; those
that change something also need the session's CSRF token (the `X-CSRFToken` header). Lists carry
no personal data; reading one request does, and writes an entry in the audit trail. Requests and
referrals are fetched through the same scopes as the pages (`get_visible_or_404`: a request or a
referral the caller may not see is not found, 404) and read through `thriving.frontdoor.queries`;
every change goes through `thriving.frontdoor.services`. The schemas are in
`thriving.api.frontdoor_schemas`.
"""

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import Query, Status
from ninja.security import APIKeyCookie
from ninja.utils import check_csrf

from thriving.api.base import api, operation_policy, paged, problem
from thriving.api.frontdoor_schemas import (
    AcceptIn,
    DeclineIn,
    ReferralFilters,
    ReferralOut,
    ReferralPage,
    RequestFilters,
    RequestIn,
    RequestOut,
    RequestPage,
    TriageIn,
)
from thriving.api.openapi import problems
from thriving.core import audit, policy
from thriving.core.access import get_visible_or_404
from thriving.core.conflicts import ActionRefused, Conflict
from thriving.directory.queries import needs as directory_needs
from thriving.frontdoor.policy import WORKER_ROLES
from thriving.frontdoor.queries import referrals as referral_queries
from thriving.frontdoor.queries import requests as queries
from thriving.frontdoor.services import common, referrals, requests
from thriving.frontdoor.services.common import REFERRAL_CHANGED, REQUEST_CHANGED

TAGS = ["front door"]


# ---------------------------------------------------------------------------------------------
# Helpers


class CsrfFailed(PermissionDenied):
    """A change sent with the session's cookie but without the session's CSRF token."""


class StaffSession(APIKeyCookie):
    """The session of a signed-in member of staff, checked before the body is read: not signed in
    is 401, a role without the operation's policy 403, and a change without the CSRF token 403."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self, action: str) -> None:
        self.action = action
        super().__init__(csrf=False)

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None
        policy.require(user, self.action)
        if request.method not in ("GET", "HEAD", "OPTIONS") and check_csrf(request) is not None:
            raise CsrfFailed(self.action)
        return user


@api.exception_handler(CsrfFailed)
def csrf_failed(request: HttpRequest, exc: CsrfFailed) -> HttpResponse:
    return problem(request, 403, "CSRF check failed", "Send the CSRF token of your session in the X-CSRFToken header.")


def refused_change(request: HttpRequest, error: ActionRefused) -> HttpResponse:
    if isinstance(error, Conflict):
        return problem(request, 409, "Changed by someone else", str(error))
    if isinstance(error, common.ConsentMissing):
        return problem(request, 422, "Consent missing", str(error))
    return problem(request, 422, "This change cannot be made", str(error))


def _need_ids(uuids: list[uuid.UUID]) -> list[int]:
    """The ids of the needs named by their public ids (the schemas checked that each exists)."""
    return list(directory_needs.need_ids_by_uuid(uuids).values())


def _need(term: Any) -> dict:
    return {"id": str(term.uuid), "code": term.code, "name": term.name}


def _summary(request: Any) -> dict:
    return {
        "reference": request.reference,
        "status": request.status,
        "level": request.level,
        "urgency": request.urgency,
        "bring_to_huddle": request.bring_to_huddle,
        "channel": request.channel,
        "locality": {"slug": request.locality.slug, "name": request.locality.name} if request.locality else None,
        "needs": [_need(term) for term in request.needs.all()],
        "created_at": request.created_at,
        "version": request.version,
    }


def _detail(request: Any) -> dict:
    person = request.person
    return {
        **_summary(request),
        "person": {"id": str(person.uuid), "name": person.full_name},
        "description": request.description,
        "postcode": request.postcode,
        "immediate_risk": request.immediate_risk,
        "contact_method": request.contact_method,
        "outcome": request.outcome,
        "outcome_level": request.outcome_level,
        "triaged_at": request.triaged_at,
        "closed_at": request.closed_at,
        "referrals": [
            {
                "id": str(referral.uuid),
                "service": {"id": str(referral.service.uuid), "name": referral.service.name},
                "organisation": {"id": str(referral.organisation.uuid), "name": referral.organisation.name},
                "status": referral.status,
                "message": referral.message,
                "created_at": referral.created_at,
                "due_by": referral.due_by,
            }
            for referral in request.referrals.all()
        ],
        "events": [
            {
                "kind": event.kind,
                "label": event.get_kind_display(),
                "text": event.text,
                "at": event.at,
                "by": (event.actor.full_name or event.actor.email) if event.actor else None,
            }
            for event in request.events.all()
        ],
    }


def _referral(referral: Any) -> dict:
    return {
        "id": str(referral.uuid),
        "request": referral.request.reference,
        "service": {"id": str(referral.service.uuid), "name": referral.service.name},
        "organisation": {"id": str(referral.organisation.uuid), "name": referral.organisation.name},
        "status": referral.status,
        "created_at": referral.created_at,
        "due_by": referral.due_by,
        "overdue": referral.is_overdue,
        "responded_at": referral.responded_at,
        "decline_reason": referral.decline_reason or None,
        "decline_note": referral.decline_note,
        "version": referral.version,
    }


def _organisation_of(user: Any) -> Any:
    """The organisation a worker takes requests for: that of their first worker membership."""
    for membership in policy.memberships(user):
        if membership.role in WORKER_ROLES and membership.organisation is not None:
            return membership.organisation
    return None


# ---------------------------------------------------------------------------------------------
# Requests


@api.get(
    "/requests",
    response={200: RequestPage, **problems(404)},
    tags=TAGS,
    summary="Requests you may see",
    description=(
        "Newest first. Hub workers see the requests in their localities (and those with no locality); "
        "organisation staff see those referred to their organisation and those they took."
    ),
    auth=StaffSession("frontdoor.view_requests"),
)
@operation_policy("frontdoor.view_requests")
def list_requests(request: HttpRequest, filters: Query[RequestFilters]) -> dict:
    found = queries.visible_requests(request.user)
    status, level, locality, need, urgency, huddle = (
        filters.status, filters.level, filters.locality, filters.need, filters.urgency, filters.huddle
    )
    if status:
        found = found.filter(status=status)
    if level:
        found = found.filter(level=level)
    if locality:
        found = found.filter(locality__slug=locality)
    if need:
        found = found.filter(needs__uuid=need)
    if urgency:
        found = found.filter(urgency=urgency)
    if huddle is not None:
        found = found.filter(bring_to_huddle=huddle)
    found = found.select_related("locality").prefetch_related("needs")
    items, total = paged(found, filters.page, filters.per_page)
    return {"items": [_summary(item) for item in items], "total": total, "page": filters.page,
            "per_page": filters.per_page}


@api.post(
    "/requests",
    response={200: RequestOut, 201: RequestOut, **problems(409)},
    tags=TAGS,
    summary="Take a request for someone",
    description=(
        "Any worker may take a request by phone or in person (no wrong door). Answers 201 with the new "
        "request, or 200 with the first one when the same `submission_key` is sent again. Every invalid "
        "field is listed at once in a 422 problem; nothing is saved unless all is well."
    ),
    auth=StaffSession("frontdoor.take_request"),
)
@operation_policy("frontdoor.take_request")
def take_request(request: HttpRequest, payload: RequestIn) -> Any:
    user = request.user
    person = payload.person
    new = requests.NewRequest(
        description=payload.description,
        person_details={
            "given_name": person.given_name,
            "family_name": person.family_name,
            "date_of_birth": person.date_of_birth,
            "email": person.email,
            "phone": person.phone,
            "address": person.address,
            "language": person.language,
            "contact_notes": person.contact_notes,
            "postcode": payload.postcode,
        },
        need_ids=_need_ids(payload.needs),
        postcode=payload.postcode,
        contact_method=payload.contact_method or "",
        contact_times=payload.contact_times,
        asked_by=payload.asked_by,
        asker_name=payload.asker_name,
        asker_contact=payload.asker_contact,
        asker_relationship=payload.asker_relationship,
        immediate_risk=payload.immediate_risk,
        channel=payload.channel,
        urgency=payload.urgency,
        consent_method=payload.consent_method or "",
        submission_key=payload.submission_key,
        taken_by_organisation=_organisation_of(user),
    )
    try:
        made, created = requests.create_request(new, acting_user=user)
    except ActionRefused as error:
        return refused_change(request, error)
    if not created and not queries.visible_requests(user).filter(pk=made.pk).exists():
        return problem(request, 409, "Submission key already used",
                       "This submission_key belongs to another request. Send a new one.")
    return Status(201 if created else 200, _detail(get_visible_or_404(queries.with_history(), user, pk=made.pk)))


@api.get(
    "/requests/{reference}",
    response={200: RequestOut, **problems(404)},
    tags=TAGS,
    summary="One request, with its history",
    description="Reading a request is recorded in the audit trail. A request you may not see is not found (404).",
    auth=StaffSession("frontdoor.view_requests"),
)
@operation_policy("frontdoor.view_requests")
def get_request(request: HttpRequest, reference: str) -> dict:
    found = get_visible_or_404(queries.with_history(), request.user, reference=reference.upper())
    audit.record(request.user, "request.viewed", found, action=audit.Action.VIEWED,
                 subject=found.person.full_name, purpose="api")
    return _detail(found)


@api.post(
    "/requests/{reference}/triage",
    response={200: RequestOut, **problems(404, 409)},
    tags=TAGS,
    summary="Triage a request on the Hierarchy of Help",
    description="Send the `version` you read; if someone changed the request since, the answer is 409.",
    auth=StaffSession("frontdoor.triage"),
)
@operation_policy("frontdoor.triage")
def triage_request(request: HttpRequest, reference: str, payload: TriageIn) -> Any:
    found = get_visible_or_404(queries.with_history(), request.user, "work", reference=reference.upper())
    if found.version != payload.version:
        return refused_change(request, Conflict(REQUEST_CHANGED))
    try:
        requests.triage(acting_user=request.user, request=found, version=payload.version, level=payload.level,
                        urgency=payload.urgency, need_ids=_need_ids(payload.needs), note=payload.note.strip())
    except ActionRefused as error:
        return refused_change(request, error)
    return _detail(get_visible_or_404(queries.with_history(), request.user, reference=reference.upper()))


# ---------------------------------------------------------------------------------------------
# Referrals


@api.get(
    "/referrals",
    response={200: ReferralPage, **problems(404)},
    tags=TAGS,
    summary="Referrals to your organisation",
    description="Those due soonest first.",
    auth=StaffSession("frontdoor.answer_referrals"),
)
@operation_policy("frontdoor.answer_referrals")
def list_referrals(request: HttpRequest, filters: Query[ReferralFilters]) -> dict:
    found = referral_queries.referral_queue(request.user)
    if filters.status:
        found = found.filter(status=filters.status)
    items, total = paged(found, filters.page, filters.per_page)
    return {"items": [_referral(item) for item in items], "total": total, "page": filters.page,
            "per_page": filters.per_page}


def _answer(request: HttpRequest, referral_id: uuid.UUID, version: int, act: Any) -> Any:
    """Answer a referral to the caller's organisation (any other is not found, 404), refusing an
    answer to an old version (409)."""
    referral = get_visible_or_404(referral_queries.to_answer(), request.user, "answer", uuid=referral_id)
    if referral.version != version:
        return refused_change(request, Conflict(REFERRAL_CHANGED))
    try:
        act(referral)
    except ActionRefused as error:
        return refused_change(request, error)
    return _referral(referral)


@api.post(
    "/referrals/{referral_id}/accept",
    response={200: ReferralOut, **problems(404, 409)},
    tags=TAGS,
    summary="Accept a referral",
    description="Send the `version` you read; if the referral was answered since, the answer is 409.",
    auth=StaffSession("frontdoor.answer_referrals"),
)
@operation_policy("frontdoor.answer_referrals")
def accept_referral(request: HttpRequest, referral_id: uuid.UUID, payload: AcceptIn) -> Any:
    return _answer(request, referral_id, payload.version, lambda referral: referrals.accept_referral(
        acting_user=request.user, referral=referral, version=payload.version, note=payload.note.strip()))


@api.post(
    "/referrals/{referral_id}/decline",
    response={200: ReferralOut, **problems(404, 409)},
    tags=TAGS,
    summary="Decline a referral, with a reason",
    description="When nobody else has the request, it goes back to the hub (triaged).",
    auth=StaffSession("frontdoor.answer_referrals"),
)
@operation_policy("frontdoor.answer_referrals")
def decline_referral(request: HttpRequest, referral_id: uuid.UUID, payload: DeclineIn) -> Any:
    return _answer(request, referral_id, payload.version, lambda referral: referrals.decline_referral(
        acting_user=request.user, referral=referral, version=payload.version, reason=payload.reason,
        note=payload.note.strip()))
