"""Stories URLs: msc (Most Significant Change rounds: the list, setting one up, a round's page,
putting a story forward and taking it out, starting the panel's selecting, the panel's
selections, passing them up). A round and a candidate are named by their uuid."""

from django.urls import path

from thriving.stories.views import msc

urlpatterns: list = [
    path("change/", msc.rounds, name="rounds"),
    path("change/new/", msc.round_new, name="round-new"),
    path("change/<uuid:uuid>/", msc.round_, name="round"),
    path("change/<uuid:uuid>/put-forward/", msc.candidate_add, name="round-candidate-add"),
    path("change/<uuid:uuid>/candidates/<uuid:candidate>/remove/", msc.candidate_remove,
         name="round-candidate-remove"),
    path("change/<uuid:uuid>/start-selecting/", msc.round_status, name="round-status"),
    path("change/<uuid:uuid>/select/", msc.round_select, name="round-select"),
    path("change/<uuid:uuid>/pass-up/", msc.round_pass_up, name="round-pass-up"),
]
