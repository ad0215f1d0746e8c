"""URLs of the public "Ask for help" journey (no account): one question a page, and the status check."""

from django.urls import path

from thriving.frontdoor.views import ask

urlpatterns = [
    path("ask-for-help/", ask.start, name="ask-start"),
    path("ask-for-help/danger/", ask.danger, name="ask-danger"),
    path("ask-for-help/urgent/", ask.urgent, name="ask-urgent"),
    path("ask-for-help/who/", ask.who, name="ask-who"),
    path("ask-for-help/about-you/", ask.asker, name="ask-asker"),
    path("ask-for-help/name/", ask.name, name="ask-name"),
    path("ask-for-help/whats-going-on/", ask.story, name="ask-story"),
    path("ask-for-help/needs/", ask.needs, name="ask-needs"),
    path("ask-for-help/postcode/", ask.postcode, name="ask-postcode"),
    path("ask-for-help/contact/", ask.contact, name="ask-contact"),
    path("ask-for-help/contact-details/", ask.contact_detail, name="ask-contact-detail"),
    path("ask-for-help/consent/", ask.consent, name="ask-consent"),
    path("ask-for-help/check/", ask.check, name="ask-check"),
    path("ask-for-help/done/", ask.done, name="ask-done"),
    path("ask-for-help/status/", ask.status, name="ask-status"),
    path("ask-for-help/privacy/", ask.privacy, name="ask-privacy"),
]
