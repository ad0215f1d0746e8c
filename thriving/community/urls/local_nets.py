"""Local Nets: the public listing, a Local Net's page and signing up to a session (no account), and
the organisers' pages under /community/local-nets/."""

from django.urls import path

from thriving.community.views.local_nets import public, staff

urlpatterns = [
    path("local-nets/", public.listing, name="local-nets"),
    path("local-nets/sessions/<uuid:uuid>/", public.session_page, name="local-net-session"),
    path("local-nets/sessions/<uuid:uuid>/signed-up/", public.signed_up, name="local-net-signed-up"),
    path("local-nets/sign-ups/<str:token>/cancel/", public.cancel_signup, name="local-net-signup-cancel"),
    path("local-nets/<slug:slug>/", public.local_net_page, name="local-net"),
    path("community/local-nets/", staff.manage, name="local-nets-manage"),
    path("community/local-nets/new/", staff.new_local_net, name="local-net-new"),
    path("community/local-nets/sessions/<uuid:uuid>/", staff.manage_session, name="local-net-session-manage"),
    path("community/local-nets/sessions/<uuid:uuid>/sign-ups/", staff.signups, name="local-net-signups"),
    path("community/local-nets/sessions/<uuid:uuid>/cancel/", staff.cancel_session, name="local-net-session-cancel"),
    path("community/local-nets/sessions/<uuid:uuid>/attendance/", staff.record_attendance,
         name="local-net-session-attendance"),
    path("community/local-nets/sessions/<uuid:uuid>/insights/", staff.add_insight, name="local-net-insight-add"),
    path("community/local-nets/sessions/<uuid:uuid>/insights/<uuid:insight>/idea/", staff.insight_to_idea,
         name="local-net-insight-idea"),
    path("community/local-nets/sessions/<uuid:uuid>/actions/", staff.add_action, name="local-net-action-add"),
    path("community/local-nets/<slug:slug>/", staff.manage_local_net, name="local-net-manage"),
    path("community/local-nets/<slug:slug>/edit/", staff.edit_local_net, name="local-net-edit"),
    path("community/local-nets/<slug:slug>/sessions/new/", staff.add_session, name="local-net-session-add"),
]
