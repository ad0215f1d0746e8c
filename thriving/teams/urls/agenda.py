"""URLs of a huddle's page (its agenda, then its minutes) and of the items members add, remove and
move on the agenda. `HUDDLE` and `ITEM` are the paths the running of a huddle builds on too."""

from django.urls import path

from thriving.teams.views import agenda

HUDDLE = "teams/<slug:slug>/huddles/<uuid:huddle_uuid>/"
ITEM = HUDDLE + "items/<uuid:item_uuid>/"

urlpatterns = [
    path(HUDDLE, agenda.huddle, name="huddle"),
    path(HUDDLE + "items/", agenda.item_add, name="item-add"),
    path(ITEM + "remove/", agenda.item_remove, name="item-remove"),
    path(ITEM + "move/", agenda.item_move, name="item-move"),
    path(ITEM + "bring-back/", agenda.item_bring_back, name="item-bring-back"),
]
