"""URLs of an organisation's referrals: its queue, answering each one, and its settings."""

from django.urls import path

from thriving.frontdoor.views import referrals

urlpatterns = [
    path("referrals/", referrals.referral_queue, name="referral-queue"),
    path("referrals/settings/", referrals.referral_settings, name="referral-settings"),
    path("referrals/<uuid:uuid>/", referrals.referral_detail, name="referral"),
    path("referrals/<uuid:uuid>/accept/", referrals.accept, name="referral-accept"),
    path("referrals/<uuid:uuid>/decline/", referrals.decline, name="referral-decline"),
    path("referrals/<uuid:uuid>/complete/", referrals.complete, name="referral-complete"),
]
