"""URLs of the demand picture and its CSV download."""

from django.urls import path

from thriving.frontdoor.demand import views

urlpatterns = [
    path("demand/", views.demand_page, name="demand"),
    path("demand/download.csv", views.demand_csv, name="demand-csv"),
]
