"""Budgets URLs: applications."""

urlpatterns: list = []
