"""Generate local budgets at scale for the benchmark: deterministic and fictional.

POTS pots (500 by default), one per locality in turn, public, each funded by CONTRIBUTIONS
contributions (5 a pot, as a pot's few funders give); AWARDS awards (50,000) spread over the pots
and the last three years, each from an application and a consent decision, paid out in parts
until the ledger holds about
ENTRIES entries (1,000,000): an award movement and its payments, two entries each, and two for
each contribution. Every movement balances and no pot or award goes below zero, as the ledger's
own writer would have it (the rows go in with COPY on PostgreSQL, executemany on SQLite, through
`bench.frontdoor_data.insert`; the append-only triggers allow inserts). A check at the end reads
every pot's trial balance back and fails the run if any is not zero.

Run inside the benchmark's database, after `places load`:
`python -m bench.budgets_data POTS AWARDS ENTRIES`.
"""

import datetime
import os
import random
import sys
import time
import uuid
from decimal import Decimal
from typing import Any

CONTRIBUTIONS = 5
DAY = datetime.timedelta(days=1)
PURPOSES = ["Seeds and tools for the community garden", "Tea and cake for the warm space",
            "Craft materials for the youth club", "Hire of the hall for a repair café",
            "Walking group leaflets", "Kit for the coffee morning", "Games for the after-school club"]
GROUPS = ["Friends of the Rec", "Larder Volunteers", "Wednesday Walkers", "Knit and Natter", "Youth Forum"]


def generate(pots: int, awards: int, entries: int, seed: int = 14) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.frontdoor_data import Table, _next_id, insert
    from thriving.budgets.models import (
        Account,
        Application,
        Award,
        Contribution,
        Decision,
        Entry,
        Movement,
        Payment,
        Pot,
    )
    from thriving.places.models import Locality

    started = time.perf_counter()
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    localities = list(Locality.objects.order_by("id").values_list("id", flat=True))
    models = (Pot, Contribution, Application, Decision, Award, Payment, Movement, Entry)
    tables = {model: Table(model) for model in models}
    first = {model: _next_id(model) for model in models}
    rows: dict[Any, list] = {model: [] for model in models}
    made = dict.fromkeys(models, 0)

    def add(model: Any, **values: Any) -> int:
        pk = first[model] + made[model]
        made[model] += 1
        rows[model].append(tables[model].row(id=pk, **values))
        return pk

    def move(pot: int, kind: str, on_date: datetime.date, lines: list[tuple[str, Decimal, int | None]],
             **links: Any) -> None:
        movement = add(Movement, uuid=uuid.UUID(int=rng.getrandbits(128)), pot_id=pot, kind=kind, on_date=on_date,
                       at=now, **links)
        for account, amount, award in lines:
            add(Entry, movement_id=movement, pot_id=pot, account=account, award_id=award, amount=amount)

    # Each pot's contributions first, so there is money to award.
    per_pot_awards = [awards // pots + (1 if n < awards % pots else 0) for n in range(pots)]
    payouts_left = max(0, entries - 2 * (pots * CONTRIBUTIONS + awards)) // 2
    per_award_payments = payouts_left / max(awards, 1)
    paid_so_far = 0
    award_n = 0
    label = {model: "entries" if model is Entry else str(model._meta.verbose_name_plural) for model in models}
    counts = dict.fromkeys(label.values(), 0)

    def flush() -> None:
        for model in models:
            counts[label[model]] += insert(tables[model], rows[model])
            rows[model].clear()

    atomic = transaction.atomic()
    atomic.__enter__()
    for n in range(pots):
        locality = localities[n % len(localities)]
        pot = add(Pot, name=f"Bench Pot {n}", slug=f"bench-pot-{n}", kind="locality", locality_id=locality,
                  delegated_limit=Decimal("500.00"), signoff_reminder_days=3, is_public=True,
                  uuid=uuid.UUID(int=rng.getrandbits(128)), created_at=now, updated_at=now, version=1)
        amounts = [Decimal(rng.randint(400, 900)) * 10 for _ in range(per_pot_awards[n])]
        need = sum(amounts, Decimal("0")) + Decimal("1000.00")
        share = (need / CONTRIBUTIONS).quantize(Decimal("0.01")) + Decimal("0.01")
        for c in range(CONTRIBUTIONS):
            received = today - (3 * 365 + 30 - c * 200) * DAY
            contribution = add(Contribution, pot_id=pot, funder_name=f"Bench Funder {c % 7}", amount=share,
                               received_on=received, uuid=uuid.UUID(int=rng.getrandbits(128)), created_at=now,
                               updated_at=now, version=1)
            move(pot, "contribution", received, [(Account.FUNDS, share, None), (Account.CONTRIBUTED, -share, None)],
                 contribution_id=contribution)
        for amount in amounts:
            awarded_on = today - rng.randint(1, 3 * 365) * DAY
            reference = f"LB-B{award_n:07d}"
            title = rng.choice(PURPOSES)
            application = add(
                Application, reference=reference, pot_id=pot, source="group",
                applicant_name=f"Bench Applicant {award_n}",
                group_name=rng.choice(GROUPS), title=title, purpose=title + ".", amount_requested=amount,
                beneficiaries="Neighbours of all ages", beneficiary_count=rng.randint(5, 80), locality_id=locality,
                evidence="Photos and a short story", status="awarded", uuid=uuid.UUID(int=rng.getrandbits(128)),
                created_at=now, updated_at=now, version=1)
            decision = add(Decision, application_id=application, method="consent", outcome="fund", amount=amount,
                           decided_on=awarded_on, signoff="not_needed", proposal=f"Fund {title.lower()}",
                           vote_summary="{}",
                           uuid=uuid.UUID(int=rng.getrandbits(128)), created_at=now, updated_at=now, version=1)
            award = add(Award, pot_id=pot, application_id=application, decision_id=decision, title=title,
                        purpose=title + ".", amount=amount, recipient_kind="group", recipient_name=rng.choice(GROUPS),
                        awarded_on=awarded_on, locality_id=locality, uuid=uuid.UUID(int=rng.getrandbits(128)),
                        created_at=now, updated_at=now, version=1)
            move(pot, "award", awarded_on, [(Account.FUNDS, -amount, None), (Account.COMMITTED, amount, award)],
                 award_id=award)
            # Paid in parts: this award's share of the payments, never more than it was given.
            parts = int(per_award_payments * (award_n + 1)) - paid_so_far
            paid_so_far += parts
            part = (amount / max(parts, 1) / 2).quantize(Decimal("0.01"))
            for p in range(parts):
                paid_on = min(awarded_on + (p + 1) * 7 * DAY, today)
                payment = add(Payment, award_id=award, amount=part, paid_on=paid_on, reference=f"BP{award_n}-{p}",
                              uuid=uuid.UUID(int=rng.getrandbits(128)), created_at=now, updated_at=now, version=1)
                move(pot, "payment", paid_on, [(Account.COMMITTED, -part, award), (Account.SPENT, part, award)],
                     award_id=award, payment_id=payment)
            award_n += 1
        if n % 20 == 19:
            flush()  # a few pots at a time, so that a million entries are never held at once
    flush()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(tables)):
                cursor.execute(sql)
    atomic.__exit__(None, None, None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pot_id, SUM(amount) FROM budgets_entry GROUP BY pot_id HAVING SUM(amount) <> 0")
        unbalanced = cursor.fetchall()
        if unbalanced:
            raise SystemExit(f"generated pots whose trial balance is not zero: {unbalanced[:5]}")
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {**counts, "seconds": round(time.perf_counter() - started, 1)}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thriving.settings")
    made = generate(*(int(arg) for arg in sys.argv[1:4]))
    print("generated: " + ", ".join(f"{key} {value:,}" for key, value in made.items()), flush=True)
