"""A person's household: adding someone who lives with them, linking an existing record the worker
may see, and taking a record out of the household."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from thriving.core import policy
from thriving.core.access import get_visible_or_404
from thriving.core.conflicts import ActionRefused
from thriving.frontdoor.forms import households as forms
from thriving.frontdoor.models import Person
from thriving.frontdoor.queries import matching
from thriving.frontdoor.queries import people as people_queries
from thriving.frontdoor.services import households
from thriving.frontdoor.views.people import PER_PAGE, SEE_PERSON, people_shown, person_url


@policy.policy(SEE_PERSON)
def household_add(request: HttpRequest, uuid: Any) -> HttpResponse:
    person = get_visible_or_404(people_shown(), request.user, "change", uuid=people_queries.kept_record(uuid))
    form = forms.HouseholdMemberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = households.add_household_member(
            acting_user=request.user, person=person, given_name=data["given_name"], family_name=data["family_name"],
            relationship=data["relationship"], date_of_birth=data["date_of_birth"],
        )
        messages.success(request, f"{member.full_name} was added to the household")
        return redirect(person_url(person))
    return render(request, "frontdoor/people/household_add.html", {"form": form, "person": person},
                  status=400 if form.is_bound else 200)


@policy.policy(SEE_PERSON)
def household_link(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Find a record the worker may see and put it in the person's household."""
    person = get_visible_or_404(people_shown(), request.user, "change", uuid=people_queries.kept_record(uuid))
    form = forms.LinkMemberForm(request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST" and form.is_valid():
        other = Person.objects.visible_to(request.user, "change").filter(uuid=form.cleaned_data["member"]).first()
        if other is None:
            error = "Choose a person from the list"
        else:
            try:
                households.link_household_member(acting_user=request.user, person=person, other=other,
                                             relationship=form.cleaned_data["relationship"])
            except ActionRefused as problem:
                error = str(problem)
            else:
                messages.success(request, f"{other.full_name} was added to the household")
                return redirect(person_url(person))
    q = request.GET.get("q", "").strip()[:200]
    found: list[matching.Match] = []
    if q:
        found = [m for m in people_queries.search(request.user, q).matches[:PER_PAGE] if m.person.pk != person.pk]
    context = {"form": form, "person": person, "q": q, "found": found, "error_message": error}
    return render(request, "frontdoor/people/household_link.html", context,
                  status=400 if form.is_bound else 200)


@policy.policy(SEE_PERSON)
def household_remove(request: HttpRequest, uuid: Any, member: Any) -> HttpResponse:
    person = get_visible_or_404(people_shown(), request.user, "change", uuid=people_queries.kept_record(uuid))
    found = people_queries.household_members(person).filter(uuid=member).first()
    if found is None:
        raise Http404("No such household member")
    if request.method == "POST":
        households.remove_household_member(acting_user=request.user, person=person, member=found)
        messages.success(request, f"{found.full_name} was taken out of the household")
        return redirect(person_url(person))
    return render(request, "frontdoor/people/household_remove.html", {"person": person, "member": found})
