"""What the budgets services share: the refusal they raise, and the checks every amount of money
passes (pence-exact, positive, never a float)."""

from decimal import Decimal
from typing import Any

from thriving.core.conflicts import ActionRefused

LARGEST = Decimal("9999999999.99")


class BudgetRefused(ActionRefused):
    """A change to a budget that cannot be made, with a message for the person. Nothing is written."""


def money(amount: Any) -> str:
    """An amount as people read it: £1,234.50."""
    return f"£{Decimal(amount):,.2f}"


def check_amount(amount: Any, what: str = "The amount") -> Decimal:
    """Refuse an amount that is not a Decimal of whole pence above zero."""
    if isinstance(amount, float) or not isinstance(amount, Decimal | int):
        raise BudgetRefused(f"{what} must be an exact amount in pounds and pence.")
    value = Decimal(amount)
    if not value.is_finite():
        raise BudgetRefused(f"{what} must be an amount in pounds and pence.")
    if value <= 0:
        raise BudgetRefused(f"{what} must be more than £0.")
    if value != value.quantize(Decimal("0.01")):
        raise BudgetRefused(f"{what} must be in whole pence, such as £12.50.")
    if value > LARGEST:
        raise BudgetRefused(f"{what} is too large.")
    return value
