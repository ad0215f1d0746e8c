"""URLs of the front door: public pages (no account): asking for help, one question a page."""

from django.urls import path

from thriving.frontdoor.views import public

urlpatterns = [
    path("ask-for-help/", public.start, name="ask-start"),
    path("ask-for-help/danger/", public.danger, name="ask-danger"),
    path("ask-for-help/urgent/", public.urgent, name="ask-urgent"),
    path("ask-for-help/who/", public.who, name="ask-who"),
    path("ask-for-help/about-you/", public.asker, name="ask-asker"),
    path("ask-for-help/name/", public.name, name="ask-name"),
    path("ask-for-help/whats-going-on/", public.story, name="ask-story"),
    path("ask-for-help/needs/", public.needs, name="ask-needs"),
    path("ask-for-help/postcode/", public.postcode, name="ask-postcode"),
    path("ask-for-help/contact/", public.contact, name="ask-contact"),
    path("ask-for-help/contact-details/", public.contact_detail, name="ask-contact-detail"),
    path("ask-for-help/consent/", public.consent, name="ask-consent"),
    path("ask-for-help/check/", public.check, name="ask-check"),
    path("ask-for-help/done/", public.done, name="ask-done"),
    path("ask-for-help/status/", public.status, name="ask-status"),
    path("ask-for-help/privacy/", public.privacy, name="ask-privacy"),
]
