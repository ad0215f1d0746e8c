"""What every app's views share: the versioned-action answer (post, act, answer 409 on a stale
version keeping what was typed) and the htmx fragment-or-page choice."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from thriving.core.conflicts import ActionRefused, Conflict

Page = Callable[..., HttpResponse]


def answer(
    form: Any,
    act: Callable[[dict[str, Any]], Any],
    *,
    page: Page,
    done: Callable[[Any], HttpResponse],
) -> HttpResponse:
    """Check the form and take the action with what it cleaned. On success, `done(result)` (usually
    a redirect). On a mistake, `page(status=400, form=form)`, the form as typed with its errors.
    When the action is refused, `page(status=..., form=form, error_message=...)`: 409 when someone
    else changed the record first (the form keeps what was typed, so nothing is lost), 400 otherwise.
    `page` shows the record as it is now, so the person sees what changed."""
    if not form.is_valid():
        return page(status=400, form=form)
    try:
        result = act(form.cleaned_data)
    except ActionRefused as error:
        return page(status=status_of(error), form=form, error_message=str(error))
    return done(result)


def status_of(error: ActionRefused) -> int:
    """The HTTP status a refused action answers with: 409 for a conflict, 400 otherwise."""
    return 409 if isinstance(error, Conflict) else 400


def is_htmx(request: HttpRequest) -> bool:
    """An htmx request for part of a page (not a boosted whole-page navigation)."""
    details = getattr(request, "htmx", None)
    return bool(details) and not getattr(details, "boosted", False)


def htmx_partial(
    request: HttpRequest,
    page_template: str,
    fragment_template: str,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> TemplateResponse:
    """The fragment for an htmx request, the whole page otherwise, from the same context."""
    template = fragment_template if is_htmx(request) else page_template
    return TemplateResponse(request, template, context, status=status)
