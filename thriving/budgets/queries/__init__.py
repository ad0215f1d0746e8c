"""The budgets app's reads, by concept: ledger (balances and the trial balance), pots,
applications, decisions, spending, public (the spend page), giving360 (the 360Giving export)."""
