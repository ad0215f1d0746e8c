"""The directory's pages. Every view declares its access policy."""

from django.urls import path

from thriving.directory.views import editing, feeds, imports, public, reports, review

app_name = "directory"

urlpatterns = [
    # Public
    path("services/", public.service_search, name="search"),
    path("services/<uuid:uuid>/", public.service_detail, name="service"),
    path("services/<uuid:uuid>/report/", reports.report_problem, name="report"),
    path("services/<uuid:uuid>/report/sent/", reports.report_sent, name="report-sent"),
    path("places/<uuid:uuid>/", public.location_detail, name="location"),
    path("platforms/", public.platform_list, name="platform-list"),
    path("platforms/<slug:slug>/", public.platform_detail, name="platform"),
    # Organisation staff
    path("directory/my-services/", editing.my_services, name="my-services"),
    path("directory/services/new/", editing.service_create, name="service-create"),
    path("directory/services/<uuid:uuid>/edit/", editing.service_edit, name="service-edit"),
    path("directory/services/<uuid:uuid>/confirm/", editing.service_confirm, name="service-confirm"),
    path("directory/services/<uuid:uuid>/history/", editing.service_history, name="service-history"),
    # Directory editors
    path("directory/changes/", review.change_list, name="change-list"),
    path("directory/changes/<uuid:uuid>/", review.change_review, name="change-review"),
    path("directory/changes/<uuid:uuid>/approve/", review.change_approve, name="change-approve"),
    path("directory/changes/<uuid:uuid>/reject/", review.change_reject, name="change-reject"),
    path("directory/problems/", reports.problem_list, name="problem-list"),
    path("directory/problems/<uuid:uuid>/resolve/", reports.problem_resolve, name="problem-resolve"),
    path("directory/imports/", imports.import_list, name="import-list"),
    path("directory/imports/<uuid:uuid>/", imports.import_run, name="import-run"),
    path("directory/feeds/", feeds.feed_list, name="feed-list"),
    path("directory/feeds/new/", feeds.feed_create, name="feed-create"),
    path("directory/feeds/<uuid:uuid>/", feeds.feed_detail, name="feed"),
    path("directory/feeds/<uuid:uuid>/edit/", feeds.feed_edit, name="feed-edit"),
    path("directory/feeds/<uuid:uuid>/progress/", feeds.feed_progress, name="feed-progress"),
    path("directory/feeds/<uuid:uuid>/pause/", feeds.feed_pause, name="feed-pause"),
    path("directory/feeds/<uuid:uuid>/harvest/", feeds.feed_harvest, name="feed-harvest"),
    path("directory/feeds/<uuid:uuid>/apply/", feeds.feed_apply, name="feed-apply"),
]
