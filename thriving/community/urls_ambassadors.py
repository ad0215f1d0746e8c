"""Ambassadors: public profiles and stories under /ambassadors/, the ambassador's own pages under
/ambassador/, and making profiles under /ambassador-profiles/."""

from django.urls import path

from thriving.community.views import ambassadors

urlpatterns = [
    path("ambassadors/", ambassadors.index, name="ambassadors"),
    path("ambassadors/<slug:slug>/", ambassadors.profile, name="ambassador"),
    path("ambassadors/<slug:slug>/stories/<uuid:story_uuid>/", ambassadors.story, name="ambassador-story"),
    path("ambassador-profiles/", ambassadors.profiles, name="ambassador-profiles"),
    path("ambassador/", ambassadors.mine, name="my-ambassador"),
    path("ambassador/stories/new/", ambassadors.story_new, name="my-story-new"),
    path("ambassador/stories/<uuid:story_uuid>/", ambassadors.story_edit, name="my-story"),
    path("ambassador/stories/<uuid:story_uuid>/publish/", ambassadors.story_publish, name="my-story-publish"),
    path("ambassador/stories/<uuid:story_uuid>/withdraw/", ambassadors.story_withdraw, name="my-story-withdraw"),
]
