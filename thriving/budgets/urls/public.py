"""Budgets URLs: public (the public spend pages, their downloads and the 360Giving export)."""

from django.urls import path

from thriving.budgets.views import giving360, public

urlpatterns: list = [
    path("spending/", public.spend, name="spend"),
    path("spending/places/<slug:locality>/", public.spend_locality, name="spend-locality"),
    path("spending/places/<slug:locality>/spending.csv", public.spend_locality_csv, name="spend-locality-csv"),
    path("spending/places/<slug:locality>/spending.json", public.spend_locality_json, name="spend-locality-json"),
    path("spending/<slug:slug>/", public.spend_pot, name="spend-pot"),
    path("spending/<slug:slug>/spending.csv", public.spend_pot_csv, name="spend-pot-csv"),
    path("spending/<slug:slug>/spending.json", public.spend_pot_json, name="spend-pot-json"),
    path("360giving/grants.json", giving360.grants_json, name="360giving"),
    path("360giving/grants.xlsx", giving360.grants_xlsx, name="360giving-xlsx"),
    path("360giving/settings/", giving360.publishing, name="publishing"),
]
