"""Budgets URLs: pots."""

urlpatterns: list = []
