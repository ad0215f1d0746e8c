"""URLs (to be filled in)."""

urlpatterns: list = []
