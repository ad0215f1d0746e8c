"""Telling a story: the public form (no account; with the protections of every public form: a rate
limit, a honeypot, a signed time trap and its submission key, so a form sent twice makes one story),
its confirmation with the private link (shown once), and gathering in person or from paper. The
teller's private link pages and the transcripts are in `views/telling_link.py`."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from thriving.core import public_forms
from thriving.core.access import get_visible_or_404
from thriving.core.policy import policy, public
from thriving.places.models import Area
from thriving.stories.forms import telling as forms
from thriving.stories.models import StoryProject
from thriving.stories.services import telling as services

TEMPLATE = "stories/telling/tell.html"
GATHER_TEMPLATE = "stories/telling/gather.html"
TOLD = "stories_told"
GATHERED = "stories_gathered"
RATE_GROUP = "stories:tell"


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"  # the link never leaves in a Referer
    return response


def link_maker(request: HttpRequest) -> Any:
    return lambda token: request.build_absolute_uri(reverse("stories:my_story", kwargs={"token": token}))


def _areas(project: StoryProject) -> list[Area]:
    return list(Area.objects.filter(locality=project.locality).order_by("name"))


def _context(project: StoryProject, form: Any, data: Any, errors: dict[str, str], **extra: Any) -> dict[str, Any]:
    signifiers = list(project.signifiers.all())
    rows = forms.signifier_rows(signifiers, data, errors)
    return {"project": project, "form": form, "rows": rows,
            "choices": [row for row in rows if row["signifier"].kind != "demographic"],
            "demographics": [row for row in rows if row["signifier"].kind == "demographic"],
            "signifier_errors": [row for row in rows if row["error"]],
            "has_errors": bool(errors) or bool(form.is_bound and form.errors) or bool(extra.get("error_message")),
            "audio_limit_mb": services.audio_max_bytes() // (1024 * 1024), **extra}


@public
@public_forms.limit(RATE_GROUP)
def tell(request: HttpRequest, slug: str) -> HttpResponse:
    """The public form: a resident tells their story and places it on the project's signifiers."""
    project = StoryProject.objects.select_related("locality").filter(slug=slug, accepts_public=True).first()
    if project is None:
        return render(request, "stories/telling/not_found.html", status=404)
    if project.status != StoryProject.Status.OPEN:
        return render(request, "stories/telling/not_open.html", {"project": project}, status=410
                      if project.status == StoryProject.Status.CLOSED else 404)
    project = get_visible_or_404(StoryProject.objects.select_related("locality"), request.user, "view_public",
                                 slug=slug)
    posted = request.method == "POST"
    form = forms.TellForm(request.POST if posted else None, request.FILES if posted else None,
                          project=project, areas=_areas(project))
    if not posted:
        return render(request, TEMPLATE, _context(project, form, None, {}))
    parsed = services.parse_answers(list(project.signifiers.all()), request.POST)
    context = _context(project, form, request.POST, parsed.errors)
    if public_forms.is_limited(request):
        return public_forms.refuse(request, TEMPLATE, {**context, "has_errors": True}, form)
    valid = form.is_valid()
    if not valid or (parsed.errors and not form.is_robot):
        return render(request, TEMPLATE, _context(project, form, request.POST, parsed.errors), status=400)
    if form.is_robot:  # the usual confirmation, and nothing saved
        request.session[TOLD] = {"project": project.slug, "link": "", "emailed": False}
        return redirect("stories:told", slug=project.slug)
    try:
        story, token = services.tell(project=project, telling=form.telling(parsed.answers),
                                     submission_key=form.submission_key, link_for=link_maker(request))
    except services.TellingRefused as error:
        return render(request, TEMPLATE, _context(project, form, request.POST, parsed.errors,
                                                  error_message=str(error)), status=400)
    if token is not None:
        request.session[TOLD] = {"project": project.slug, "link": link_maker(request)(token),
                                 "emailed": bool(story.teller_email)}
    return redirect("stories:told", slug=project.slug)


@public
def told(request: HttpRequest, slug: str) -> HttpResponse:
    """Thank you, with the private link, shown once (it is not kept: only its hash is stored)."""
    project = get_visible_or_404(StoryProject.objects.all(), request.user, "view_public", slug=slug)
    sent = request.session.pop(TOLD, None)
    if not sent or sent.get("project") != project.slug:
        return render(request, "stories/telling/told.html", {"project": project, "sent": None})
    return _private(render(request, "stories/telling/told.html", {"project": project, "sent": sent}))


@policy("stories.gather")
def gather(request: HttpRequest, slug: str) -> HttpResponse:
    """A gatherer records a story told to them in person, or types one in from paper."""
    project = get_visible_or_404(StoryProject.objects.select_related("locality"), request.user, "gather", slug=slug)
    posted = request.method == "POST"
    form = forms.GatherForm(request.POST if posted else None, request.FILES if posted else None,
                            project=project, areas=_areas(project))
    if not posted:
        return render(request, GATHER_TEMPLATE, _context(project, form, None, {}))
    parsed = services.parse_answers(list(project.signifiers.all()), request.POST)
    if not form.is_valid() or parsed.errors:
        return render(request, GATHER_TEMPLATE, _context(project, form, request.POST, parsed.errors), status=400)
    data = form.cleaned_data
    try:
        story, token = services.gather(acting_user=request.user, project=project, telling=form.telling(parsed.answers),
                                       channel=data["channel"], told_on=data.get("told_on"),
                                       submission_key=form.submission_key, link_for=link_maker(request))
    except services.TellingRefused as error:
        return render(request, GATHER_TEMPLATE, _context(project, form, request.POST, parsed.errors,
                                                         error_message=str(error)), status=400)
    if token is not None:
        request.session[GATHERED] = {"project": project.slug, "link": link_maker(request)(token),
                                     "emailed": bool(story.teller_email)}
    return redirect("stories:gathered", slug=project.slug)


@policy("stories.gather")
def gathered(request: HttpRequest, slug: str) -> HttpResponse:
    """The story is recorded: the private link to read out or write down for the teller, once."""
    project = get_visible_or_404(StoryProject.objects.all(), request.user, "gather", slug=slug)
    sent = request.session.pop(GATHERED, None)
    if sent and sent.get("project") != project.slug:
        sent = None
    return _private(render(request, "stories/telling/gathered.html", {"project": project, "sent": sent}))
