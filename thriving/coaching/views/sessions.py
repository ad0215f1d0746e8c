"""Coaching sessions: recording one (on one short page, fast on a phone), the sessions of a
coaching (newest first, with its next steps, open ones first), one session, and marking a next step
done or open again. Sessions hold coaching notes: only the coaching's coaches and the team leads
over it see them (not those who see progress only), and every view is in the audit trail."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thriving.coaching.forms import sessions as forms
from thriving.coaching.models import CoachingRelationship, CoachingSession, NextStep
from thriving.coaching.queries import sessions as queries
from thriving.coaching.services import sessions as services
from thriving.coaching.services.common import subject_of
from thriving.core import audit, policy
from thriving.core.models import AuditEvent
from thriving.core.queries import page_of
from thriving.core.views.helpers import answer

PER_PAGE = 20


def _viewed(request: HttpRequest, event: str, obj: Any, relationship: CoachingRelationship) -> None:
    audit.record(request.user, event, obj, action=AuditEvent.Action.VIEWED, subject=subject_of(relationship),
                 purpose="coaching")


def _session_form(request: HttpRequest, relationship: CoachingRelationship) -> forms.SessionForm:
    return forms.SessionForm(request.POST or None, relationship=relationship, members=queries.members(relationship),
                             coaches=queries.coaches(relationship), places=list(queries.places(relationship)),
                             acting_user=request.user)


def _after(relationship: CoachingRelationship, session: CoachingSession) -> HttpResponse:
    """To the ratings of a review when goals were reviewed; to the session otherwise."""
    if session.is_review:
        ratings = reverse("coaching:ratings-add", kwargs={"uuid": relationship.uuid})
        return redirect(f"{ratings}?occasion=review&session={session.uuid}")
    return redirect("coaching:session", uuid=relationship.uuid, session_uuid=session.uuid)


@policy.policy("coaching.work")
def session_add(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Record a session: when, where, who was there, what was talked about, and next steps."""
    relationship = queries.relationship(request.user, uuid, "work")
    form = _session_form(request, relationship)

    def page(*, status: int = 200, form: forms.SessionForm = form, error_message: str = "") -> HttpResponse:
        return render(request, "coaching/sessions/add.html", {
            "relationship": relationship, "form": form, "error_message": error_message,
            "forms_in_error": form.in_error(),
        }, status=status)

    if request.method != "POST":
        return page()
    return answer(form, lambda data: services.record_session(
        acting_user=request.user, relationship=relationship, **form.action()),
        page=page, done=lambda session: _after(relationship, session))


def _done_form(step: NextStep, back: str) -> forms.StepDoneForm:
    return forms.StepDoneForm(initial={"version": step.version, "done": "no" if step.done_on else "yes", "next": back})


def _with_forms(steps: list[NextStep], back: str, may_work: bool) -> list[dict[str, Any]]:
    return [{"step": step, "form": _done_form(step, back) if may_work else None} for step in steps]


def _list_page(request: HttpRequest, relationship: CoachingRelationship, *, status: int = 200,
               error_message: str = "") -> HttpResponse:
    may_work = policy.can(request.user, "coaching.work", relationship)
    found = page_of(queries.sessions(request.user, relationship), request.GET.get("page"), PER_PAGE)
    return render(request, "coaching/sessions/list.html", {
        "relationship": relationship, "page_obj": found, "sessions": list(found.object_list),
        "steps": _with_forms(queries.next_steps(request.user, relationship), "sessions", may_work),
        "may_work": may_work, "error_message": error_message, "today": timezone.localdate(),
    }, status=status)


@policy.policy("coaching.view")
def sessions(request: HttpRequest, uuid: Any) -> HttpResponse:
    """The coaching's sessions, newest first, and its next steps, open ones first."""
    relationship = queries.relationship(request.user, uuid)
    _viewed(request, "coaching.sessions_viewed", relationship, relationship)
    return _list_page(request, relationship)


def _session_page(request: HttpRequest, relationship: CoachingRelationship, found: CoachingSession, *,
                  status: int = 200, error_message: str = "") -> HttpResponse:
    may_work = policy.can(request.user, "coaching.work", relationship)
    return render(request, "coaching/sessions/session.html", {
        "relationship": relationship, "session": found, "may_work": may_work, "error_message": error_message,
        "today": timezone.localdate(),
        "steps": _with_forms(sorted(found.next_steps.all(), key=lambda step: (step.done_on is not None, step.due_on)),
                             "session", may_work),
    }, status=status)


@policy.policy("coaching.view")
def session(request: HttpRequest, uuid: Any, session_uuid: Any) -> HttpResponse:
    """One session: when, where, who was there, what was talked about, its next steps."""
    relationship = queries.relationship(request.user, uuid)
    found = queries.session(request.user, relationship, session_uuid)
    _viewed(request, "coaching.session_viewed", found, relationship)
    return _session_page(request, relationship, found)


@require_POST
@policy.policy("coaching.work")
def next_step_done(request: HttpRequest, uuid: Any, step_uuid: Any) -> HttpResponse:
    """Mark a next step done (`done=yes`) or open again (`done=no`), against the version read; back
    to the session (`next=session`) or the sessions. A refusal shows that page again: 409 when
    someone else changed the step first."""
    relationship = queries.relationship(request.user, uuid, "work")
    step = queries.step(request.user, relationship, step_uuid)
    form = forms.StepDoneForm(request.POST)
    back = request.POST.get("next", "")
    on_session = back == "session" and step.session is not None

    def page(*, status: int, form: Any, error_message: str = "") -> HttpResponse:
        message = error_message or "Something went wrong with that next step. Try again."
        if on_session:
            found = queries.session(request.user, relationship, step.session.uuid)  # type: ignore[union-attr]
            _viewed(request, "coaching.session_viewed", found, relationship)
            return _session_page(request, relationship, found, status=status, error_message=message)
        _viewed(request, "coaching.sessions_viewed", relationship, relationship)
        return _list_page(request, relationship, status=status, error_message=message)

    def act(data: dict[str, Any]) -> NextStep:
        change = services.complete_step if data["done"] == "yes" else services.reopen_step
        return change(acting_user=request.user, step=step, version=data["version"])

    def done(_: Any) -> HttpResponse:
        if on_session:
            return redirect("coaching:session", uuid=relationship.uuid, session_uuid=step.session.uuid)  # type: ignore
        return redirect("coaching:sessions", uuid=relationship.uuid)

    return answer(form, act, page=page, done=done)
