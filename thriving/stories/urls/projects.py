"""Stories URLs: projects (the list, a project's page, moderation, setting one up and its
signifiers, its stories and a story's page). A project is named in its address by its slug, a
story and a signifier by their uuid."""

from django.urls import path

from thriving.stories.views import projects, projects_setup, stories

urlpatterns: list = [
    path("", projects.projects, name="projects"),
    path("projects/new/", projects_setup.project_new, name="project-new"),
    path("projects/<slug:slug>/", projects.project, name="project"),
    path("projects/<slug:slug>/change/", projects_setup.project_edit, name="project-edit"),
    path("projects/<slug:slug>/signifiers/", projects_setup.signifiers, name="signifiers"),
    path("projects/<slug:slug>/signifiers/new/", projects_setup.signifier_new, name="signifier-new"),
    path("projects/<slug:slug>/signifiers/<uuid:uuid>/", projects_setup.signifier_edit, name="signifier-edit"),
    path("projects/<slug:slug>/signifiers/<uuid:uuid>/delete/", projects_setup.signifier_delete,
         name="signifier-delete"),
    path("projects/<slug:slug>/signifiers/<uuid:uuid>/move/", projects_setup.signifier_move, name="signifier-move"),
    path("projects/<slug:slug>/stories/", stories.stories, name="stories"),
    path("projects/<slug:slug>/stories/<uuid:uuid>/", stories.story, name="story"),
    path("projects/<slug:slug>/stories/<uuid:uuid>/withdraw/", stories.story_withdraw, name="story-withdraw"),
    path("projects/<slug:slug>/moderation/", projects.waiting, name="waiting"),
    path("projects/<slug:slug>/moderation/<uuid:uuid>/", projects.moderate, name="moderate"),
]
