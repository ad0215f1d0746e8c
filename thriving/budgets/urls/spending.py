"""Budgets URLs: spending (a pot's awards, one award, paying it, expenses and their receipts, what
happened and its photo)."""

from django.urls import path

from thriving.budgets.views import awards, expenses

urlpatterns: list = [
    path("pots/<slug:slug>/awards/", awards.awards, name="awards"),
    path("awards/<uuid:uuid>/", awards.award, name="award"),
    path("awards/<uuid:uuid>/pay/", awards.payment_add, name="payment-add"),
    path("awards/<uuid:uuid>/what-happened/", awards.outcome, name="outcome"),
    path("awards/<uuid:uuid>/photo/", awards.outcome_photo, name="outcome-photo"),
    path("awards/<uuid:uuid>/expenses/add/", expenses.expense_add, name="expense-add"),
    path("expenses/", expenses.expenses, name="expenses"),
    path("expenses/<uuid:uuid>/", expenses.expense, name="expense"),
    path("expenses/<uuid:uuid>/submit/", expenses.expense_submit, name="expense-submit"),
    path("expenses/<uuid:uuid>/approve/", expenses.expense_approve, name="expense-approve"),
    path("expenses/<uuid:uuid>/reject/", expenses.expense_reject, name="expense-reject"),
    path("expenses/<uuid:uuid>/pay/", expenses.expense_pay, name="expense-pay"),
    path("expenses/<uuid:uuid>/receipt/", expenses.receipt, name="receipt"),
]
