"""The safeguarding concerns raised on a request, for its page: who raised each, when, and why."""

from django.db.models import QuerySet

from thriving.frontdoor.models import HelpRequest, RequestEvent


def concerns_raised(help_request: HelpRequest) -> QuerySet[RequestEvent]:
    """The concerns raised on a request the person already sees (its page fetched it through its
    scope), oldest first, with who raised them."""
    return help_request.events.filter(kind=RequestEvent.Kind.SAFEGUARDING_CONCERN).select_related("actor")
