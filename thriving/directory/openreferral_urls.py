"""The Open Referral UK 3.0 API under /openreferral/: public, CORS-open."""

app_name = "openreferral"

urlpatterns: list = []
