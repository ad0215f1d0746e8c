"""What the coaching app plugs into other apps' extension points. `register()` is called from the
app's `ready()`; registering again adds nothing twice.

- the front door's request page (`thriving.frontdoor.hooks`): "Start coaching" for a request
  triaged at level 3, for a worker who works on it and may start coaching, until coaching begun
  from it is active."""

from typing import Any

from django.urls import reverse
from django.utils.http import urlencode


def start_coaching_link(help_request: Any, user: Any) -> list[tuple[str, str]]:
    """"Start coaching" on a level-3 request the person works on (a hub worker in its locality)."""
    from thriving.core import policy
    from thriving.frontdoor.queries import requests as request_queries
    from thriving.frontdoor.queries.for_teams import Level

    if help_request.level != Level.EARLY_HELP:
        return []
    if not policy.can(user, "coaching.start"):
        return []
    if not request_queries.visible_requests(user, "work").filter(pk=help_request.pk).exists():
        return []
    from thriving.coaching.models import CoachingRelationship

    active = CoachingRelationship.objects.filter(status=CoachingRelationship.Status.ACTIVE)
    if active.filter(request_id=help_request.pk).exists():
        return []  # begun from this request already (the page's banner said so when it was)
    return [("Start coaching", f"{reverse('coaching:start')}?{urlencode({'request': help_request.reference})}")]


def register() -> None:
    from thriving.frontdoor import hooks as frontdoor_hooks

    frontdoor_hooks.register_request_links(start_coaching_link)
