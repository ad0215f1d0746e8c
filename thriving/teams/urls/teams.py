"""URLs of the teams themselves: the list, setting one up, a team's page and its members."""

from django.urls import path

from thriving.teams.views import teams

urlpatterns = [
    path("teams/", teams.team_list, name="team-list"),
    path("teams/new/", teams.team_new, name="team-new"),
    path("teams/<slug:slug>/", teams.team_detail, name="team"),
    path("teams/<slug:slug>/members/", teams.members, name="members"),
    path("teams/<slug:slug>/members/<uuid:member_uuid>/remove/", teams.member_remove, name="member-remove"),
]
