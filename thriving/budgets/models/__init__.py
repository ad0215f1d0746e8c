"""The budgets app's models, by concept: pots (pots, contributions, rounds, publishing),
applications, decisions (decisions, votes, awards), the ledger (movements and entries) and
spending (payments, expenses, what happened)."""

from thriving.budgets.models.applications import Application, BudgetItem
from thriving.budgets.models.decisions import Award, Decision, PublicVote, TeamVote
from thriving.budgets.models.ledger import Account, Entry, Movement
from thriving.budgets.models.pots import MONEY, PENNY, Contribution, Pot, Publishing, Round
from thriving.budgets.models.spending import AwardOutcome, Expense, Payment

__all__ = [
    "MONEY", "PENNY", "Account", "Application", "Award", "AwardOutcome", "BudgetItem", "Contribution",
    "Decision", "Entry", "Expense", "Movement", "Payment", "Pot", "PublicVote", "Publishing", "Round", "TeamVote",
]
