"""Budgets URLs: decisions."""

urlpatterns: list = []
