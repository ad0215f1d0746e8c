"""Writes of the needs taxonomy: loading a taxonomy file (by default the Thriving needs)."""

import json
from pathlib import Path

from django.db import transaction

from thriving.core import audit, policy
from thriving.core.models import User
from thriving.directory.models import Taxonomy, TaxonomyTerm
from thriving.directory.queries import needs

NEEDS_FILE = Path(__file__).resolve().parent.parent / "data" / "needs.json"


@transaction.atomic
def load_taxonomy(path: Path = NEEDS_FILE, *, acting_user: User | None = None) -> tuple[Taxonomy, int, int]:
    """Load a taxonomy file idempotently, matching terms by taxonomy name and term code.
    Returns the taxonomy, how many terms were created and how many updated. Without an acting
    person (the command line, the demo) the load is recorded as the system's."""
    if acting_user is not None:
        policy.require(acting_user, "directory.manage_taxonomy")
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    taxonomy, _ = Taxonomy.objects.update_or_create(
        name=data["name"],
        defaults={
            "description": data.get("description", ""),
            "version": data.get("version", ""),
            "uri": data.get("uri", ""),
        },
    )
    counts = {"created": 0, "updated": 0}

    def load(entries: list[dict], parent: TaxonomyTerm | None) -> None:
        for entry in entries:
            term, created = TaxonomyTerm.objects.update_or_create(
                taxonomy=taxonomy,
                code=entry["code"],
                defaults={"name": entry["name"], "description": entry.get("description", ""), "parent": parent},
            )
            counts["created" if created else "updated"] += 1
            load(entry.get("children", []), term)

    load(data["terms"], None)
    audit.record(
        acting_user,
        "taxonomy.loaded",
        taxonomy,
        action=audit.Action.CHANGED,
        changes={"terms_created": counts["created"], "terms_updated": counts["updated"]},
        actor_label="system",
    )
    transaction.on_commit(needs.forget)
    return taxonomy, counts["created"], counts["updated"]
