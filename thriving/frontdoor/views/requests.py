"""Working on requests: the hub's and each locality's queue, and a request's page with triage,
suggested services, referral, the huddle flag, notes, sending information and closing."""

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thriving.core import audit, policy
from thriving.core.access import get_visible_or_404
from thriving.core.queries import page_of
from thriving.core.views.helpers import answer
from thriving.directory import search
from thriving.directory.queries import needs
from thriving.directory.queries import public as directory
from thriving.frontdoor import hooks
from thriving.frontdoor import policy as frontdoor_policy
from thriving.frontdoor.feedback import queries as feedback
from thriving.frontdoor.forms import locality as locality_forms
from thriving.frontdoor.forms import requests as request_forms
from thriving.frontdoor.models import HelpRequest, Person
from thriving.frontdoor.queries import suggestions
from thriving.frontdoor.services import people as people_services
from thriving.frontdoor.services import referrals as referral_services
from thriving.frontdoor.services import requests as request_services
from thriving.frontdoor.services.common import FrontDoorError
from thriving.frontdoor.views import safeguarding

PER_PAGE = 25
URGENCY_ORDER = Case(
    When(urgency=HelpRequest.Urgency.URGENT, then=Value(0)),
    When(urgency=HelpRequest.Urgency.SOON, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
# Urgent requests at the very top, then the new ones nobody has triaged yet, then the rest.
QUEUE_ORDER = Case(
    When(urgency=HelpRequest.Urgency.URGENT, then=Value(0)),
    When(status=HelpRequest.Status.NEW, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _my_localities(user: Any) -> list[search.Place]:
    """The localities whose queues the person works, from the cached snapshot of localities."""
    scoped = frontdoor_policy.hub_localities(user)
    places = sorted(search.localities().values(), key=lambda place: place.name)
    return places if scoped is None else [place for place in places if place.id in scoped]


@policy.policy("frontdoor.work_queue")
def queue(request: HttpRequest) -> HttpResponse:
    """Open requests: urgent ones at the very top, then new ones not triaged yet, then the rest;
    within each, the more urgent and the oldest first. Filtered by locality, level, need, urgency,
    age and the huddle flag."""
    asked = request.GET.get("locality")
    if asked and asked not in search.localities():
        search.forget_localities()  # a locality added since the snapshot was taken
    if request.GET.get("need") and request.GET["need"] not in needs.index().by_uuid:
        needs.forget()
    localities = _my_localities(request.user)
    form = request_forms.QueueFilterForm(request.GET or None, localities=localities)
    found = HelpRequest.objects.visible_to(request.user)
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
        found = found.none()
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if data.get("locality"):
        found = found.filter(locality__slug=data["locality"])
    if data.get("status"):
        found = found.filter(status=data["status"])
    else:
        found = found.exclude(status=HelpRequest.Status.CLOSED)
    if data.get("level") is not None:
        found = found.filter(level__isnull=True) if data["level"] == 0 else found.filter(level=data["level"])
    if data.get("need"):
        found = found.filter(needs__in=needs.descendant_ids(data["need"])).distinct()
    if data.get("urgency"):
        found = found.filter(urgency=data["urgency"])
    if data.get("age") is not None:
        found = found.filter(created_at__lte=timezone.now() - datetime.timedelta(days=data["age"]))
    if data.get("huddle"):
        found = found.filter(bring_to_huddle=True)
    found = (
        found.annotate(queue_rank=QUEUE_ORDER, urgency_rank=URGENCY_ORDER)
        .select_related("person", "locality")
        .order_by("queue_rank", "urgency_rank", "created_at", "id")
    )
    page = page_of(found, request.GET.get("page"), PER_PAGE)
    rows = list(page.object_list)
    if rows:
        audit.record(request.user, "requests.listed", action=audit.Action.VIEWED, object_type="frontdoor.helprequest",
                     subject=f"{len(rows)} people in the work queue", purpose="work queue",
                     changes={"references": [r.reference for r in rows]})
    return render(request, "frontdoor/work/queue.html", {
        "form": form, "page_obj": page, "rows": rows, "now": timezone.now(),
    }, status=status)


def _shown() -> Any:
    """Requests with what their page shows up front."""
    return HelpRequest.objects.select_related("person", "locality", "taken_by", "taken_by_organisation",
                                              "local_authority", "nearest_locality__local_authority")


def _page(request: HttpRequest, help_request: HelpRequest, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    can_triage = policy.can(user, "frontdoor.triage", help_request)
    consent = people_services.active_share_consent(help_request.person)
    context: dict[str, Any] = {
        "help_request": help_request,
        "person": help_request.person,
        "consent": consent,
        "can_triage": can_triage,
        "can_override": policy.can(user, "frontdoor.override_consent"),
        "can_see_person": policy.can(user, "frontdoor.view_people")
        and Person.objects.visible_to(user).filter(pk=help_request.person_id).exists(),
        "referrals": list(help_request.referrals.select_related("service", "organisation").order_by("created_at")),
        "events": list(help_request.events.select_related("actor")),
        "request_needs": list(help_request.needs.all()),
        "now": timezone.now(),
        "error_message": forms.pop("error_message", ""),
        "resident_answer": feedback.answer_of(help_request),
        "hook_links": hooks.request_links(help_request, user),  # links other apps add (frontdoor/hooks.py)
    }
    if can_triage:
        found = suggestions.suggest(help_request)
        context["suggestions"] = found
        context["triage_form"] = forms.get("triage_form") or request_forms.TriageForm(initial={
            "version": help_request.version,
            "level": help_request.level,
            "urgency": help_request.urgency,
            "needs": [str(n.uuid) for n in context["request_needs"]],
        })
        context["refer_form"] = forms.get("refer_form") or request_forms.ReferForm()
        context["huddle_form"] = forms.get("huddle_form") or request_forms.HuddleForm(
            initial={"version": help_request.version, "flag": not help_request.bring_to_huddle})
        context["note_form"] = forms.get("note_form") or request_forms.NoteForm()
        context["close_form"] = forms.get("close_form") or request_forms.CloseForm(
            initial={"version": help_request.version, "outcome_level": help_request.level},
            resident_email=feedback.email_for(help_request))
        context["reopen_form"] = forms.get("reopen_form") or request_forms.ReopenForm(
            initial={"version": help_request.version})
        context["send_form"] = forms.get("send_form") or request_forms.SendInformationForm(
            services=found.services, initial={"email": help_request.person.email})
        context.update(locality_forms.locality_context(help_request, forms.get("locality_form")))
    context.update(safeguarding.page_context(user, help_request, forms.get("concern_form")))
    context["forms_in_error"] = [f for f in forms.values() if getattr(f, "errors", None)]
    return render(request, "frontdoor/work/request.html", context, status=status)


@policy.policy("frontdoor.view_requests")
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    help_request = get_visible_or_404(_shown(), request.user, reference=reference.upper())
    audit.record(request.user, "request.viewed", help_request, action=audit.Action.VIEWED,
                 subject=help_request.person.full_name, purpose="working on the request")
    return _page(request, help_request)


def _back(help_request: HelpRequest, anchor: str = "") -> HttpResponse:
    return redirect(reverse("frontdoor:request", args=[help_request.reference]) + (f"#{anchor}" if anchor else ""))


Done = str | Callable[[HelpRequest, dict], str]


def _act(
    request: HttpRequest, reference: str, form: Any, key: str, act: Any, anchor: str = "", *,
    done: Done = "The change was saved",
) -> HttpResponse:
    """Check the form, take the action on a request the person works on, and come back to the
    request's page with `done` (the words, or a function of the request and what the form cleaned
    giving them) in a success banner; on a mistake or a refused change, show the page again (as the
    request is now) with the form as it was typed."""
    help_request = get_visible_or_404(_shown(), request.user, "work", reference=reference.upper())

    def page(status: int, form: Any, error_message: str = "") -> HttpResponse:
        help_request.refresh_from_db()
        return _page(request, help_request, status=status, error_message=error_message, **{key: form})

    def back(_: Any) -> HttpResponse:
        messages.success(request, done if isinstance(done, str) else done(help_request, form.cleaned_data))
        return _back(help_request, anchor)

    return answer(form, lambda data: act(help_request, data), page=page, done=back)


@require_POST
@policy.policy("frontdoor.triage")
def triage(request: HttpRequest, reference: str) -> HttpResponse:
    form = request_forms.TriageForm(request.POST)
    return _act(request, reference, form, "triage_form", lambda r, d: request_services.triage(
        acting_user=request.user, request=r, version=d["version"], level=d["level"], urgency=d["urgency"],
        need_ids=request_forms.need_ids(d["needs"]), note=d["note"]), "suggestions",
        done=lambda r, d: f"{r.reference} was triaged at level {d['level']}")


@require_POST
@policy.policy("frontdoor.refer")
def refer(request: HttpRequest, reference: str) -> HttpResponse:
    def act(help_request: HelpRequest, data: dict) -> None:
        service = directory.active_service(data["service"])
        if service is None:
            raise FrontDoorError("That service is not in the directory any more. Choose another.")
        referral_services.refer(acting_user=request.user, request=help_request, service=service,
                                message=data["message"], override_reason=data["override_reason"])

    def referred(help_request: HelpRequest, data: dict) -> str:
        service = directory.active_service(data["service"])
        return f"{help_request.reference} was referred to {service.name if service else 'the service'}"

    form = request_forms.ReferForm(request.POST)
    return _act(request, reference, form, "refer_form", act, "referrals", done=referred)


@require_POST
@policy.policy("frontdoor.triage")
def huddle(request: HttpRequest, reference: str) -> HttpResponse:
    form = request_forms.HuddleForm(request.POST)
    return _act(request, reference, form, "huddle_form", lambda r, d: request_services.set_huddle(
        acting_user=request.user, request=r, version=d["version"], flag=d["flag"], reason=d["reason"]),
        done=lambda r, d: f"{r.reference} will be brought to the huddle" if d["flag"]
        else f"{r.reference} was taken off the huddle agenda")


@require_POST
@policy.policy("frontdoor.triage")
def note(request: HttpRequest, reference: str) -> HttpResponse:
    form = request_forms.NoteForm(request.POST)
    return _act(request, reference, form, "note_form", lambda r, d: request_services.add_note(
        acting_user=request.user, request=r, text=d["text"]), "history", done="The note was added")


@require_POST
@policy.policy("frontdoor.triage")
def close(request: HttpRequest, reference: str) -> HttpResponse:
    form = request_forms.CloseForm(request.POST)
    return _act(request, reference, form, "close_form", lambda r, d: request_services.close(
        acting_user=request.user, request=r, version=d["version"], outcome=d["outcome"],
        outcome_level=d["outcome_level"], reason=d["reason"], ask_resident=d["ask_resident"]),
        done=lambda r, d: f"{r.reference} was closed")


@require_POST
@policy.policy("frontdoor.triage")
def reopen(request: HttpRequest, reference: str) -> HttpResponse:
    form = request_forms.ReopenForm(request.POST)
    return _act(request, reference, form, "reopen_form", lambda r, d: request_services.reopen(
        acting_user=request.user, request=r, version=d["version"], reason=d["reason"]),
        done=lambda r, d: f"{r.reference} was reopened")


@require_POST
@policy.policy("frontdoor.triage")
def send_information(request: HttpRequest, reference: str) -> HttpResponse:
    help_request = get_visible_or_404(_shown(), request.user, "work", reference=reference.upper())
    offered = suggestions.suggest(help_request).services

    def act(help_request: HelpRequest, data: dict) -> None:
        chosen = [s for s in offered if str(s.uuid) in set(data["services"])]
        request_services.send_information(acting_user=request.user, request=help_request, services=chosen,
                                          email=data["email"])

    form = request_forms.SendInformationForm(request.POST, services=offered)
    return _act(request, reference, form, "send_form", act, "history",
                done=lambda r, d: f"The information was sent to {d['email']}")
