"""Pledges: the public pages under /pledges/ and the staff pages under /pledge-campaigns/."""

from django.urls import path

from thriving.community.views.pledges import public, staff

urlpatterns = [
    path("pledges/", public.index, name="pledges"),
    path("pledges/<slug:slug>/", public.campaign, name="pledge"),
    path("pledges/<slug:slug>/sign/", public.sign, name="pledge-sign"),
    path("pledges/<slug:slug>/sign-organisation/", public.sign_organisation, name="pledge-sign-organisation"),
    path("pledges/<slug:slug>/signed/", public.signed, name="pledge-signed"),
    path("pledge-campaigns/", staff.campaigns, name="pledge-campaigns"),
    path("pledge-campaigns/new/", staff.campaign_new, name="pledge-campaign-new"),
    path("pledge-campaigns/<slug:slug>/", staff.campaign_manage, name="pledge-campaign"),
    path("pledge-campaigns/<slug:slug>/publish/", staff.campaign_publish, name="pledge-campaign-publish"),
    path("pledge-campaigns/<slug:slug>/signatures.csv", staff.signatures_csv, name="pledge-signatures-csv"),
    path("pledge-campaigns/<slug:slug>/commitments/<uuid:pledge_uuid>/progress/", staff.record_progress,
         name="pledge-progress"),
]
