"""Ambassadors' public pages: ambassadors' public profiles by place and their published good news
stories."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thriving.community.queries import ambassadors as queries
from thriving.core import policy
from thriving.core.access import get_visible_or_404


@policy.public
def index(request: HttpRequest) -> HttpResponse:
    """Ambassadors with a public profile, grouped by their place."""
    return render(request, "community/ambassadors/index.html",
                  {"ambassadors": list(queries.public_ambassadors(request.user))})


@policy.public
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    ambassador = get_visible_or_404(queries.profiles(), request.user, "view_public", slug=slug)
    return render(request, "community/ambassadors/profile.html",
                  {"ambassador": ambassador, "stories": list(queries.published_stories(request.user, ambassador))})


@policy.public
def story(request: HttpRequest, slug: str, story_uuid: str) -> HttpResponse:
    ambassador = get_visible_or_404(queries.profiles(), request.user, "view_public", slug=slug)
    found = get_visible_or_404(queries.stories(), request.user, "view_public", ambassador=ambassador, uuid=story_uuid)
    return render(request, "community/ambassadors/story.html", {"ambassador": ambassador, "story": found})
