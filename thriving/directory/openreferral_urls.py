"""The Open Referral UK 3.0 API under /openreferral/: public, CORS-open."""

from django.urls import path, re_path

from thriving.directory.openreferral import views

app_name = "openreferral"

urlpatterns = [
    path("", views.api_details, name="api-details"),
    path("services", views.services, name="services"),
    path("services/<str:id>", views.service, name="service"),
    path("service_at_locations", views.service_at_locations, name="service-at-locations"),
    path("service_at_locations/<str:id>", views.service_at_location, name="service-at-location"),
    path("organizations", views.organizations, name="organizations"),
    path("organizations/<str:id>", views.organization, name="organization"),
    path("taxonomies", views.taxonomies, name="taxonomies"),
    path("taxonomies/<str:id>", views.taxonomy, name="taxonomy"),
    path("taxonomy_terms", views.taxonomy_terms, name="taxonomy-terms"),
    path("taxonomy_terms/<str:id>", views.taxonomy_term, name="taxonomy-term"),
    re_path(r"^(?P<path>.+)$", views.not_found, name="not-found"),
]
