"""Budgets URLs: pots (the list, a pot's page, creating and changing one), contributions, rounds,
transfers between pots and reversals. A pot is named in its address by its slug, a round by its
slug within the pot, a movement by its uuid."""

from django.urls import path

from thriving.budgets.views import pots, rounds

urlpatterns: list = [
    path("", pots.pots, name="pots"),
    path("pots/add/", pots.pot_add, name="pot-add"),
    path("pots/<slug:slug>/", pots.pot, name="pot"),
    path("pots/<slug:slug>/change/", pots.pot_change, name="pot-change"),
    path("pots/<slug:slug>/contributions/add/", pots.contribution_add, name="contribution-add"),
    path("pots/<slug:slug>/rounds/add/", rounds.round_add, name="round-add"),
    path("pots/<slug:slug>/rounds/<slug:round_slug>/", rounds.round_page, name="round"),
    path("pots/<slug:slug>/rounds/<slug:round_slug>/change/", rounds.round_change, name="round-change"),
    path("pots/<slug:slug>/transfer/", pots.transfer, name="transfer"),
    path("pots/<slug:slug>/movements/<uuid:uuid>/reverse/", pots.movement_reverse, name="movement-reverse"),
]
