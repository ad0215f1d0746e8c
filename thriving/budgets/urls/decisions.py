"""Budgets URLs: decisions (the team's consent decision about an application, team votes and the
public vote of a round, and an enabler's sign-off)."""

from django.urls import path

from thriving.budgets.views import decisions, votes

urlpatterns: list = [
    path("applications/<str:reference>/decide/", decisions.decide, name="decide"),
    path("sign-off/", decisions.signoffs, name="signoffs"),
    path("decisions/<uuid:uuid>/sign-off/", decisions.signoff, name="signoff"),
    path("pots/<slug:slug>/rounds/<slug:round_slug>/team-vote/", votes.team_vote, name="team-vote"),
    path("pots/<slug:slug>/rounds/<slug:round_slug>/team-vote/results/", votes.team_vote_results,
         name="team-vote-results"),
    path("vote/<slug:slug>/<slug:round_slug>/", votes.public_vote, name="public-vote"),
    path("vote/<slug:slug>/<slug:round_slug>/results/", votes.public_vote_results, name="public-vote-results"),
    path("vote/<slug:slug>/<slug:round_slug>/publish/", votes.public_vote_publish, name="public-vote-publish"),
    path("vote/<slug:slug>/<slug:round_slug>/decide/", votes.public_vote_decide, name="public-vote-decide"),
]
