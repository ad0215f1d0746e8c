"""Stories URLs: telling (filled in with its pages)."""

urlpatterns: list = []
