"""Stories URLs: priorities (the list, setting one up from a confirmed theme with `?theme=<uuid>`,
a priority's page, changing it, linking what responds to it, taking a quote from a story and
reviewing it). A priority and a quote are named in their address by their uuid."""

from django.urls import path

from thriving.stories.views import priorities

urlpatterns: list = [
    path("priorities/", priorities.priorities, name="priorities"),
    path("priorities/new/", priorities.priority_new, name="priority-new"),
    path("priorities/<uuid:uuid>/", priorities.priority, name="priority"),
    path("priorities/<uuid:uuid>/edit/", priorities.priority_edit, name="priority-edit"),
    path("priorities/<uuid:uuid>/links/", priorities.priority_links, name="priority-links"),
    path("priorities/<uuid:uuid>/quotes/new/", priorities.quote_new, name="quote-new"),
    path("quotes/<uuid:uuid>/review/", priorities.quote_review, name="quote-review"),
]
