"""URLs of asks to enablers: making an ask, the enabler's queue, an ask and its answers, and the
report across teams."""

from django.urls import path

from thriving.teams.views import asks

urlpatterns = [
    path("teams/<slug:slug>/asks/", asks.team_asks, name="team-asks"),
    path("teams/<slug:slug>/asks/new/", asks.ask_new, name="ask-new"),
    path("asks/", asks.queue, name="asks"),
    path("asks/report/", asks.report, name="asks-report"),
    path("asks/report/download/", asks.report_csv, name="asks-report-csv"),
    path("asks/<uuid:uuid>/", asks.ask_detail, name="ask"),
    path("asks/<uuid:uuid>/grant/", asks.grant, name="ask-grant"),
    path("asks/<uuid:uuid>/decline/", asks.decline, name="ask-decline"),
    path("asks/<uuid:uuid>/escalate/", asks.escalate, name="ask-escalate"),
    path("asks/<uuid:uuid>/withdraw/", asks.withdraw, name="ask-withdraw"),
]
