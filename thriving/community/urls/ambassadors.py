"""Ambassadors: public profiles and stories under /ambassadors/, the ambassador's own pages under
/ambassador/, and making profiles under /ambassador-profiles/."""

from django.urls import path

from thriving.community.views.ambassadors import public, staff

urlpatterns = [
    path("ambassadors/", public.index, name="ambassadors"),
    path("ambassadors/<slug:slug>/", public.profile, name="ambassador"),
    path("ambassadors/<slug:slug>/stories/<uuid:story_uuid>/", public.story, name="ambassador-story"),
    path("ambassador-profiles/", staff.profiles, name="ambassador-profiles"),
    path("ambassador/", staff.mine, name="my-ambassador"),
    path("ambassador/stories/new/", staff.story_new, name="my-story-new"),
    path("ambassador/stories/<uuid:story_uuid>/", staff.story_edit, name="my-story"),
    path("ambassador/stories/<uuid:story_uuid>/publish/", staff.story_publish, name="my-story-publish"),
    path("ambassador/stories/<uuid:story_uuid>/withdraw/", staff.story_withdraw, name="my-story-withdraw"),
]
