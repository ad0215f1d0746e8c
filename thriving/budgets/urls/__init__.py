"""The budgets app's URLs, by concept: pots (pots, contributions, rounds, transfers, reversals),
applications (the public form, from a community idea, the team's list), decisions (consent at a
huddle, team and public votes, sign-off), spending (awards, payments, expenses and receipts, what
happened), public (the public spend pages, their downloads and the 360Giving export)."""

from thriving.budgets.urls import applications, decisions, pots, public, spending

app_name = "budgets"
urlpatterns = [
    *pots.urlpatterns,
    *applications.urlpatterns,
    *decisions.urlpatterns,
    *spending.urlpatterns,
    *public.urlpatterns,
]
