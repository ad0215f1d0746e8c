"""The site's URLs with a stand-in for `coaching:ratings-add` while the goals part of coaching has
not landed (its own pattern is used once it has), for testing where a review goes next."""

from django.http import HttpResponse
from django.urls import include, path

from thriving import urls as site
from thriving.coaching import urls as coaching
from thriving.core.policy import policy


@policy("coaching.work")
def _ratings_add(request, uuid):  # noqa: ANN001, ANN202
    return HttpResponse("Ratings")


patterns = list(coaching.urlpatterns)
if not any(getattr(pattern, "name", None) == "ratings-add" for pattern in patterns):
    patterns.append(path("<uuid:uuid>/ratings/add/", _ratings_add, name="ratings-add"))

urlpatterns = [path("coaching/", include((patterns, "coaching"))), *site.urlpatterns]
