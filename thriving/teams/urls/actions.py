"""URLs of a person's own actions and of closing one."""

from django.urls import path

from thriving.teams.views import actions

urlpatterns = [
    path("actions/", actions.my_actions, name="my-actions"),
    path("actions/<uuid:action_uuid>/close/", actions.action_close, name="action-close"),
]
