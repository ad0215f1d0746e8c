"""Stories URLs: projects (the list, a project's page, moderation). A project is named in its
address by its slug, a story by its uuid."""

from django.urls import path

from thriving.stories.views import projects

urlpatterns: list = [
    path("", projects.projects, name="projects"),
    path("projects/<slug:slug>/", projects.project, name="project"),
    path("projects/<slug:slug>/moderation/", projects.waiting, name="waiting"),
    path("projects/<slug:slug>/moderation/<uuid:uuid>/", projects.moderate, name="moderate"),
]
