"""The site's URLs. Every view declares its access policy: see thriving/core/policy.py."""

from django.urls import include, path, re_path

from thriving.api.urls import unknown as api_unknown
from thriving.api.urls import urls as api_urls
from thriving.core.admin import admin_site

urlpatterns = [
    path("", include("thriving.core.urls")),
    path("", include("thriving.directory.urls")),
    path("", include("thriving.frontdoor.urls")),
    path("", include("thriving.teams.urls")),
    path("", include("thriving.community.urls")),
    path("coaching/", include("thriving.coaching.urls")),
    path("budgets/", include("thriving.budgets.urls")),
    path("stories/", include("thriving.stories.urls")),
    path("openreferral/", include("thriving.directory.openreferral_urls")),
    path("api/v1/", api_urls),
    re_path(r"^api/(?P<rest>.*)$", api_unknown),
    path("admin/", admin_site.urls),
]

handler400 = "thriving.core.views.errors.bad_request"
handler403 = "thriving.core.views.errors.permission_denied"
handler404 = "thriving.core.views.errors.page_not_found"
handler500 = "thriving.core.views.errors.server_error"
