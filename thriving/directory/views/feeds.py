"""The partners' feeds, for directory editors: the list with each feed's freshness, registering
and changing a feed, pausing it, harvesting it now, applying a held harvest anyway, and the live
progress of a harvest (an htmx fragment the feed's page polls)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thriving.core.conflicts import ActionRefused
from thriving.core.policy import get_visible_or_404, policy
from thriving.core.queries import page_of
from thriving.core.views.helpers import answer
from thriving.directory import forms
from thriving.directory.interchange.models import Feed
from thriving.directory.queries import feeds as queries
from thriving.directory.services import feeds as services

PER_PAGE = 50


def _feed(request: HttpRequest, uuid: str) -> Feed:
    return get_visible_or_404(queries.all_feeds(), request.user, uuid=uuid)


@policy("directory.manage_feeds")
def feed_list(request: HttpRequest) -> HttpResponse:
    page = page_of(queries.feeds(request.user), request.GET.get("page"), PER_PAGE)
    for feed in page:
        feed.freshness = queries.freshness(feed)
    return render(request, "directory/staff/feed_list.html", {"page_obj": page})


def _form_page(request: HttpRequest, heading: str, feed: Feed | None = None):
    def page(status: int = 200, form: forms.FeedForm | None = None, error_message: str = "") -> HttpResponse:
        context = {"form": form, "heading": heading, "feed": feed, "error_message": error_message}
        return render(request, "directory/staff/feed_form.html", context, status=status)

    return page


@policy("directory.manage_feeds")
def feed_create(request: HttpRequest) -> HttpResponse:
    page = _form_page(request, "Register a feed")
    if request.method != "POST":
        return page(form=forms.FeedForm())

    def done(feed: Feed) -> HttpResponse:
        messages.success(request, f"{feed.name} is registered; harvest it now or wait for its first harvest")
        return redirect("directory:feed", feed.uuid)

    return answer(forms.FeedForm(request.POST),
                  lambda data: services.register_feed(acting_user=request.user, data=data), page=page, done=done)


@policy("directory.manage_feeds")
def feed_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    feed = _feed(request, uuid)
    page = _form_page(request, f"Change {feed.name}", feed)
    if request.method != "POST":
        initial = {name: getattr(feed, name) for name in services.FIELDS}
        return page(form=forms.FeedForm(initial=initial))
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = feed.version

    def done(changed: Feed) -> HttpResponse:
        messages.success(request, f"{changed.name} has been changed")
        return redirect("directory:feed", changed.uuid)

    return answer(forms.FeedForm(request.POST),
                  lambda data: services.change_feed(acting_user=request.user, feed=feed, data=data, version=version),
                  page=page, done=done)


def _detail_context(feed: Feed) -> dict:
    return {"feed": feed, "freshness": queries.freshness(feed), "runs": queries.recent_runs(feed),
            "running": queries.running(feed), "held": queries.held_run(feed)}


@policy("directory.manage_feeds")
def feed_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    feed = _feed(request, uuid)
    return render(request, "directory/staff/feed_detail.html", _detail_context(feed))


@policy("directory.manage_feeds")
def feed_progress(request: HttpRequest, uuid: str) -> HttpResponse:
    """The progress line of the feed's page, polled every 2 seconds while a harvest runs."""
    feed = _feed(request, uuid)
    context = {"feed": feed, "running": queries.running(feed), "latest": queries.recent_runs(feed).first()}
    return render(request, "directory/staff/_feed_progress.html", context)


def _act(request: HttpRequest, feed: Feed, act, said: str) -> HttpResponse:
    try:
        act()
    except ActionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, said)
    return redirect("directory:feed", feed.uuid)


@require_POST
@policy("directory.manage_feeds")
def feed_pause(request: HttpRequest, uuid: str) -> HttpResponse:
    feed = _feed(request, uuid)
    paused = request.POST.get("paused") != "0"
    said = f"{feed.name} is paused: it will not be harvested until you resume it" if paused else (
        f"{feed.name} is harvested again as scheduled")
    return _act(request, feed, lambda: services.pause_feed(acting_user=request.user, feed=feed, paused=paused), said)


@require_POST
@policy("directory.manage_feeds")
def feed_harvest(request: HttpRequest, uuid: str) -> HttpResponse:
    feed = _feed(request, uuid)
    return _act(request, feed, lambda: services.harvest_now(acting_user=request.user, feed=feed),
                f"A harvest of {feed.name} has started")


@require_POST
@policy("directory.manage_feeds")
def feed_apply(request: HttpRequest, uuid: str) -> HttpResponse:
    feed = _feed(request, uuid)
    run = request.POST.get("run", "")
    return _act(request, feed, lambda: services.apply_anyway(acting_user=request.user, feed=feed, run_uuid=run),
                f"{feed.name} is being harvested again and applied this once, whatever its size")
