"""Stories URLs: sensemaking (filled in with its pages)."""

urlpatterns: list = []
