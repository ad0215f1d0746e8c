"""Ambassadors' public pages: ambassadors' public profiles by place and their published good news
stories."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from thriving.community.queries import ambassadors as queries
from thriving.core import policy


@policy.public
def index(request: HttpRequest) -> HttpResponse:
    """Ambassadors with a public profile, grouped by their place."""
    return render(request, "community/ambassadors/index.html", {"ambassadors": list(queries.public_ambassadors())})


def _public_or_404(slug: str) -> Any:
    found = queries.public_ambassador(slug)
    if found is None:
        raise Http404("No such ambassador")
    return found


@policy.public
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    ambassador = _public_or_404(slug)
    return render(request, "community/ambassadors/profile.html",
                  {"ambassador": ambassador, "stories": list(queries.published_stories(ambassador))})


@policy.public
def story(request: HttpRequest, slug: str, story_uuid: str) -> HttpResponse:
    ambassador = _public_or_404(slug)
    found = queries.public_story(ambassador, story_uuid)
    if found is None:
        raise Http404("No such story")
    return render(request, "community/ambassadors/story.html", {"ambassador": ambassador, "story": found})
