"""URLs of working on requests: the work queue and a request's page with its actions."""

from django.urls import path

from thriving.frontdoor.views import requests

urlpatterns = [
    path("requests/", requests.queue, name="queue"),
    path("requests/<str:reference>/", requests.request_detail, name="request"),
    path("requests/<str:reference>/triage/", requests.triage, name="request-triage"),
    path("requests/<str:reference>/refer/", requests.refer, name="request-refer"),
    path("requests/<str:reference>/huddle/", requests.huddle, name="request-huddle"),
    path("requests/<str:reference>/note/", requests.note, name="request-note"),
    path("requests/<str:reference>/close/", requests.close, name="request-close"),
    path("requests/<str:reference>/reopen/", requests.reopen, name="request-reopen"),
    path("requests/<str:reference>/send-information/", requests.send_information, name="request-send"),
]
