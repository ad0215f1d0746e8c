"""Stories URLs: coding (filled in with its pages)."""

urlpatterns: list = []
