"""People: search, a person's record, their details, consent, safeguarding notes, and merging
duplicate records (their household is in `views/households.py`).

A person is reached only through the Person scopes of `thriving.frontdoor.policy`, with
`get_visible_or_404` ("view" to read their record, "change" to change it; 404 otherwise). The
address of a record merged into another leads to the record that was kept. Every view of a
person's record is written to the audit trail.
"""

from typing import Any

from django.contrib import messages
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from thriving.core import policy
from thriving.core.access import get_visible_or_404
from thriving.core.conflicts import ActionRefused, Conflict
from thriving.core.queries import page_of
from thriving.core.views.helpers import status_of
from thriving.frontdoor.forms import people as forms
from thriving.frontdoor.models import Consent, HelpRequest, Person
from thriving.frontdoor.queries import matching
from thriving.frontdoor.queries import people as people_queries
from thriving.frontdoor.services import people as people_services
from thriving.frontdoor.services import requests as request_services

PER_PAGE = 20
REQUESTS_SHOWN = 50
SEE_PERSON = "frontdoor.view_requests"  # any worker; which people: the Person scopes


def people_shown() -> QuerySet[Person]:
    """People with what their pages show up front. Fetch one with
    `get_visible_or_404(people_shown(), user, action, uuid=people_queries.kept_record(uuid))`."""
    return Person.objects.select_related("household", "locality")


def person_url(person: Person) -> str:
    return reverse("frontdoor:person", args=[person.uuid])


# --- Search ------------------------------------------------------------------------------------------


@policy.policy("frontdoor.view_people")
def search(request: HttpRequest) -> HttpResponse:
    form = forms.PersonSearchForm(request.GET if request.GET else None)
    context: dict[str, Any] = {"form": form, "searched": False}
    status = 200
    if form.is_bound:
        if form.is_valid() and (form.cleaned_data["q"].strip() or form.cleaned_data["dob"]):
            result = people_queries.search(request.user, form.cleaned_data["q"], form.cleaned_data["dob"])
            page = page_of(result.matches, request.GET.get("page"), PER_PAGE)
            context.update(searched=True, page_obj=page, query=result.query)
        elif not form.is_valid():
            status = 400
    return render(request, "frontdoor/people/search.html", context, status=status)


# --- A person's record -------------------------------------------------------------------------------


@policy.policy(SEE_PERSON)
def person_detail(request: HttpRequest, uuid: Any) -> HttpResponse:
    person = get_visible_or_404(people_shown(), request.user, uuid=people_queries.kept_record(uuid))
    if str(person.uuid) != str(uuid):
        # A record merged into another: its address leads to the record that was kept.
        return redirect(person_url(person))
    user = request.user
    sees_safeguarding = policy.can(user, "frontdoor.view_safeguarding")
    visible_requests = HelpRequest.objects.visible_to(user).filter(person=person).order_by("-created_at")
    consents = Consent.objects.filter(person=person).select_related("recorded_by", "withdrawn_by", "request")
    members = list(people_queries.household_members(person).only(
        "uuid", "given_name", "family_name", "date_of_birth", "household_relationship", "household_id"
    ))
    visible_members = set(Person.objects.visible_to(user).filter(pk__in=[m.pk for m in members])
                          .values_list("pk", flat=True)) if members else set()
    for member in members:
        member.visible = member.pk in visible_members  # type: ignore[attr-defined]
    shown = list(visible_requests.prefetch_related(Prefetch("needs"))[:REQUESTS_SHOWN])
    seen = len(shown) if len(shown) < REQUESTS_SHOWN else visible_requests.count()
    context = {
        "person": person,
        "requests": shown,
        "hidden_requests": HelpRequest.objects.filter(person=person).count() - seen,
        "consents": list(consents),
        "members": members,
        "sees_safeguarding": sees_safeguarding,
        "notes": list(person.safeguarding_notes.select_related("created_by")) if sees_safeguarding else [],
        "may_merge": policy.can(user, "frontdoor.merge_people"),
        "merged_from": list(person.merged_from.only("uuid", "given_name", "family_name")),
    }
    people_queries.record_view(user, person, safeguarding=sees_safeguarding)
    return render(request, "frontdoor/people/person.html", context)


@policy.policy(SEE_PERSON)
def person_edit(request: HttpRequest, uuid: Any) -> HttpResponse:
    person = get_visible_or_404(people_shown(), request.user, "change", uuid=people_queries.kept_record(uuid))
    if request.method == "POST":
        form = forms.PersonDetailsForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                people_services.update_person(acting_user=request.user, person=person,
                                              version=form.cleaned_data["version"], **form.details())
            except Conflict as conflict:
                form.add_error(None, str(conflict))
                status = 409
            else:
                messages.success(request, f"{person.full_name}'s details were saved")
                return redirect(person_url(person))
        # Keep what was typed; a conflict shows the latest version number so that saving again is deliberate.
        current = Person.objects.get(pk=person.pk)
        context = {"form": form, "person": person, "latest": current,
                   "conflict": form.is_bound and form.non_field_errors()}
        if context["conflict"]:
            data = request.POST.copy()
            data["version"] = str(current.version)
            form.data = data
        return render(request, "frontdoor/people/edit.html", context, status=status)
    initial = {name: getattr(person, name) for name in people_services.PERSON_FIELDS}
    initial["version"] = person.version
    form = forms.PersonDetailsForm(initial=initial)
    people_queries.record_view(request.user, person, safeguarding=False)
    return render(request, "frontdoor/people/edit.html", {"form": form, "person": person})


# --- Consent -----------------------------------------------------------------------------------------


@policy.policy(SEE_PERSON)
def consent_add(request: HttpRequest, uuid: Any) -> HttpResponse:
    person = get_visible_or_404(people_shown(), request.user, "change", uuid=people_queries.kept_record(uuid))
    form = forms.ConsentForm(
        request.POST if request.method == "POST" else None,
        initial={"scope": Consent.Scope.SHARE, "statement": request_services.SHARE_STATEMENT,
                 "given_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        people_services.add_consent(acting_user=request.user, person=person, scope=data["scope"],
                                    method=data["method"], statement=data["statement"], given_at=form.given_at())
        messages.success(request, "The consent was recorded")
        return redirect(person_url(person))
    return render(request, "frontdoor/people/consent.html", {"form": form, "person": person},
                  status=400 if form.is_bound else 200)


@policy.policy(SEE_PERSON)
def consent_withdraw(request: HttpRequest, uuid: Any, consent: Any) -> HttpResponse:
    person = get_visible_or_404(people_shown(), request.user, "change", uuid=people_queries.kept_record(uuid))
    found = Consent.objects.filter(uuid=consent, person=person).first()
    if found is None:
        raise Http404("No such consent")
    form = forms.WithdrawConsentForm(request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            people_services.withdraw_consent(acting_user=request.user, consent=found, note=form.cleaned_data["note"])
        except ActionRefused as problem:
            error = str(problem)
        else:
            messages.success(request, "The consent was withdrawn")
            return redirect(person_url(person))
    context = {"form": form, "person": person, "consent": found, "error_message": error}
    return render(request, "frontdoor/people/withdraw.html", context, status=400 if form.is_bound else 200)


# --- Safeguarding ------------------------------------------------------------------------------------


@policy.policy("frontdoor.view_safeguarding")
def safeguarding_add(request: HttpRequest, uuid: Any) -> HttpResponse:
    person = get_visible_or_404(people_shown(), request.user, "change", uuid=people_queries.kept_record(uuid))
    form = forms.SafeguardingNoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        people_services.add_safeguarding_note(acting_user=request.user, person=person, text=form.cleaned_data["text"])
        messages.success(request, "The safeguarding note was added")
        return redirect(person_url(person))
    return render(request, "frontdoor/people/safeguarding.html", {"form": form, "person": person},
                  status=400 if form.is_bound else 200)


# --- Merging -----------------------------------------------------------------------------------------


@policy.policy("frontdoor.merge_people")
def merge_choose(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Likely duplicates of the person, among those the worker may see."""
    person = get_visible_or_404(people_shown(), request.user, "change", uuid=people_queries.kept_record(uuid))
    found = matching.matches_for(person, limit=20, queryset=Person.objects.visible_to(request.user, "change"))
    return render(request, "frontdoor/people/merge_choose.html", {"person": person, "matches": found})


@policy.policy("frontdoor.merge_people")
def merge_confirm(request: HttpRequest, uuid: Any, other: Any) -> HttpResponse:
    person = get_visible_or_404(people_shown(), request.user, "change", uuid=people_queries.kept_record(uuid))
    duplicate = get_visible_or_404(people_shown(), request.user, "change", uuid=other)
    if duplicate.pk == person.pk:
        raise Http404("No such person")
    choices = [(str(person.uuid), f"Keep {person.full_name} (this record)"),
               (str(duplicate.uuid), f"Keep {duplicate.full_name} (the other record)")]
    form = forms.MergeForm(
        request.POST if request.method == "POST" else None, choices=choices,
        initial={"this_version": person.version, "other_version": duplicate.version},
    )
    error, refused_status = "", 400
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        keep_this = data["keep"] == str(person.uuid)
        keep, gone = (person, duplicate) if keep_this else (duplicate, person)
        try:
            kept = people_services.merge_people(
                acting_user=request.user, keep=keep, other=gone,
                keep_version=data["this_version"] if keep_this else data["other_version"],
                other_version=data["other_version"] if keep_this else data["this_version"],
            )
        except ActionRefused as problem:  # a Conflict too: the form is shown again with the versions now
            error, refused_status = str(problem), status_of(problem)
            form = forms.MergeForm(
                None, choices=choices,
                initial={"keep": data["keep"], "this_version": Person.objects.get(pk=person.pk).version,
                         "other_version": Person.objects.get(pk=duplicate.pk).version},
            )
        else:
            messages.success(request, f"The records were merged. {kept.full_name}'s record was kept.")
            return redirect(person_url(kept))
    rows = [(label, getattr(person, name), getattr(duplicate, name)) for name, label in COMPARED]
    counts = {
        p.pk: {"requests": p.requests.count(), "consents": p.consents.count(),
               "members": people_queries.household_members(p).count()}
        for p in (person, duplicate)
    }
    people_queries.record_view(request.user, duplicate, safeguarding=False)
    context = {"form": form, "person": person, "other": duplicate, "rows": rows, "error_message": error,
               "this_counts": counts[person.pk], "other_counts": counts[duplicate.pk],
               "forms_in_error": [form] if form.errors else []}
    return render(request, "frontdoor/people/merge_confirm.html", context,
                  status=refused_status if error else 400 if form.is_bound and form.errors else 200)


COMPARED = (
    ("given_name", "Given name"),
    ("family_name", "Family name"),
    ("date_of_birth", "Date of birth"),
    ("postcode", "Postcode"),
    ("address", "Address"),
    ("phone", "Phone"),
    ("email", "Email"),
    ("preferred_contact", "Preferred contact"),
    ("household", "Household"),
    ("created_at", "Record made"),
)

