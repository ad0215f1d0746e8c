"""The layout's chrome kept for anonymous visitors of a busy public page.

For a visitor who is not signed in and has no message waiting, the layout (`base.html`: header,
menu, phase banner, footer) depends only on the settings, on the page's own template and on a few
flags the page gives (`variant`): it is rendered once per process and variant, with the page's
content, the CSP nonce and the CSRF token left as markers, and each request puts its own in. The
nonce and the token are asked for as the template would ask for them (`request.csp_nonce`,
`get_token`), so the CSP header carries the nonce and the CSRF cookie is set as on any page. A
signed-in visitor, or one with a message to show, gets the page rendered in full."""

import secrets
import threading
from typing import Any

from django.contrib.messages import get_messages
from django.core.signals import setting_changed
from django.db.models.signals import post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string

from thriving.core.models import SiteSettings

_MARK = secrets.token_hex(16)
CONTENT, NONCE, TOKEN = f"content-{_MARK}", f"nonce-{_MARK}", f"token-{_MARK}"

_kept: dict[tuple, tuple[str, str]] = {}
_lock = threading.Lock()


def forget(**kwargs: Any) -> None:
    """Drop the kept layouts: the site's settings (its contact address, say) or Django's settings
    (the static files' storage) changed, and the layout with them."""
    with _lock:
        _kept.clear()


setting_changed.connect(forget, dispatch_uid="thriving.core.chrome.settings")
post_save.connect(forget, sender=SiteSettings, dispatch_uid="thriving.core.chrome.site_settings")


def _may_keep(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    return not len(get_messages(request))  # counting them does not mark them as shown


def _chrome(request: HttpRequest, template_name: str, context: dict[str, Any], key: tuple) -> tuple[str, str]:
    """(the layout before the content, after it), with the markers for the nonce and token."""
    kept = _kept.get(key)
    if kept is None:
        rendered = render_to_string(template_name, {**context, "content": CONTENT, "csrf_token": TOKEN}, request)
        marked = str(rendered).replace(str(request.csp_nonce), NONCE)  # type: ignore[attr-defined]
        before, after = marked.split(CONTENT)
        kept = (before, after)
        with _lock:
            _kept[key] = kept
    return kept


def render_public(
    request: HttpRequest, template_name: str, content: str, variant: dict[str, Any], status: int = 200
) -> HttpResponse:
    """`render(request, template_name, {"content": content, **variant})`, the layout kept for an
    anonymous visitor with no message waiting. `content` is safe HTML, as the template would
    write `{{ content }}`; `variant` the few values the template reads besides it (flags)."""
    context = {"content": content, **variant}
    if not _may_keep(request):
        return render(request, template_name, context, status=status)
    key = (template_name, request.path, *sorted(variant.items()))
    before, after = _chrome(request, template_name, variant, key)
    nonce, token = str(request.csp_nonce), get_token(request)  # type: ignore[attr-defined]
    page = before.replace(NONCE, nonce).replace(TOKEN, token) + content + after.replace(NONCE, nonce)
    return HttpResponse(page, status=status)
