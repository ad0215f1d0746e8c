"""Budgets URLs: spending."""

urlpatterns: list = []
