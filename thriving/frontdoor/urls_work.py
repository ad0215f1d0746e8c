"""URLs of the front door: working on requests and answering referrals."""

from django.urls import path

from thriving.frontdoor.views import referrals, work

urlpatterns = [
    path("requests/", work.queue, name="queue"),
    path("requests/<str:reference>/", work.request_detail, name="request"),
    path("requests/<str:reference>/triage/", work.triage, name="request-triage"),
    path("requests/<str:reference>/refer/", work.refer, name="request-refer"),
    path("requests/<str:reference>/huddle/", work.huddle, name="request-huddle"),
    path("requests/<str:reference>/note/", work.note, name="request-note"),
    path("requests/<str:reference>/close/", work.close, name="request-close"),
    path("requests/<str:reference>/reopen/", work.reopen, name="request-reopen"),
    path("requests/<str:reference>/send-information/", work.send_information, name="request-send"),
    path("referrals/", referrals.referral_queue, name="referral-queue"),
    path("referrals/settings/", referrals.referral_settings, name="referral-settings"),
    path("referrals/<uuid:uuid>/", referrals.referral_detail, name="referral"),
    path("referrals/<uuid:uuid>/accept/", referrals.accept, name="referral-accept"),
    path("referrals/<uuid:uuid>/decline/", referrals.decline, name="referral-decline"),
    path("referrals/<uuid:uuid>/complete/", referrals.complete, name="referral-complete"),
]
