"""Budgets URLs: public."""

urlpatterns: list = []
