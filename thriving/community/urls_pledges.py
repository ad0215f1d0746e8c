"""Pledges: the public pages under /pledges/ and the staff pages under /pledge-campaigns/."""

from django.urls import path

from thriving.community.views import pledges

urlpatterns = [
    path("pledges/", pledges.index, name="pledges"),
    path("pledges/<slug:slug>/", pledges.campaign, name="pledge"),
    path("pledges/<slug:slug>/sign/", pledges.sign, name="pledge-sign"),
    path("pledges/<slug:slug>/sign-organisation/", pledges.sign_organisation, name="pledge-sign-organisation"),
    path("pledges/<slug:slug>/signed/", pledges.signed, name="pledge-signed"),
    path("pledge-campaigns/", pledges.campaigns, name="pledge-campaigns"),
    path("pledge-campaigns/new/", pledges.campaign_new, name="pledge-campaign-new"),
    path("pledge-campaigns/<slug:slug>/", pledges.campaign_manage, name="pledge-campaign"),
    path("pledge-campaigns/<slug:slug>/publish/", pledges.campaign_publish, name="pledge-campaign-publish"),
    path("pledge-campaigns/<slug:slug>/signatures.csv", pledges.signatures_csv, name="pledge-signatures-csv"),
    path("pledge-campaigns/<slug:slug>/commitments/<uuid:pledge_uuid>/progress/", pledges.record_progress,
         name="pledge-progress"),
]
