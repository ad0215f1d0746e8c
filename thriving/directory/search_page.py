"""The public search page's costly parts, done once.

- The list of results is written in one pass (`results_html`), not through a template per row:
  twenty rows of template tags, `{% url %}`s and `floatformat`s cost more than the search itself.
- The page's whole content, the form and the results, is kept in the results cache (`cached`,
  `keep`) under the directory's version and the query exactly as asked, so a search asked again
  costs one query (the version) and no form, no search and no rendering of its content; any
  change to the search entries (an approval, an import, a harvest) moves the version on and every
  kept page is stale at once. Only a page answered 200 is kept, never one for "open now" (which
  changes by the minute), and none when `DIRECTORY_SEARCH_CACHE_SECONDS` is 0.
"""

import hashlib
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from thriving.directory import search, search_index
from thriving.directory.models import Service
from thriving.places import queries as place_queries

NOTHING = SafeString(
    '<li><p class="govuk-body">Nothing matches this search. Try fewer words, another need, or a longer distance.</p>'
    "</li>"
)


ROW = (
    '<li class="thriving-result">\n'
    '<h3 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="{}{}">{}</a>{}</h3>\n'
    '<p class="govuk-body-s govuk-!-margin-bottom-1">{}</p>\n'
    "{}{}{}</li>\n"
)
PLACE = '<p class="govuk-body-s govuk-!-margin-bottom-1"><a class="govuk-link" href="{}">{}</a>{}{}{}</p>\n'
# Markup with no values in it, as a template's own text is.
NO_PLACE = SafeString(
    '<p class="govuk-body-s govuk-!-margin-bottom-1" data-testid="no-place">'
    '<strong class="govuk-tag govuk-tag--grey">Online / by phone</strong></p>\n'
)
CLOSED = SafeString(' <strong class="govuk-tag govuk-tag--yellow">Temporarily closed</strong>')
FREE = SafeString('<strong class="govuk-tag govuk-tag--green govuk-!-margin-top-1">Free</strong>\n')


def results_html(hits: list[search.Hit], postcode: str | None) -> SafeString:
    """The `<li>` of each result, as the search page lists them, written in one pass with every
    value escaped (`format_html`); a postcode searched from is carried to each service's page
    (which then says how far its places are)."""
    if not hits:
        return NOTHING
    service_url, location_url = search.url_of("directory:service"), search.url_of("directory:location")
    carried = f"?postcode={quote(postcode, safe='/')}" if postcode else ""
    return format_html_join("", "{}", ((_row(hit, service_url, location_url, carried),) for hit in hits))


def _row(hit: search.Hit, service_url: Any, location_url: Any, carried: str) -> SafeString:
    if hit.location_uuid is None:
        place = NO_PLACE
    else:
        distance = (
            format_html(' <span class="thriving-distance">– {} away</span>', place_queries.distance_words(
                hit.distance_km * 1000))
            if hit.distance_km is not None
            else ""
        )
        place = format_html(
            PLACE, location_url(hit.location_uuid), hit.location_name,
            f", {hit.address_1}" if hit.address_1 else "", f", {hit.postcode}" if hit.postcode else "", distance,
        )
    needs = (
        format_html('<p class="govuk-body-s govuk-!-margin-bottom-0">Helps with: {}</p>\n', ", ".join(hit.needs))
        if hit.needs
        else ""
    )
    return format_html(
        ROW, service_url(hit.service_uuid), carried, hit.service_name,
        CLOSED if hit.service_status == Service.Status.TEMPORARILY_CLOSED else "",
        hit.organisation_name, place, needs, FREE if hit.is_free else "",
    )


@dataclass
class Kept:
    """A page's content: the HTML inside the layout, and what the layout needs to know."""

    content: str
    exit_this_page: bool
    with_map: bool


def _packed(page: Kept) -> tuple[bytes, bool, bool]:
    """As kept: the HTML compressed (some 45 kB, every need and locality among the options, to
    some 10 kB), so the cache holds many pages in little memory."""
    return zlib.compress(page.content.encode(), 1), page.exit_this_page, page.with_map


def _unpacked(kept: tuple[bytes, bool, bool]) -> Kept:
    # Written by `results_html` and the page's templates, which escaped every value.
    return Kept(SafeString(zlib.decompress(kept[0]).decode()), kept[1], kept[2])


def _seconds() -> int:
    return int(getattr(settings, "DIRECTORY_SEARCH_CACHE_SECONDS", 600))


def _key(request: HttpRequest, version: int) -> str:
    asked = request.GET.urlencode()  # in the order asked: the pages' links keep that order
    return f"directory:search-page:v{version}:" + hashlib.sha256(asked.encode()).hexdigest()[:32]


def may_keep(request: HttpRequest) -> bool:
    return bool(_seconds()) and "open_now" not in request.GET


def cached(request: HttpRequest) -> tuple[int | None, Kept | None]:
    """(the directory's version, the page kept for this query at that version if there is one).
    The version is None when pages are not kept (then it is not read)."""
    if not may_keep(request):
        return None, None
    version = search_index.version()
    kept = caches[search.RESULTS_CACHE].get(_key(request, version))
    return version, _unpacked(kept) if kept is not None else None


def keep(request: HttpRequest, version: int, page: Kept) -> None:
    caches[search.RESULTS_CACHE].set(_key(request, version), _packed(page), _seconds())
