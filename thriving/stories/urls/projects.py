"""Stories URLs: projects (the list, a project's page, setting one up and its signifiers,
moderation, a story's page). A project is named in its address by its slug, a story by its uuid."""

from django.urls import path

from thriving.stories.views import projects

urlpatterns: list = [
    path("", projects.projects, name="projects"),
]
