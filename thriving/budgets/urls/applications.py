"""Budgets URLs: applications (the public form and its confirmation, applying from a community
idea, a pot's applications, one application, withdrawing one)."""

from django.urls import path

from thriving.budgets.views import applications, apply

urlpatterns: list = [
    path("apply/<slug:slug>/", apply.apply, name="apply"),
    path("apply/<slug:slug>/sent/", apply.applied, name="applied"),
    path("apply/<slug:slug>/<slug:round_slug>/", apply.apply_round, name="apply-round"),
    path("pots/<slug:slug>/apply-from-idea/", applications.apply_from_idea, name="apply-from-idea"),
    path("pots/<slug:slug>/applications/", applications.pot_applications, name="applications"),
    path("applications/<str:reference>/", applications.application_detail, name="application"),
    path("applications/<str:reference>/withdraw/", applications.withdraw, name="application-withdraw"),
]
