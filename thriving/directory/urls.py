"""The directory's pages. Every view declares its access policy."""

app_name = "directory"

urlpatterns: list = []
