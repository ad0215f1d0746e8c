"""Reads of the needs taxonomy: a tree of needs and circumstances that services are tagged with.

Reads go through a small snapshot of every term (a few hundred rows at most), kept in the cache
for a few minutes, so that search pages can offer, validate and widen needs without asking the
database each time. Searching by a parent need also finds services tagged with its children.
Loading a taxonomy file is a write: `thriving.directory.services.needs.load_taxonomy`.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from thriving.directory import search_snapshots
from thriving.directory.models import Taxonomy, TaxonomyTerm

THRIVING_NEEDS = "Thriving needs"
CACHE_KEY = "directory:needs:v1"
CACHE_SECONDS = 300


@dataclass(frozen=True)
class Need:
    id: int
    uuid: str
    name: str
    code: str
    parent_id: int | None
    taxonomy: str
    children: list["Need"] = field(default_factory=list, compare=False, repr=False)


@dataclass
class NeedIndex:
    """Every term, by id and by uuid, with the tree's roots."""

    by_id: dict[int, Need]
    by_uuid: dict[str, Need]
    roots: list[Need]

    def descendant_ids(self, need: Need) -> set[int]:
        """The need and every need below it."""
        found, stack = set(), [need]
        while stack:
            current = stack.pop()
            if current.id not in found:
                found.add(current.id)
                stack.extend(current.children)
        return found

    def matching_ids(self, word: str) -> set[int]:
        """Needs whose name holds the word, case-insensitively."""
        word = word.casefold()
        return {need.id for need in self.by_id.values() if word in need.name.casefold()}

    def choices(self) -> list[tuple[str, Any]]:
        """Choices for a select: parents, then their children indented, grouped by taxonomy."""
        groups: dict[str, list[tuple[str, str]]] = {}
        for root in self.roots:
            options = groups.setdefault(root.taxonomy, [])
            self._add(options, root, 0)
        if len(groups) == 1:
            return next(iter(groups.values()))
        return list(groups.items())

    def _add(self, options: list[tuple[str, str]], need: Need, depth: int) -> None:
        options.append((need.uuid, f"{'– ' * depth}{need.name}"))
        for child in need.children:
            self._add(options, child, depth + 1)


def _build() -> NeedIndex:
    rows = TaxonomyTerm.objects.values_list("id", "uuid", "name", "code", "parent_id", "taxonomy__name").order_by(
        "taxonomy__name", "name", "id"
    )
    by_id = {row[0]: Need(row[0], str(row[1]), row[2], row[3], row[4], row[5]) for row in rows}
    roots = []
    for need in by_id.values():
        parent = by_id.get(need.parent_id) if need.parent_id else None
        if parent is None:
            roots.append(need)
        else:
            parent.children.append(need)
    # The council's own vocabulary comes first.
    roots.sort(key=lambda n: (n.taxonomy != THRIVING_NEEDS, n.taxonomy, n.name))
    return NeedIndex(by_id=by_id, by_uuid={n.uuid: n for n in by_id.values()}, roots=roots)


def index() -> NeedIndex:
    """The snapshot of every need, from the cache when it is there (once a request:
    `search_snapshots`)."""
    return search_snapshots.read(CACHE_KEY, _build, CACHE_SECONDS)


def forget() -> None:
    """Drop the snapshot after the taxonomy changes."""
    search_snapshots.forget(CACHE_KEY)


def tree() -> list[Need]:
    return index().roots


def descendant_ids(term_uuid: str) -> set[int]:
    """Ids of the need and every need below it; empty when there is no such need."""
    found = index()
    need = found.by_uuid.get(str(term_uuid))
    return found.descendant_ids(need) if need else set()


# Pages about these needs offer "Exit this page": someone reading them may need to leave quickly.
DOMESTIC_ABUSE = "domestic-abuse"


def domestic_abuse_ids() -> set[int]:
    """Ids of the needs about domestic abuse, with every need below them: Thriving's own (code
    `domestic-abuse`) and any other taxonomy's term named for it."""
    found = index()
    about = [n for n in found.by_id.values() if n.code == DOMESTIC_ABUSE or "domestic abuse" in n.name.casefold()]
    ids: set[int] = set()
    for need in about:
        ids |= found.descendant_ids(need)
    return ids


def is_about_domestic_abuse(need_ids: Iterable[int]) -> bool:
    return not domestic_abuse_ids().isdisjoint(need_ids)


def thriving_taxonomy() -> Taxonomy | None:
    return Taxonomy.objects.filter(name=THRIVING_NEEDS).first()


# --- For other apps (the front door's requests and its API) ---


def existing_need_ids(ids: Iterable[int]) -> list[int]:
    """Those of the ids that are needs in the directory."""
    return list(TaxonomyTerm.objects.filter(pk__in=list(ids)).values_list("pk", flat=True))


def need_ids_by_uuid(uuids: Iterable[Any]) -> dict[Any, int]:
    """The id of each need named by its public id, for those that exist."""
    return dict(TaxonomyTerm.objects.filter(uuid__in=list(uuids)).values_list("uuid", "pk"))
