"""Staff intake: any worker of any organisation takes a request by phone, in person, by email or
from a partner, and records it for the person, noting how consent to share was given.

Likely existing records are offered before a new one is made, looked for among everyone (the
Person "match" scope, beyond the worker's own) and recorded in the audit trail; the page keeps
everything typed while the worker chooses. A hidden submission key makes a double submit harmless.
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from thriving.core import policy
from thriving.frontdoor.forms import intake as forms
from thriving.frontdoor.models import HelpRequest, Person
from thriving.frontdoor.queries import people as people_queries
from thriving.frontdoor.queries import requests as request_queries
from thriving.frontdoor.services import requests as request_services

NEW_PERSON = "new"


def _organisation(user: Any) -> Any:
    """The organisation the worker takes requests for: their first membership that names one."""
    for membership in policy.memberships(user):
        if membership.organisation_id is not None:
            return membership.organisation
    return None


def _after(request: HttpRequest, help_request: HelpRequest) -> HttpResponse:
    if HelpRequest.objects.visible_to(request.user).filter(pk=help_request.pk).exists():
        return redirect(reverse("frontdoor:request", args=[help_request.reference]))
    return redirect(reverse("frontdoor:intake-done", args=[help_request.reference]))


@policy.policy("frontdoor.take_request")
def intake(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method != "POST":
        context: dict[str, Any] = {"form": forms.IntakeForm(), "share_statement": request_services.SHARE_STATEMENT}
        return render(request, "frontdoor/intake/intake.html", context)
    form = forms.IntakeForm(request.POST)
    context = {"form": form, "share_statement": request_services.SHARE_STATEMENT}
    if not form.is_valid():
        return render(request, "frontdoor/intake/intake.html", context, status=400)
    key = form.cleaned_data["submission_key"]
    already = request_queries.by_submission_key(key)
    if already is not None:
        # The same form sent twice: the request was made the first time.
        return _after(request, already)
    choice = request.POST.get("use_person", "").strip()
    person: Person | None = None
    if choice and choice != NEW_PERSON:
        person = people_queries.chosen_match(user, form.person_details(), choice)
        if person is None:
            context["choice_error"] = "Choose one of the people listed, or that this is someone new"
    if not choice or context.get("choice_error"):
        offered = people_queries.offer_matches(user, form.person_details())
        if offered:
            context.update(offered=offered, chosen=choice)
            return render(request, "frontdoor/intake/intake.html", context,
                          status=400 if context.get("choice_error") else 200)
    data = form.cleaned_data
    new = request_services.NewRequest(
        description=data["description"],
        person=person,
        person_details=None if person else form.person_details(),
        need_ids=form.need_ids(),
        postcode=data["postcode"],
        contact_method=data["preferred_contact"],
        contact_times=data["contact_times"],
        asked_by=data["asked_by"],
        asker_name=data["asker_name"] if data["asked_by"] != HelpRequest.Asker.SELF else "",
        asker_contact=data["asker_contact"] if data["asked_by"] != HelpRequest.Asker.SELF else "",
        asker_relationship=data["asker_relationship"] if data["asked_by"] != HelpRequest.Asker.SELF else "",
        immediate_risk=data["immediate_risk"],
        channel=data["channel"],
        consent_method=form.consent_method(),
        submission_key=key,
        taken_by_organisation=_organisation(user),
    )
    help_request, _ = request_services.create_request(new, acting_user=user)
    return _after(request, help_request)


@policy.policy("frontdoor.take_request")
def intake_done(request: HttpRequest, reference: str) -> HttpResponse:
    """The reference of a request the worker took, for when they cannot open the request itself."""
    found = request_queries.taken_by(request.user, reference)
    if found is None:
        raise Http404("No such request")
    return render(request, "frontdoor/intake/done.html", {"reference": found.reference})
