"""Working on requests: the hub's and each locality's queue, and a request's page with triage,
suggested services, referral, the huddle flag, notes, sending information and closing."""

import datetime
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thriving.core import audit, policy
from thriving.directory import needs, search
from thriving.directory.models import Service
from thriving.frontdoor.forms import requests as request_forms
from thriving.frontdoor.models import HelpRequest
from thriving.frontdoor.queries import people as people_queries
from thriving.frontdoor.queries import requests as request_queries
from thriving.frontdoor.queries import suggestions
from thriving.frontdoor.services import people as people_services
from thriving.frontdoor.services import referrals as referral_services
from thriving.frontdoor.services import requests as request_services
from thriving.frontdoor.services.common import Conflict, FrontDoorError

PER_PAGE = 25
URGENCY_ORDER = Case(
    When(urgency=HelpRequest.Urgency.URGENT, then=Value(0)),
    When(urgency=HelpRequest.Urgency.SOON, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _my_localities(user: Any) -> list[search.Place]:
    """The localities whose queues the person works, from the cached snapshot of localities."""
    scoped = request_queries.hub_localities(user)
    places = sorted(search.localities().values(), key=lambda place: place.name)
    return places if scoped is None else [place for place in places if place.id in scoped]


@policy.policy("frontdoor.work_queue")
def queue(request: HttpRequest) -> HttpResponse:
    """Open requests, most urgent and oldest first, filtered by locality, level, need, urgency,
    age and the huddle flag."""
    asked = request.GET.get("locality")
    if asked and asked not in search.localities():
        search.forget_localities()  # a locality added since the snapshot was taken
    if request.GET.get("need") and request.GET["need"] not in needs.index().by_uuid:
        needs.forget()
    localities = _my_localities(request.user)
    form = request_forms.QueueFilterForm(request.GET or None, localities=localities)
    found = request_queries.visible_requests(request.user)
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
        found.annotate(urgency_rank=URGENCY_ORDER)
        .select_related("person", "locality")
        .order_by("urgency_rank", "created_at", "id")
    )
    paginator = Paginator(found, PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    page.elided_range = list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))  # type: ignore[attr-defined]
    rows = list(page.object_list)
    if rows:
        audit.record(request.user, "requests.listed", action=audit.Action.VIEWED, object_type="frontdoor.helprequest",
                     subject=f"{len(rows)} people in the work queue", purpose="work queue",
                     changes={"references": [r.reference for r in rows]})
    return render(request, "frontdoor/work/queue.html", {
        "form": form, "page_obj": page, "rows": rows, "now": timezone.now(),
    }, status=status)


def _request_or_404(user: Any, reference: str) -> HelpRequest:
    found = (
        request_queries.visible_requests(user)
        .select_related("person", "locality", "taken_by", "taken_by_organisation")
        .filter(reference=reference.upper())
        .first()
    )
    if found is None:
        raise Http404("No such request")
    return found


def _page(request: HttpRequest, help_request: HelpRequest, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    can_triage = policy.can(user, "frontdoor.triage")
    consent = people_services.active_share_consent(help_request.person)
    context: dict[str, Any] = {
        "help_request": help_request,
        "person": help_request.person,
        "consent": consent,
        "can_triage": can_triage,
        "can_override": policy.can(user, "frontdoor.override_consent"),
        "can_see_person": policy.can(user, "frontdoor.view_people")
        and people_queries.can_see_person(user, help_request.person),
        "referrals": list(help_request.referrals.select_related("service", "organisation").order_by("created_at")),
        "events": list(help_request.events.select_related("actor")),
        "request_needs": list(help_request.needs.all()),
        "now": timezone.now(),
        "error_message": forms.pop("error_message", ""),
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
            initial={"version": help_request.version, "outcome_level": help_request.level})
        context["reopen_form"] = forms.get("reopen_form") or request_forms.ReopenForm(
            initial={"version": help_request.version})
        context["send_form"] = forms.get("send_form") or request_forms.SendInformationForm(
            services=[s.service for s in found], initial={"email": help_request.person.email})
    context["forms_in_error"] = [f for f in forms.values() if getattr(f, "errors", None)]
    return render(request, "frontdoor/work/request.html", context, status=status)


@policy.policy("frontdoor.view_requests")
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    help_request = _request_or_404(request.user, reference)
    audit.record(request.user, "request.viewed", help_request, action=audit.Action.VIEWED,
                 subject=help_request.person.full_name, purpose="working on the request")
    return _page(request, help_request)


def _back(help_request: HelpRequest, anchor: str = "") -> HttpResponse:
    return redirect(reverse("frontdoor:request", args=[help_request.reference]) + (f"#{anchor}" if anchor else ""))


def _failed(
    request: HttpRequest, help_request: HelpRequest, error: FrontDoorError, **forms: Any
) -> HttpResponse:
    status = 409 if isinstance(error, Conflict) else 400
    help_request.refresh_from_db()
    return _page(request, help_request, status=status, error_message=str(error), **forms)


def _act(
    request: HttpRequest, reference: str, form: Any, key: str, act: Any, anchor: str = ""
) -> HttpResponse:
    """Check the form, take the action, and come back to the request's page; on a mistake or a
    refused change, show the page again with the form as it was typed."""
    help_request = _request_or_404(request.user, reference)
    if not form.is_valid():
        return _page(request, help_request, status=400, **{key: form})
    try:
        act(help_request, form.cleaned_data)
    except FrontDoorError as error:
        return _failed(request, help_request, error, **{key: form})
    return _back(help_request, anchor)


@require_POST
@policy.policy("frontdoor.triage")
def triage(request: HttpRequest, reference: str) -> HttpResponse:
    form = request_forms.TriageForm(request.POST)
    return _act(request, reference, form, "triage_form", lambda r, d: request_services.triage(
        r, user=request.user, version=d["version"], level=d["level"], urgency=d["urgency"],
        need_ids=request_forms.need_ids(d["needs"]), note=d["note"]), "suggestions")


@require_POST
@policy.policy("frontdoor.refer")
def refer(request: HttpRequest, reference: str) -> HttpResponse:
    def act(help_request: HelpRequest, data: dict) -> None:
        service = Service.objects.select_related("organisation").filter(
            uuid=data["service"], status=Service.Status.ACTIVE).first()
        if service is None:
            raise FrontDoorError("That service is not in the directory any more. Choose another.")
        referral_services.refer(help_request, user=request.user, service=service, message=data["message"],
                                override_reason=data["override_reason"])

    form = request_forms.ReferForm(request.POST)
    return _act(request, reference, form, "refer_form", act, "referrals")


@require_POST
@policy.policy("frontdoor.triage")
def huddle(request: HttpRequest, reference: str) -> HttpResponse:
    form = request_forms.HuddleForm(request.POST)
    return _act(request, reference, form, "huddle_form", lambda r, d: request_services.set_huddle(
        r, user=request.user, version=d["version"], flag=d["flag"], reason=d["reason"]))


@require_POST
@policy.policy("frontdoor.triage")
def note(request: HttpRequest, reference: str) -> HttpResponse:
    form = request_forms.NoteForm(request.POST)
    return _act(request, reference, form, "note_form", lambda r, d: request_services.add_note(
        acting_user=request.user, request=r, text=d["text"]), "history")


@require_POST
@policy.policy("frontdoor.triage")
def close(request: HttpRequest, reference: str) -> HttpResponse:
    form = request_forms.CloseForm(request.POST)
    return _act(request, reference, form, "close_form", lambda r, d: request_services.close(
        r, user=request.user, version=d["version"], outcome=d["outcome"], outcome_level=d["outcome_level"],
        reason=d["reason"]))


@require_POST
@policy.policy("frontdoor.triage")
def reopen(request: HttpRequest, reference: str) -> HttpResponse:
    form = request_forms.ReopenForm(request.POST)
    return _act(request, reference, form, "reopen_form", lambda r, d: request_services.reopen(
        r, user=request.user, version=d["version"], reason=d["reason"]))


@require_POST
@policy.policy("frontdoor.triage")
def send_information(request: HttpRequest, reference: str) -> HttpResponse:
    help_request = _request_or_404(request.user, reference)
    offered = [s.service for s in suggestions.suggest(help_request)]

    def act(help_request: HelpRequest, data: dict) -> None:
        chosen = [s for s in offered if str(s.uuid) in set(data["services"])]
        request_services.send_information(help_request, user=request.user, services=chosen, email=data["email"])

    form = request_forms.SendInformationForm(request.POST, services=offered)
    return _act(request, reference, form, "send_form", act, "history")
