"""Reads for the sense-making page: patterns across a project's signifiers over the approved, not
withdrawn stories the person may see, narrowed by place, theme and the dates they were told on.

Every figure comes from two GROUP BY queries over the answers of the visible stories (every
signifier's distribution; the dyads' chosen grouping), never from answers loaded one by one, and is
kept a while (`patterns`). Small numbers are withheld: a count of 1 to 4 is published as "fewer
than 5" and not drawn, and a total is stated only when every part under it is shown."""

import datetime
import hashlib
from collections import defaultdict, namedtuple
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Case, Count, F, FloatField, Max, QuerySet, Sum, Value, When
from django.db.models.functions import Floor, Least

from thriving.core import charts
from thriving.places.models import Area
from thriving.stories.models import Signifier, SignifierAnswer, Story, StoryProject, Theme, ThemeMembership, ThemeRun
from thriving.stories.queries import sensemaking_charts as geometry

THRESHOLD = 5
CACHE_SECONDS = 600
WORK_MEM = "64MB"
FEWER = "fewer than 5"
NOT_STATED = "not stated"
THEME_STATUSES = (Theme.Status.CONFIRMED, Theme.Status.SUGGESTED)
NO_PLACE = "Place not given"


@dataclass(frozen=True)
class Filters:
    """Which stories to count, and what a dyad's figures are grouped by (`place`, `theme`, a demographic key)."""

    area: int | None = None
    theme: int | None = None
    told_from: datetime.date | None = None
    told_to: datetime.date | None = None
    by: str = "place"


@dataclass(frozen=True)
class Figure:
    """A count as published: withheld (None) when 1 to 4."""

    value: int | None

    withheld = property(lambda self: self.value is None)
    text = property(lambda self: FEWER if self.value is None else f"{self.value:,}")
    drawn = property(lambda self: self.value or 0)  # what a chart draws: nothing when withheld


def published(count: int) -> Figure:
    return Figure(None if 0 < count < THRESHOLD else count)


def total_of(parts: list[Figure], count: int) -> Figure | None:
    """The total, stated only when every part under it is shown (None: not stated)."""
    return None if any(part.withheld for part in parts) else published(count)


@dataclass
class TriadFigures:
    signifier: Signifier
    regions: list[tuple[str, Figure]]
    total: Figure | None
    mean: tuple[float, float, float] | None
    triangle: geometry.Triangle


@dataclass
class GroupFigures:
    label: str
    count: Figure
    median: float | None = None
    mean: float | None = None
    low: float | None = None
    high: float | None = None


@dataclass
class DyadFigures:
    signifier: Signifier
    bins: list[tuple[str, Figure]]
    total: Figure | None
    mean: float | None
    median: float | None
    histogram: charts.Chart
    groups: list[GroupFigures] = field(default_factory=list)
    group_chart: geometry.GroupChart | None = None


StoneFigures = namedtuple("StoneFigures", ["label", "count", "across", "up"])


@dataclass
class StonesFigures:
    signifier: Signifier
    items: list[StoneFigures]
    scatter: geometry.Scatter


@dataclass
class ChoiceFigures:
    signifier: Signifier
    options: list[tuple[str, Figure]]
    total: Figure | None
    chart: charts.Chart


@dataclass
class Patterns:
    filters: Filters
    by_label: str
    signifiers: list[Any]  # the figures of each signifier, in the project's order
    story_count: Figure | None  # not stated when a part of a breakdown of it is withheld
    key: str = ""  # the kept copy's key (empty when not kept), for the page's kept rendering of it


# ---------------------------------------------------------------------------------------------
# What may be chosen


def areas(project: StoryProject) -> list[Area]:
    """The areas of the project's locality, by name: the places a story may be filtered by."""
    return list(Area.objects.filter(locality=project.locality_id).order_by("name"))


def themes(user: Any, project: StoryProject) -> list[Theme]:
    """The project's confirmed and suggested themes the person may see, by label."""
    return list(Theme.objects.visible_to(user).filter(project=project, status__in=THEME_STATUSES)
                .order_by("label", "pk"))


def signifiers(user: Any, project: StoryProject) -> list[Signifier]:
    return list(Signifier.objects.visible_to(user).filter(project=project).order_by("position", "pk"))


def groupings(found: list[Signifier]) -> list[tuple[str, str]]:
    """What a dyad's figures may be grouped by: place, theme and each demographic signifier."""
    return [("place", "Place"), ("theme", "Theme"),
            *((s.key, s.prompt) for s in found if s.kind == Signifier.Kind.DEMOGRAPHIC)]


# ---------------------------------------------------------------------------------------------
# The stories counted and their answers


def stories(user: Any, project: StoryProject, filters: Filters) -> QuerySet[Story]:
    """The approved, not withdrawn stories of the project the person may see, narrowed by the filters."""
    rows = Story.objects.visible_to(user).filter(project=project, moderation=Story.Moderation.APPROVED)
    if filters.area:
        rows = rows.filter(area=filters.area)
    if filters.told_from:
        rows = rows.filter(told_on__gte=filters.told_from)
    if filters.told_to:
        rows = rows.filter(told_on__lte=filters.told_to)
    if filters.theme:
        rows = rows.filter(pk__in=ThemeMembership.objects.filter(theme=filters.theme).values("story_id"))
    return rows


def _answers(seen: QuerySet[Story], of: list[Signifier]) -> QuerySet[SignifierAnswer]:
    return SignifierAnswer.objects.filter(signifier__in=[s.pk for s in of], story__in=seen.values("pk")).order_by()


def _hashed(rows: QuerySet) -> list[dict[str, Any]]:
    """The rows of a GROUP BY over bins. The planner cannot know how few bins there are, expects a
    group for each answer and would sort them all (on disk, at 100,000 stories): on PostgreSQL it
    is given room for a hash table instead, for this statement's transaction only."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        return [dict(row) for row in rows]


def _bin(name: str, bins: int) -> Any:
    """The bin of a weight from 0 to 1: floor(weight × bins), the top end in the last bin."""
    return Least(Floor(F(name) * Value(float(bins))), Value(float(bins - 1)), output_field=FloatField())


def _mean(total: float, count: int) -> float | None:
    return total / count if count >= THRESHOLD else None


# ---------------------------------------------------------------------------------------------
# Each kind of signifier


def _triads(rows: list[dict[str, Any]], of: list[Signifier]) -> dict[int, TriadFigures]:
    cells: dict[int, dict[tuple[int, int, int], list[float]]] = defaultdict(dict)
    for row in rows:
        if row["i"] is None or row["j"] is None or row["k"] is None:
            continue
        cell = geometry.cell_of(int(row["i"]), int(row["j"]), int(row["k"]))
        found = cells[row["signifier_id"]].setdefault(cell, [0, 0.0, 0.0, 0.0])
        for index, value in enumerate((row["n"], row["sa"], row["sb"], row["sc"])):
            found[index] += value
    figures = {}
    for signifier in of:
        mine = cells.get(signifier.pk, {})
        labels = list(signifier.labels)[:3]
        by_region: dict[str, int] = dict.fromkeys(geometry.regions(labels), 0)
        for (i, j, k), values in mine.items():
            by_region[geometry.region(i, j, k, labels)] += int(values[0])
        count = sum(int(v[0]) for v in mine.values())
        regions = [(name, published(n)) for name, n in by_region.items()]
        mean = None
        if count >= THRESHOLD:
            mean = tuple(sum(v[n] for v in mine.values()) / count for n in (1, 2, 3))
        drawn = {cell: int(v[0]) for cell, v in mine.items() if v[0] >= THRESHOLD}
        figures[signifier.pk] = TriadFigures(signifier, regions, total_of([f for _, f in regions], count),
                                             mean,  # type: ignore[arg-type]
                                             geometry.triangle(labels, drawn, mean))  # type: ignore[arg-type]
    return figures


def _bin_label(n: int) -> str:
    return f"{n / 10:.1f} to {(n + 1) / 10:.1f}"


def _dyads(rows: list[dict[str, Any]], of: list[Signifier]) -> dict[int, DyadFigures]:
    fine: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    sums: dict[int, float] = defaultdict(float)
    for row in rows:
        if row["i"] is None:
            continue
        fine[row["signifier_id"]][int(row["i"])] += row["n"]
        sums[row["signifier_id"]] += row["sa"]
    figures = {}
    for signifier in of:
        mine = fine.get(signifier.pk, {})
        count = sum(mine.values())
        coarse = [sum(n for b, n in mine.items() if b * 10 // geometry.FINE == tenth) for tenth in range(10)]
        bins = [(_bin_label(tenth), published(n)) for tenth, n in enumerate(coarse)]
        poles = (list(signifier.labels) + ["", ""])[:2]
        chart = charts.columns(
            f"chart-{signifier.key}", f"{signifier.prompt}: how many stories at each position",
            f"From {poles[0]} (0) to {poles[1]} (1), in tenths; counts of fewer than {THRESHOLD} are not drawn.",
            [(f"{tenth / 10:.1f}", figure.drawn) for tenth, (_, figure) in enumerate(bins)], height=220)
        figures[signifier.pk] = DyadFigures(
            signifier, bins, total_of([f for _, f in bins], count), _mean(sums[signifier.pk], count),
            geometry.quantile(mine, 0.5) if count >= THRESHOLD else None, chart)
    return figures


def _group_key(answers: QuerySet[SignifierAnswer], by: str, chosen: "Options",
               demographics: dict[str, Signifier]) -> tuple[QuerySet[SignifierAnswer], str, dict[Any, str]]:
    """The answers joined to what they are grouped by, the path to the group and the groups' names."""
    if by == "theme":
        names = {t.pk: t.label for t in chosen.themes}
        path = "story__theme_memberships__theme"
        return answers.filter(**{f"{path}__in": list(names)}), path, names
    if by in demographics:
        path = "story__answers__item"
        return answers.filter(story__answers__signifier=demographics[by]), path, {}
    return answers, "story__area", {area.pk: area.name for area in chosen.areas}


def _dyad_groups(seen: QuerySet[Story], of: list[Signifier], figures: dict[int, DyadFigures], by: str,
                 chosen: "Options", demographics: dict[str, Signifier]) -> None:
    answers, path, names = _group_key(_answers(seen, of).filter(a__isnull=False), by, chosen, demographics)
    fine: dict[int, dict[Any, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    sums: dict[tuple[int, Any], float] = defaultdict(float)
    for row in _hashed(answers.values("signifier_id", group=F(path), bin=_bin("a", geometry.FINE))
                       .annotate(n=Count("pk"), sa=Sum("a"))):
        fine[row["signifier_id"]][row["group"]][int(row["bin"])] = row["n"]
        sums[(row["signifier_id"], row["group"])] += row["sa"]
    for signifier in of:
        mine = fine.get(signifier.pk, {})
        if by in demographics:
            order = [*demographics[by].options, *sorted(str(g) for g in mine if g not in demographics[by].options)]
            label_of = {g: g for g in order}
        else:
            order = [*sorted(names, key=lambda pk: names[pk]), *([None] if None in mine else [])]
            label_of = {**names, None: NO_PLACE}
        groups = []
        for group in order:
            bins = mine.get(group, {})
            count = sum(bins.values())
            if not count and group is None:
                continue
            figure = published(count)
            found = GroupFigures(label_of.get(group, str(group)), figure)
            if count >= THRESHOLD:
                found.median, found.low, found.high = (geometry.quantile(bins, q) for q in (0.5, 0.25, 0.75))
                found.mean = sums[(signifier.pk, group)] / count
            groups.append(found)
        result = figures[signifier.pk]
        result.groups = groups
        if any(g.count.withheld for g in groups):
            result.total = None  # the parts and the total together would give a withheld count away
        result.group_chart = geometry.group_chart(
            (list(signifier.labels) + ["", ""])[:2],
            [(g.label, g.low, g.median, g.high, g.mean) for g in groups])


def _stones(rows: list[dict[str, Any]], of: list[Signifier]) -> dict[int, StonesFigures]:
    found: dict[int, dict[str, tuple[int, float, float]]] = defaultdict(dict)
    for row in rows:
        n, sa, sb = found[row["signifier_id"]].get(row["item"], (0, 0.0, 0.0))
        found[row["signifier_id"]][row["item"]] = (n + row["n"], sa + (row["sa"] or 0.0), sb + (row["sb"] or 0.0))
    figures = {}
    for signifier in of:
        mine = found.get(signifier.pk, {})
        items = []
        for item in [*signifier.options, *sorted(i for i in mine if i not in signifier.options)]:
            n, sa, sb = mine.get(item, (0, 0.0, 0.0))
            items.append(StoneFigures(item, published(n), _mean(sa, n), _mean(sb, n)))
        dots = [(i.label, i.across, i.up) for i in items if i.across is not None and i.up is not None]
        figures[signifier.pk] = StonesFigures(signifier, items, geometry.scatter(signifier.labels, dots))  # type: ignore[arg-type]
    return figures


def _choices(rows: list[dict[str, Any]], of: list[Signifier]) -> dict[int, ChoiceFigures]:
    found: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        found[row["signifier_id"]][row["item"]] += row["n"]
    figures = {}
    for signifier in of:
        mine = found.get(signifier.pk, {})
        options = [(item, published(mine.get(item, 0)))
                   for item in [*signifier.options, *sorted(i for i in mine if i not in signifier.options)]]
        # Several options may be chosen for one story: the options' counts then add up to no total.
        total = None if signifier.allow_many else total_of([f for _, f in options], sum(mine.values()))
        chart = charts.bars(f"chart-{signifier.key}", f"{signifier.prompt}: stories for each answer",
                            f"Counts of fewer than {THRESHOLD} are not drawn.",
                            [(label, figure.drawn) for label, figure in options])
        figures[signifier.pk] = ChoiceFigures(signifier, options, total, chart)
    return figures


def _distributions(seen: QuerySet[Story], kinds: dict[str, list[Signifier]]) -> list[dict[str, Any]]:
    """One GROUP BY over every answer of the visible stories: by signifier, item and one bin code
    (a triad's three weights in tenths as i×100 + j×10 + k, a dyad's position in hundredths; none
    for stones and choices), with the count and the sums of the weights. One code, not three
    columns, so that the planner expects few groups and aggregates in a hash table."""
    triads = [s.pk for s in kinds[Signifier.Kind.TRIAD]]
    dyads = [s.pk for s in kinds[Signifier.Kind.DYAD]]
    whens = []
    if dyads:
        whens.append(When(signifier__in=dyads, then=_bin("a", geometry.FINE)))
    if triads:
        tenths = geometry.ROWS
        whens.append(When(signifier__in=triads, then=_bin("a", tenths) * Value(100.0) + _bin("b", tenths)
                          * Value(10.0) + _bin("c", tenths)))
    # The signifier is folded into the code (signifier × 1000 + bin) so that the planner expects
    # few groups and aggregates in a hash table rather than sorting every answer.
    signifier = F("signifier_id") * Value(1000.0)
    code = signifier + Case(*whens, default=Value(0.0), output_field=FloatField()) if whens else signifier
    every = [s for found in kinds.values() for s in found]
    counted = _hashed(_answers(seen, every).values("item", code=code).annotate(
        n=Count("pk"), sa=Sum("a"), sb=Sum("b"), sc=Sum("c")))
    rows = []
    for row in counted:
        found: dict[str, Any] = dict(row)
        pk, value = divmod(int(found["code"]), 1000)
        found["signifier_id"] = pk
        if pk in triads:
            found["i"], found["j"], found["k"] = value // 100, value // 10 % 10, value % 10
        elif pk in dyads:
            found["i"], found["j"], found["k"] = value, None, None
        else:
            found["i"] = found["j"] = found["k"] = None
        rows.append(found)
    return rows


@dataclass(frozen=True)
class Options:
    """What the page's filters offer, read once a request: the signifiers, the places, the themes."""

    signifiers: list[Signifier]
    areas: list[Area]
    themes: list[Theme]


def options(user: Any, project: StoryProject) -> Options:
    return Options(signifiers(user, project), areas(project), themes(user, project))


def _fingerprint(project: StoryProject) -> tuple:
    """What changes whenever a figure could: the project's stories (a story told, moderated or
    withdrawn is saved, so the latest `updated_at` moves; withdrawal also deletes its answers and
    memberships) and its themes and theme runs (memberships come and go with them)."""
    told = Story.objects.filter(project=project).aggregate(n=Count("pk"), last=Max("updated_at"))
    themed = Theme.objects.filter(project=project).aggregate(n=Count("pk"), last=Max("updated_at"))
    runs = ThemeRun.objects.filter(project=project).aggregate(n=Count("pk"), last=Max("updated_at"))
    return (told["n"], told["last"], themed["n"], themed["last"], runs["n"], runs["last"])


def patterns(user: Any, project: StoryProject, filters: Filters, chosen: Options | None = None) -> Patterns:
    """The figures of each of the project's signifiers for the stories the filters pick, kept for
    up to `CACHE_SECONDS` under a key made of the person's stories query itself (so of their scope),
    the filters, the signifiers and themes offered, and the project's fingerprint: a story told,
    moderated or withdrawn changes the fingerprint, so a withdrawn story is never counted from a
    kept copy."""
    chosen = chosen or options(user, project)
    seen = stories(user, project, filters)
    try:
        sql, params = seen.values("pk").query.sql_with_params()
    except EmptyResultSet:
        return _computed(project, filters, chosen, seen)
    offered = ([(s.pk, s.version, s.updated_at) for s in chosen.signifiers],
               [(t.pk, t.version, t.label) for t in chosen.themes], [a.pk for a in chosen.areas])
    key = "stories-patterns:" + hashlib.sha256(
        f"{project.pk}|{filters!r}|{offered!r}|{_fingerprint(project)!r}|{sql}|{params!r}".encode()).hexdigest()
    kept = caches["snapshots"]
    found = kept.get(key)
    if found is None:
        found = _computed(project, filters, chosen, seen)
        found.key = key
        kept.set(key, found, CACHE_SECONDS)
    return found


def _computed(project: StoryProject, filters: Filters, chosen: Options, seen: QuerySet[Story]) -> Patterns:
    """The figures worked out: the stories' count, one query for every signifier's distribution,
    and one for the dyads' groups."""
    found = chosen.signifiers
    kinds: dict[str, list[Signifier]] = defaultdict(list)
    for signifier in found:
        kinds[signifier.kind].append(signifier)
    demographics = {s.key: s for s in kinds[Signifier.Kind.DEMOGRAPHIC]}
    by = filters.by if filters.by in ("place", "theme", *demographics) else "place"
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if found:
        kind_of = {s.pk: s.kind for s in found}
        for row in _distributions(seen, kinds):
            rows[kind_of[row["signifier_id"]]].append(row)
    figures: dict[int, Any] = {}
    figures.update(_triads(rows[Signifier.Kind.TRIAD], kinds[Signifier.Kind.TRIAD]))
    if kinds[Signifier.Kind.DYAD]:
        dyads = _dyads(rows[Signifier.Kind.DYAD], kinds[Signifier.Kind.DYAD])
        _dyad_groups(seen, kinds[Signifier.Kind.DYAD], dyads, by, chosen, demographics)
        figures.update(dyads)
    figures.update(_stones(rows[Signifier.Kind.STONES], kinds[Signifier.Kind.STONES]))
    figures.update(_choices(rows[Signifier.Kind.CHOICE] + rows[Signifier.Kind.DEMOGRAPHIC],
                            kinds[Signifier.Kind.CHOICE] + kinds[Signifier.Kind.DEMOGRAPHIC]))
    by_label = dict(groupings(found)).get(by, "Place")
    # The stories' count totals every breakdown that parts them: not stated if one withholds a part.
    parted = [f for f in figures.values() if getattr(f, "total", 0) is None and not f.signifier.allow_many]
    count = None if parted else published(seen.count())
    return Patterns(Filters(filters.area, filters.theme, filters.told_from, filters.told_to, by), by_label,
                    [figures[s.pk] for s in found if s.pk in figures], count)
