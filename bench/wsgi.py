"""Thriving's WSGI application as the benchmarks serve it: the site itself, plus one genuinely
trivial view at /bench/trivial/ (public, through the whole middleware stack, no database, no
template, a two-byte answer) as the baseline a Django page cannot beat. The view exists only in
this benchmark's server, never in the site's own URLs."""

from django.http import HttpRequest, HttpResponse
from django.urls import clear_url_caches, path

from bench.harness import TRIVIAL
from thriving.wsgi import application  # sets Django up


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


def add_trivial_view() -> None:
    from thriving import urls
    from thriving.core.policy import public

    if not any(getattr(p, "name", None) == "bench-trivial" for p in urls.urlpatterns):
        urls.urlpatterns.insert(0, path(TRIVIAL.strip("/") + "/", public(trivial), name="bench-trivial"))
        clear_url_caches()


add_trivial_view()
__all__ = ["application"]
