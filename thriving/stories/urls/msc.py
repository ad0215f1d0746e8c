"""Stories URLs: msc (filled in with its pages)."""

urlpatterns: list = []
