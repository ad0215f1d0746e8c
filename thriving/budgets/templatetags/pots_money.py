"""Amounts of money as people read them on the pots pages: `{{ amount|pounds }}` gives £1,234.50,
and −£250.00 for money out (a true minus sign)."""

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def pounds(amount: Any) -> str:
    if amount is None or amount == "":
        return ""
    value = Decimal(amount)
    text = f"£{abs(value):,.2f}"
    return f"\u2212{text}" if value < 0 else text


@register.filter
def signed_pounds(amount: Any) -> str:
    """+£100.00 for money in, −£100.00 for money out, and £0.00."""
    value = Decimal(amount or 0)
    return f"+{pounds(value)}" if value > 0 else pounds(value)


@register.filter
def negated(amount: Any) -> Decimal:
    """The amount the other way: what a reversal writes for an entry."""
    return -Decimal(amount or 0)
