"""Stories URLs: priorities (filled in with its pages)."""

urlpatterns: list = []
