"""The public spend pages: the public pots and the localities that have them, and every award of a
pot or a locality with its purpose, amount, recipient (an individual never named), date, decision
method and what happened. Every figure is read from the ledger (`queries.ledger`), so the rows
shown add up to the totals, to the penny, and the totals are the ledger's own.

A page of awards is read in a fixed number of queries whatever the size of the pot (the awards,
their money in one query, what happened in one more); a download reads the awards in chunks of
`CHUNK`, each the same three queries, so that it streams without holding every award at once."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from thriving.budgets.models import Award, AwardOutcome, Pot
from thriving.budgets.queries import ledger
from thriving.core import access
from thriving.core.queries import page_of
from thriving.places import queries as places

PER_PAGE = 50
POTS_PER_PAGE = 50
CHUNK = 1000
ZERO = Decimal("0.00")
PENNY = Decimal("0.01")


def pence(value: Decimal) -> Decimal:
    """A sum of pence as pence (SQLite answers sums with more places, all zeros)."""
    return value.quantize(PENNY)


@dataclass(frozen=True)
class Outcome:
    """What happened with an award, as it is shown in public."""

    what_happened: str
    people_taking_part: int | None
    story: str


@dataclass(frozen=True)
class SpendRow:
    """One award as the public sees it. `awarded`, `paid` and `remaining` are the ledger's."""

    uuid: str
    pot_name: str
    pot_slug: str
    title: str
    purpose: str
    recipient: str
    awarded_on: Any
    method: str
    awarded: Decimal
    paid: Decimal
    remaining: Decimal
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def what_happened(self) -> str:
        return " ".join(
            outcome.what_happened + (f" ({outcome.people_taking_part} took part)" if outcome.people_taking_part else "")
            for outcome in self.outcomes
        )


@dataclass(frozen=True)
class Totals:
    """The pots' figures from the ledger: what they were given (by funders and by transfers in),
    what they awarded (paid and still to pay) and what is available. `contributed +
    transferred_in == awarded + available` when the books balance."""

    contributed: Decimal = ZERO
    transferred_in: Decimal = ZERO
    awarded: Decimal = ZERO
    paid: Decimal = ZERO
    remaining: Decimal = ZERO
    available: Decimal = ZERO

    def as_json(self) -> dict[str, str]:
        return {name: str(getattr(self, name)) for name in (
            "contributed", "transferred_in", "awarded", "paid", "remaining", "available")}


def totals_of(balances: Iterable[ledger.PotBalance]) -> Totals:
    found = list(balances)
    return Totals(
        contributed=pence(sum((b.contributed for b in found), ZERO)),
        transferred_in=pence(sum((b.transferred_in for b in found), ZERO)),
        awarded=pence(sum((b.committed + b.spent for b in found), ZERO)),
        paid=pence(sum((b.spent for b in found), ZERO)),
        remaining=pence(sum((b.committed for b in found), ZERO)),
        available=pence(sum((b.available for b in found), ZERO)),
    )


# --- The pots and localities ----------------------------------------------------------------------


def public_pots(user: Any) -> QuerySet[Pot]:
    """The pots whose spending is public, for anyone."""
    return access.restrict(Pot.objects.all(), user, "view_public").select_related("locality").order_by("name", "pk")


@dataclass(frozen=True)
class PotSummary:
    pot: Pot
    totals: Totals


def pots_page(user: Any, number: Any) -> Any:
    """A page of the public pots, each with its totals (one query for the page's balances)."""
    page = page_of(public_pots(user), number, POTS_PER_PAGE)
    pots = list(page.object_list)
    balances = ledger.pot_balances(pots)
    page.summaries = [PotSummary(pot, totals_of([balances[pot.pk]])) for pot in pots]  # type: ignore[attr-defined]
    return page


def localities_with_public_pots(user: Any) -> QuerySet:
    """The localities (from places) that have a public pot, each with how many."""
    pots = public_pots(user)
    return (
        places.localities().filter(pk__in=pots.values("locality_id"))
        .annotate(public_pots=Count("pots", filter=Q(pots__in=pots.values("pk")), distinct=True))
    )


def pot(user: Any, slug: str) -> Pot:
    """A public pot, or 404 (a pot that is not public is not there for the public)."""
    return access.get_visible_or_404(Pot.objects.select_related("locality"), user, "view_public", slug=slug)


def locality(slug: str) -> Any:
    """The locality (through places), or None."""
    return places.locality(slug)


def locality_pots(user: Any, found_locality: Any) -> list[Pot]:
    return list(public_pots(user).filter(locality=found_locality))


def pot_totals(found: Pot) -> Totals:
    return totals_of([ledger.pot_balance(found)])


def pots_totals(pots: list[Pot]) -> Totals:
    return totals_of(ledger.pot_balances(pots).values())


# --- The awards ------------------------------------------------------------------------------------


def awards(user: Any, pots: list[Pot]) -> QuerySet[Award]:
    """The public awards of the pots, newest first."""
    return (
        access.restrict(Award.objects.all(), user, "view_public").filter(pot__in=[p.pk for p in pots])
        .select_related("pot", "decision").order_by("-awarded_on", "-id")
    )


def _outcomes(user: Any, ids: list[int]) -> dict[int, list[Outcome]]:
    found: dict[int, list[Outcome]] = defaultdict(list)
    rows = (
        access.restrict(AwardOutcome.objects.all(), user, "view_public").filter(award_id__in=ids)
        .order_by("created_at", "id").values_list("award_id", "what_happened", "people_taking_part", "story")
    )
    for award_id, what, people, story in rows:
        found[award_id].append(Outcome(what, people, story))
    return found


def rows_of(user: Any, chunk: list[Award]) -> list[SpendRow]:
    """The rows for a list of awards: their money in one query, what happened in another."""
    money = ledger.awards_money(chunk)
    outcomes = _outcomes(user, [award.pk for award in chunk])
    return [
        SpendRow(
            uuid=str(award.uuid), pot_name=award.pot.name, pot_slug=award.pot.slug, title=award.title,
            purpose=award.purpose, recipient=award.public_recipient, awarded_on=award.awarded_on,
            method=award.decision.get_method_display(), awarded=pence(money[award.pk].awarded),
            paid=pence(money[award.pk].paid), remaining=pence(money[award.pk].remaining),
            outcomes=outcomes.get(award.pk, []),
        )
        for award in chunk
    ]


def awards_page(user: Any, pots: list[Pot], number: Any) -> Any:
    """One page of the awards with their rows (`page.rows`)."""
    page = page_of(awards(user, pots), number, PER_PAGE)
    page.rows = rows_of(user, list(page.object_list))  # type: ignore[attr-defined]
    return page


def chunks(queryset: QuerySet[Award], size: int | None = None) -> Iterator[list[Award]]:
    """The awards in order, `size` (`CHUNK`) at a time: their ids first, then each chunk's rows."""
    size = size or CHUNK
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), size):
        wanted = ids[start:start + size]
        found = queryset.order_by().in_bulk(wanted)
        yield [found[pk] for pk in wanted if pk in found]


def all_rows(user: Any, pots: list[Pot]) -> Iterator[SpendRow]:
    """Every row, for the downloads, read a chunk at a time."""
    for chunk in chunks(awards(user, pots)):
        yield from rows_of(user, chunk)


# --- The downloads -----------------------------------------------------------------------------------

CSV_COLUMNS = [
    "Pot", "Award", "Title", "Purpose", "Recipient", "Awarded on", "Decided by",
    "Awarded (£)", "Paid (£)", "Left to pay (£)", "What happened",
]


def csv_rows(rows: Iterable[SpendRow], totals: Totals) -> Iterator[list[Any]]:
    for row in rows:
        yield [row.pot_name, row.uuid, row.title, row.purpose, row.recipient, row.awarded_on.isoformat(),
               row.method, row.awarded, row.paid, row.remaining, row.what_happened]
    yield ["Total", "", "", "", "", "", "", totals.awarded, totals.paid, totals.remaining, ""]


def row_json(row: SpendRow) -> dict[str, Any]:
    return {
        "id": row.uuid, "pot": row.pot_slug, "title": row.title, "purpose": row.purpose,
        "recipient": row.recipient, "awarded_on": row.awarded_on.isoformat(), "decided_by": row.method,
        "awarded": str(row.awarded), "paid": str(row.paid), "left_to_pay": str(row.remaining),
        "what_happened": [
            {"what_happened": o.what_happened, "people_taking_part": o.people_taking_part, "story": o.story}
            for o in row.outcomes
        ],
    }


def pot_json(found: Pot) -> dict[str, Any]:
    return {"slug": found.slug, "name": found.name, "about": found.about, "locality": found.locality.name}
