"""Stories URLs: shared (the stories shared with partners, anonymised)."""

from django.urls import path

from thriving.stories.views import shared

urlpatterns: list = [
    path("shared/", shared.shared, name="shared"),
]
