"""Stories URLs: themes (a project's suggested and decided themes, asking for suggestions, the
run's status for htmx polling, a theme's page and the decision on it)."""

from django.urls import path

from thriving.stories.views import themes

urlpatterns = [
    path("projects/<slug:slug>/themes/", themes.themes, name="themes"),
    path("projects/<slug:slug>/themes/suggest/", themes.suggest, name="themes-suggest"),
    path("projects/<slug:slug>/themes/status/", themes.run_status, name="themes-status"),
    path("projects/<slug:slug>/themes/<uuid:uuid>/", themes.theme, name="theme"),
    path("projects/<slug:slug>/themes/<uuid:uuid>/decide/", themes.decide, name="theme-decide"),
]
