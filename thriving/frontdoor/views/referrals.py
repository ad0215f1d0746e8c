"""An organisation's referrals: its queue, and accepting, declining and completing each one."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from thriving.core import audit, policy
from thriving.core.access import get_visible_or_404
from thriving.core.models import Organisation
from thriving.core.queries import page_of
from thriving.core.views.helpers import answer
from thriving.frontdoor.forms import referrals as referral_forms
from thriving.frontdoor.models import Referral, ReferralSettings
from thriving.frontdoor.queries import referrals as referral_queries
from thriving.frontdoor.services import referrals as referral_services

PER_PAGE = 25
SHOWN = {
    "awaiting": [Referral.Status.AWAITING],
    "accepted": [Referral.Status.ACCEPTED],
    "finished": [Referral.Status.DECLINED, Referral.Status.COMPLETED, Referral.Status.WITHDRAWN],
}


@policy.policy("frontdoor.answer_referrals")
def referral_queue(request: HttpRequest) -> HttpResponse:
    """Referrals to the person's organisations: those awaiting an answer first, oldest due first."""
    shown = request.GET.get("show", "awaiting")
    if shown not in SHOWN:
        shown = "awaiting"
    found = referral_queries.referral_queue(request.user).filter(status__in=SHOWN[shown])
    if shown == "finished":
        found = found.order_by("-responded_at", "-id")
    page = page_of(found, request.GET.get("page"), PER_PAGE)
    rows = list(page.object_list)
    if rows:
        audit.record(request.user, "referrals.listed", action=audit.Action.VIEWED, object_type="frontdoor.referral",
                     subject=f"{len(rows)} people in the referral queue", purpose="referral queue",
                     changes={"references": [r.request.reference for r in rows]})
    mine = referral_queries.referral_queue(request.user)
    counts = {key: mine.filter(status__in=value).count() for key, value in SHOWN.items()}
    return render(request, "frontdoor/referrals/queue.html", {
        "page_obj": page, "rows": rows, "shown": shown, "counts": counts, "now": timezone.now(),
    })


def _shown() -> Any:
    """Referrals with what their page shows up front."""
    return Referral.objects.select_related(
        "request", "request__person", "service", "organisation", "consent", "referred_by"
    )


def _page(request: HttpRequest, referral: Referral, status: int = 200, **forms: Any) -> HttpResponse:
    may_answer = policy.can(request.user, "frontdoor.answer_referrals", referral)
    version = {"version": referral.version}
    return render(request, "frontdoor/referrals/referral.html", {
        "referral": referral,
        "help_request": referral.request,
        "person": referral.request.person,
        "request_needs": list(referral.request.needs.all()),
        "may_answer": may_answer,
        "accept_form": forms.get("accept_form") or referral_forms.AcceptForm(initial=version),
        "decline_form": forms.get("decline_form") or referral_forms.DeclineForm(initial=version),
        "complete_form": forms.get("complete_form") or referral_forms.CompleteForm(initial=version),
        "error_message": forms.get("error_message", ""),
        "now": timezone.now(),
    }, status=status)


@policy.policy("frontdoor.answer_referrals")
def referral_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    referral = get_visible_or_404(_shown(), request.user, uuid=uuid)
    audit.record(request.user, "referral.viewed", referral, action=audit.Action.VIEWED,
                 subject=referral.request.person.full_name, purpose="answering a referral",
                 object_label=str(referral))
    return _page(request, referral)


def _answer(request: HttpRequest, uuid: str, form_class: type, key: str, act: Any, done: str) -> HttpResponse:
    """Answer a referral to the person's organisation (404 for any other) and come back to its page
    with `done` in a success banner ("{reference}" in it is the request's reference); on a mistake
    or a refused answer, show its page again (as it is now) with the form as typed."""
    referral = get_visible_or_404(_shown(), request.user, "answer", uuid=uuid)

    def page(status: int, form: Any, error_message: str = "") -> HttpResponse:
        referral.refresh_from_db()
        return _page(request, referral, status=status, error_message=error_message, **{key: form})

    def back(_: Any) -> HttpResponse:
        messages.success(request, done.format(reference=referral.request.reference))
        return redirect("frontdoor:referral", uuid=referral.uuid)

    return answer(form_class(request.POST), lambda data: act(referral, data), page=page, done=back)


@require_POST
@policy.policy("frontdoor.answer_referrals")
def accept(request: HttpRequest, uuid: str) -> HttpResponse:
    return _answer(request, uuid, referral_forms.AcceptForm, "accept_form", lambda r, d: (
        referral_services.accept_referral(acting_user=request.user, referral=r, version=d["version"],
                                          note=d["note"])), "You accepted the referral of {reference}")


@require_POST
@policy.policy("frontdoor.answer_referrals")
def decline(request: HttpRequest, uuid: str) -> HttpResponse:
    return _answer(request, uuid, referral_forms.DeclineForm, "decline_form", lambda r, d: (
        referral_services.decline_referral(acting_user=request.user, referral=r, version=d["version"],
                                           reason=d["reason"], note=d["note"])),
        "You declined the referral of {reference}: it goes back to the hub to find other help")


@require_POST
@policy.policy("frontdoor.answer_referrals")
def complete(request: HttpRequest, uuid: str) -> HttpResponse:
    return _answer(request, uuid, referral_forms.CompleteForm, "complete_form", lambda r, d: (
        referral_services.complete_referral(acting_user=request.user, referral=r, version=d["version"],
                                            note=d["note"])),
        "The referral of {reference} is marked as completed")


@policy.policy("frontdoor.answer_referrals")
def referral_settings(request: HttpRequest) -> HttpResponse:
    """How long the person's organisation has to answer a referral, and where to tell it."""
    organisations = list(
        Organisation.objects.filter(pk__in=policy.organisation_ids(request.user, "organisation_staff")).order_by("name")
    )
    if not organisations:
        raise Http404("You are not on the staff of an organisation")
    organisation = next((o for o in organisations if str(o.uuid) == request.GET.get("organisation")), organisations[0])
    current = ReferralSettings.objects.filter(organisation=organisation).first()
    initial = {
        "response_working_days": (current.response_working_days if current
                                  else referral_services.DEFAULT_RESPONSE_WORKING_DAYS),
        "notify_email": current.notify_email if current else "",
    }
    form = referral_forms.ReferralSettingsForm(request.POST or None, initial=initial)
    saved = False
    if request.method == "POST":
        if form.is_valid():
            referral_services.update_referral_settings(acting_user=request.user, organisation=organisation,
                                                       **form.cleaned_data)
            saved = True
        else:
            return render(request, "frontdoor/referrals/settings.html",
                          {"form": form, "organisation": organisation, "organisations": organisations}, status=400)
    return render(request, "frontdoor/referrals/settings.html",
                  {"form": form, "organisation": organisation, "organisations": organisations, "saved": saved})
