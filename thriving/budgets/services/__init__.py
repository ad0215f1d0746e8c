"""The budgets app's writes, by concept: ledger (every movement of money), pots, applications,
decisions, spending. Callers import the concept module: `from thriving.budgets.services import ledger`."""
