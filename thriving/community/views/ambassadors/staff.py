"""Ambassadors' staff pages: administrators and enablers make profiles; an ambassador keeps their
own profile and writes, publishes and withdraws their stories. A stale edit (the page was out of
date) is refused with a clear message and what was typed is kept. The public's pages are in
`public`."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thriving.community.forms import ambassadors as forms
from thriving.community.queries import ambassadors as queries
from thriving.community.services import ambassadors as services
from thriving.core import policy
from thriving.core.access import get_visible_or_404
from thriving.core.conflicts import ActionRefused
from thriving.core.views.helpers import answer, status_of

BE = "community.be_ambassador"


@policy.policy("community.manage_ambassadors")
def profiles(request: HttpRequest) -> HttpResponse:
    form = forms.NewProfileForm(request.POST or None)
    error_message, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                made = services.create_profile(
                    acting_user=request.user, user=form.user, display_name=data["display_name"],
                    locality=data["locality"], about=data["about"], is_public=data["is_public"])
            except ActionRefused as error:
                form.add_error("email", str(error))
            else:
                messages.success(request, f"The ambassador profile for {made.display_name} was made")
                return redirect("community:ambassador-profiles")
        status = 400
    return render(request, "community/ambassadors/profiles.html", {
        "form": form, "profiles": list(queries.all_profiles(request.user)), "error_message": error_message,
        "forms_in_error": [form] if form.errors else [],
    }, status=status)


# ---------------------------------------------------------------------------------------------
# The ambassador's own pages


def _initial_profile(found: Any) -> dict[str, Any]:
    return {"version": found.version, "display_name": found.display_name, "about": found.about,
            "is_public": found.is_public}


@policy.policy(BE)
def mine(request: HttpRequest) -> HttpResponse:
    """The ambassador's profile (edited here) and their stories."""
    found = queries.own_profile(request.user)
    if found is None:
        return render(request, "community/ambassadors/mine.html", {"ambassador": None})
    status, error_message = 200, ""
    if request.method == "POST":
        form = forms.ProfileForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.edit_profile(found, acting_user=request.user, version=data["version"],
                                      display_name=data["display_name"], about=data["about"],
                                      is_public=data["is_public"])
            except ActionRefused as error:
                status, error_message = status_of(error), str(error)
                found.refresh_from_db()
            else:
                messages.success(request, "Your profile was saved")
                return redirect("community:my-ambassador")
        else:
            status = 400
    else:
        form = forms.ProfileForm(initial=_initial_profile(found))
    return render(request, "community/ambassadors/mine.html", {
        "ambassador": found, "form": form, "stories": list(queries.own_stories(found)),
        "error_message": error_message, "forms_in_error": [form] if form.errors else [],
    }, status=status)


@policy.policy(BE)
def story_new(request: HttpRequest) -> HttpResponse:
    ambassador = get_visible_or_404(queries.profiles(), request.user, user_id=request.user.pk)
    form = forms.StoryForm(request.POST or None)
    status, error_message = 200, ""
    if request.method == "POST":
        if form.is_valid():
            try:
                made = services.write_story(acting_user=request.user, title=form.cleaned_data["title"],
                                            body=form.cleaned_data["body"])
            except ActionRefused as error:
                error_message = str(error)
            else:
                messages.success(request, "Your story was saved as a draft. Publish it when it is ready.")
                return redirect("community:my-story", story_uuid=made.uuid)
        status = 400
    return render(request, "community/ambassadors/story_form.html", {
        "ambassador": ambassador, "form": form, "story": None, "error_message": error_message,
        "forms_in_error": [form] if form.errors else []}, status=status)


def _story_page(request: HttpRequest, found: Any, form: Any = None, status: int = 200,
                error_message: str = "") -> HttpResponse:
    form = form or forms.StoryForm(initial={"version": found.version, "title": found.title, "body": found.body})
    return render(request, "community/ambassadors/story_form.html", {
        "ambassador": found.ambassador, "form": form, "story": found,
        "version_form": forms.VersionForm(initial={"version": found.version}),
        "error_message": error_message, "forms_in_error": [form] if form.errors else []}, status=status)


@policy.policy(BE)
def story_edit(request: HttpRequest, story_uuid: str) -> HttpResponse:
    found = get_visible_or_404(queries.stories(), request.user, uuid=story_uuid)
    if request.method != "POST":
        return _story_page(request, found)

    def page(*, status: int, form: Any, error_message: str = "") -> HttpResponse:
        if error_message:
            found.refresh_from_db()  # the story as it is now; the form keeps what was typed
        return _story_page(request, found, form, status, error_message)

    def done(_: Any) -> HttpResponse:
        messages.success(request, "Your story was saved")
        return redirect("community:my-story", story_uuid=found.uuid)

    return answer(forms.StoryForm(request.POST), lambda data: services.edit_story(
        found, acting_user=request.user, version=data["version"] or 0, title=data["title"], body=data["body"]),
        page=page, done=done)


def _move(request: HttpRequest, story_uuid: str, act: Any, done: str) -> HttpResponse:
    found = get_visible_or_404(queries.stories(), request.user, uuid=story_uuid)
    form = forms.VersionForm(request.POST)
    if not form.is_valid():
        return _story_page(request, found, status=400, error_message="The page was out of date. Try again.")
    try:
        act(found, acting_user=request.user, version=form.cleaned_data["version"])
    except ActionRefused as error:
        found.refresh_from_db()
        return _story_page(request, found, status=status_of(error), error_message=str(error))
    messages.success(request, done)
    return redirect("community:my-story", story_uuid=found.uuid)


@require_POST
@policy.policy(BE)
def story_publish(request: HttpRequest, story_uuid: str) -> HttpResponse:
    return _move(request, story_uuid, services.publish_story, "Your story is published")


@require_POST
@policy.policy(BE)
def story_withdraw(request: HttpRequest, story_uuid: str) -> HttpResponse:
    return _move(request, story_uuid, services.withdraw_story, "Your story was withdrawn from the public pages")
