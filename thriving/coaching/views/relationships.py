"""A coaching relationship's pages: starting coaching (from a level-3 front-door request, a
connected team's decision, or a coach's self-referral), its overview, its consent, its coaches,
handing the lead over, and ending it."""

from typing import Any

from django.contrib import messages
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from thriving.coaching.forms import relationships as forms
from thriving.coaching.models import CoachingRelationship
from thriving.coaching.queries import relationships as queries
from thriving.coaching.services import relationships as services
from thriving.coaching.services.common import subject_of
from thriving.core import audit, policy
from thriving.core.access import get_visible_or_404
from thriving.core.views.helpers import answer
from thriving.frontdoor.queries import people as people_queries
from thriving.frontdoor.queries import requests as request_queries
from thriving.frontdoor.queries.for_teams import Level
from thriving.teams.queries import teams as team_queries

Route = CoachingRelationship.Route


def overview_url(relationship: CoachingRelationship) -> str:
    return reverse("coaching:relationship", args=[relationship.uuid])


def _start_context(request: HttpRequest) -> dict[str, Any]:
    """Where the coaching comes from, as the query string says: a request (`request`), a team's
    decision (`team`), or a self-referral; and the person, once found (`q` and `person`)."""
    user = request.user
    found: dict[str, Any] = {"route": Route.SELF, "help_request": None, "team": None, "person": None,
                             "problem": "", "query": request.GET.copy()}
    reference = request.GET.get("request", "").strip()
    slug = request.GET.get("team", "").strip()
    if reference:
        help_request = get_visible_or_404(request_queries.with_history(), user, "work", reference=reference.upper())
        found.update(route=Route.FRONT_DOOR, help_request=help_request, person=help_request.person)
        if help_request.level != Level.EARLY_HELP:
            found["problem"] = (f"Only a request triaged at level 3 ({Level.EARLY_HELP.label[3:]}) is referred to "
                                f"coaching. Triage {help_request.reference} at level 3 first.")
        return found
    if slug:
        team = get_visible_or_404(team_queries.teams_for(user), user, slug=slug)
        found.update(route=Route.TEAM, team=team)
        if not team_queries.is_member(user, team):
            found["problem"] = f"Only a member of {team.name} may start coaching on its decision."
    if found["problem"]:
        return found
    if found["route"] == Route.SELF and not policy.has_role(*services.COACH_ROLES).test(user):
        found["where_to_start"] = True
        return found
    find = forms.FindPersonForm(request.GET or None)
    found["find_form"] = find
    text = find.cleaned_data["q"].strip() if find.is_bound and find.is_valid() else ""
    if text:
        matches = [m.person for m in people_queries.search(user, text).matches]
        chosen = request.GET.get("person", "")
        if chosen:
            person = next((p for p in matches if str(p.uuid) == chosen), None)
            if person is None:
                raise Http404("No such person")
            found["person"] = person
        else:
            found["matches"] = matches
            found["searched"] = text
    return found


@policy.policy("coaching.start")
def start(request: HttpRequest) -> HttpResponse:
    """Start coaching: the person (and, for a family, the household members coached), the
    locality, the lead coach, how often goals are reviewed, and the consent it rests on."""
    user = request.user
    context = _start_context(request)
    person = context["person"]
    if context["problem"]:
        return render(request, "coaching/relationships/start_refused.html", context, status=400)
    if context.get("where_to_start"):
        return render(request, "coaching/relationships/start_refused.html", context)
    if person is None:
        errors = [context["find_form"]] if context["find_form"].errors else []
        return render(request, "coaching/relationships/start_find.html", {**context, "forms_in_error": errors},
                      status=400 if errors else 200)
    household = list(people_queries.household_members(person).select_related("locality")) \
        if person.household_id else []
    route, help_request, team = context["route"], context["help_request"], context["team"]
    form = forms.StartForm(request.POST or None, person=person, household=household, route=route, team=team)

    def page(status: int = 200, form: Any = form, error_message: str = "") -> HttpResponse:
        audit.record(user, "coaching.start_viewed", action=audit.Action.VIEWED, object_type="frontdoor.person",
                     object_id=str(person.uuid), object_label="starting coaching", subject=person.full_name,
                     purpose="starting coaching")
        return render(request, "coaching/relationships/start.html", {
            **context, "form": form, "household": household, "error_message": error_message,
            "forms_in_error": [form] if form.errors else [],
        }, status=status)

    if request.method != "POST":
        return page()

    def act(data: dict[str, Any]) -> CoachingRelationship:
        given = None
        if data["consent"]:
            given = services.Given(data["consent_method"], data["consent_statement"], form.given_by())
        return services.start(
            acting_user=user, person=person, route=route, request=help_request, team=team,
            locality=data["locality"], lead=data["lead"], review_weeks=data["review_weeks"],
            started_on=data["started_on"], kind=data.get("kind") or CoachingRelationship.Kind.PERSON,
            members=form.chosen_members() if household else [], route_note=data["route_note"], consent=given,
            share_with_team=data.get("share_team", False), share_with_referrer=data.get("share_referrer", False))

    def done(relationship: CoachingRelationship) -> HttpResponse:
        messages.success(request, f"Coaching started for {person.full_name}, led by "
                                  f"{services.name_of(_lead_user(relationship))}")
        if policy.can(user, "coaching.view_progress", relationship):
            return redirect(overview_url(relationship))
        if help_request is not None:
            return redirect("frontdoor:request", reference=help_request.reference)
        return redirect("teams:team", slug=team.slug) if team is not None else redirect("core:home")

    return answer(form, act, page=page, done=done)


def _lead_user(relationship: CoachingRelationship) -> Any:
    lead = services.current_lead(relationship)
    return lead.user if lead else None


@policy.policy("coaching.view_progress")
def overview(request: HttpRequest, uuid: Any) -> HttpResponse:
    """The coaching at a glance; its progress only (no notes, no sessions) to the people the
    person agreed to share it with."""
    relationship = get_visible_or_404(queries.shown(), request.user, "view_progress", uuid=uuid)
    found = queries.overview(request.user, relationship, timezone.localdate())
    user = request.user
    return render(request, "coaching/relationships/overview.html", {
        "relationship": relationship, "o": found,
        "may_manage": found.full and policy.can(user, "coaching.manage", relationship),
        "may_change_consent": found.full and (policy.can(user, "coaching.work", relationship)
                                              or policy.can(user, "coaching.manage", relationship)),
        "withdraw_form": forms.WithdrawForm(),
    })


def _after(request: HttpRequest, relationship: CoachingRelationship) -> HttpResponse:
    """Back to the overview, or, for someone who no longer coaches in it, to their caseload."""
    if policy.can(request.user, "coaching.view_progress", relationship):
        return redirect(overview_url(relationship))
    try:
        return redirect(reverse("coaching:caseload"))
    except NoReverseMatch:
        return redirect("core:home")


def _viewed(user: Any, relationship: CoachingRelationship, page: str) -> None:
    audit.record(user, f"coaching.{page}_viewed", relationship, action=audit.Action.VIEWED,
                 subject=subject_of(relationship), purpose="coaching")


def _render(request: HttpRequest, template: str, relationship: CoachingRelationship, context: dict[str, Any],
            status: int = 200, error_message: str = "") -> HttpResponse:
    _viewed(request.user, relationship, template)
    forms_in_error = [f for f in context.values() if isinstance(f, BaseForm) and f.errors]
    return render(request, f"coaching/relationships/{template}.html", {
        "relationship": relationship, "error_message": error_message, "forms_in_error": forms_in_error, **context,
    }, status=status)


def _people(relationship: CoachingRelationship) -> list[Any]:
    return [m.person for m in relationship.members.filter(left_on__isnull=True).select_related("person")]


@policy.policy("coaching.view")
def consent(request: HttpRequest, uuid: Any) -> HttpResponse:
    """The consent the coaching rests on: record more, or withdraw one."""
    user = request.user
    relationship = get_visible_or_404(queries.shown(), user, "view", uuid=uuid)
    people = _people(relationship)
    may_change = policy.can(user, "coaching.work", relationship) or policy.can(user, "coaching.manage", relationship)
    form = forms.ConsentForm(request.POST if "record" in request.POST else None, relationship=relationship,
                             people=people)
    withdraw = forms.WithdrawForm(request.POST if "withdraw" in request.POST else None)

    def page(status: int = 200, form: Any = form, error_message: str = "") -> HttpResponse:
        shown = form if isinstance(form, forms.ConsentForm) else forms.ConsentForm(relationship=relationship,
                                                                                  people=people)
        return _render(request, "consent", relationship, {
            "form": shown, "may_change": may_change, "withdraw_form": forms.WithdrawForm(),
            "consents": list(relationship.consents.select_related("person", "recorded_by", "withdrawn_by")),
        }, status=status, error_message=error_message)

    if request.method != "POST":
        return page()
    policy.require(user, "coaching.work" if policy.can(user, "coaching.work", relationship) else "coaching.manage",
                   relationship)

    def back(message: str) -> Any:
        def done(_: Any) -> HttpResponse:
            messages.success(request, message)
            return redirect("coaching:consent", uuid=relationship.uuid)
        return done

    if withdraw.is_bound:
        def take_back(data: dict[str, Any]) -> Any:
            found = queries.consent_by_uuid(relationship, data["consent"])
            if found is None:
                raise Http404("No such consent")
            return services.withdraw_consent(acting_user=user, consent=found)

        return answer(withdraw, take_back, page=page, done=back("The consent was withdrawn"))

    def record(data: dict[str, Any]) -> Any:
        given = services.Given(data["consent_method"], data["consent_statement"], form.given_by())
        return services.record_consent(acting_user=user, relationship=relationship, scope=data["scope"], given=given)

    return answer(form, record, page=page, done=back("The consent was recorded"))


@policy.policy("coaching.manage")
def coaches(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Who coaches: add a coach from any organisation, or end a coach's part."""
    user = request.user
    relationship = get_visible_or_404(queries.shown(), user, "manage", uuid=uuid)
    current = queries.coaches_of(relationship)
    form = forms.AddCoachForm(request.POST if "add" in request.POST else None, relationship=relationship,
                              current=current)
    end_form = forms.EndCoachForm(request.POST if "end" in request.POST else None)

    def page(status: int = 200, form: Any = form, error_message: str = "") -> HttpResponse:
        shown = form if isinstance(form, forms.AddCoachForm) else forms.AddCoachForm(
            relationship=relationship, current=current)
        return _render(request, "coaches", relationship, {
            "form": shown, "end_form": forms.EndCoachForm(), "current": queries.coaches_of(relationship),
            "past": queries.past_coaches(relationship),
            "active": relationship.status == CoachingRelationship.Status.ACTIVE,
        }, status=status, error_message=error_message)

    if request.method != "POST":
        return page()

    def done(message: str) -> Any:
        def back(coach: Any) -> HttpResponse:
            messages.success(request, message.format(name=services.name_of(coach.user)))
            return redirect("coaching:coaches", uuid=relationship.uuid)
        return back

    if end_form.is_bound:
        def end_part(data: dict[str, Any]) -> Any:
            found = queries.current_coach(relationship, data["coach"])
            if found is None:
                raise Http404("No such coach")
            return services.end_coach(acting_user=user, coach=found)

        return answer(end_form, end_part, page=page, done=done("{name} no longer coaches in this relationship"))
    return answer(form, lambda data: services.add_coach(acting_user=user, relationship=relationship,
                                                        user=data["coach"]),
                  page=page, done=done("{name} was added as a coach"))


@policy.policy("coaching.manage")
def transfer(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Hand the lead to another coach, with a note for them."""
    user = request.user
    relationship = get_visible_or_404(queries.shown(), user, "manage", uuid=uuid)
    lead = services.current_lead(relationship)
    form = forms.TransferForm(request.POST or None, relationship=relationship, lead=lead.user if lead else None,
                              initial={"version": relationship.version})

    def page(status: int = 200, form: Any = form, error_message: str = "") -> HttpResponse:
        relationship.refresh_from_db()
        now_lead = services.current_lead(relationship)
        return _render(request, "transfer", relationship, {"form": form, "lead": now_lead},
                       status=status, error_message=error_message)

    if request.method != "POST":
        return page()

    def done(handover: Any) -> HttpResponse:
        messages.success(request, f"{services.name_of(handover.to_user)} leads the coaching now")
        return _after(request, relationship)

    return answer(form, lambda data: services.transfer(
        acting_user=user, relationship=relationship, version=data["version"], to_user=data["to_user"],
        note=data["note"], keep_old=data["keep_old"]), page=page, done=done)


@policy.policy("coaching.manage")
def end(request: HttpRequest, uuid: Any) -> HttpResponse:
    """End the coaching: why, and a note."""
    user = request.user
    relationship = get_visible_or_404(queries.shown(), user, "manage", uuid=uuid)
    form = forms.EndForm(request.POST or None, initial={"version": relationship.version})

    def page(status: int = 200, form: Any = form, error_message: str = "") -> HttpResponse:
        relationship.refresh_from_db()
        return _render(request, "end", relationship, {"form": form}, status=status, error_message=error_message)

    if request.method != "POST":
        return page()

    def done(_: Any) -> HttpResponse:
        messages.success(request, "The coaching has ended")
        return _after(request, relationship)

    return answer(form, lambda data: services.end(acting_user=user, relationship=relationship,
                                                  version=data["version"], reason=data["reason"], note=data["note"]),
                  page=page, done=done)
