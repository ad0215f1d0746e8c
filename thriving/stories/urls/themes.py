"""Stories URLs: themes (filled in with its pages)."""

urlpatterns: list = []
