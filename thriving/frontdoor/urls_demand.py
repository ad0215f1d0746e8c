"""URLs of the front door: the demand picture and its CSV download."""

from django.urls import path

from thriving.frontdoor.views import demand

urlpatterns = [
    path("demand/", demand.demand_page, name="demand"),
    path("demand/download.csv", demand.demand_csv, name="demand-csv"),
]
