"""Import a feed: read it, check all of it, then write what can be taken in one transaction,
and keep the run with its report. With `strict`, any problem refuses the whole feed."""

import getpass
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from thriving.core import audit
from thriving.directory.interchange import load, plan, sources
from thriving.directory.interchange.bundle import Bundle
from thriving.directory.interchange.models import ImportRun
from thriving.directory.interchange.report import Note

MAX_NOTES = 5000  # per list kept in a run's report; the counts say how many there were


@dataclass
class Result:
    counts: Counter[str]
    warnings: list[Note]
    problems: list[Note]
    records: int
    formats: list[str]
    refused: Counter[str] = field(default_factory=Counter)  # records set aside, by table
    run: ImportRun | None = None

    @property
    def landed(self) -> int:
        return sum(n for label, n in self.counts.items() if not label.endswith(" removed"))


def _report(result: Result) -> dict[str, Any]:
    return {
        "formats": result.formats,
        "counts": dict(sorted(result.counts.items())),
        "refused": dict(sorted(result.refused.items())),
        "problems": [n.as_dict() for n in result.problems[:MAX_NOTES]],
        "warnings": [n.as_dict() for n in result.warnings[:MAX_NOTES]],
        "problems_total": len(result.problems),
        "warnings_total": len(result.warnings),
    }


def _keep(source: str, status: str, strict: bool, acting_user: Any, started, result: Result | None = None,
          error: str = "", into: ImportRun | None = None) -> ImportRun:
    """Keep the run: a new ImportRun, or `into`, the run a harvest began (which is saved)."""
    who = getattr(acting_user, "email", "") or (into.run_by if into else "") or _login()
    values = dict(
        source=source[:1000], status=status, strict=strict, run_by=who[:200],
        finished_at=timezone.now(), created_by=acting_user,
        format=", ".join(result.formats)[:100] if result else "",
        records=result.records if result else 0, landed=result.landed if result else 0,
        refused=sum(result.refused.values()) if result else 0, warnings=len(result.warnings) if result else 0,
        report=_report(result) if result else {"error": error},
    )
    if into is None:
        run = ImportRun.objects.create(created_at=started, **values)
    else:
        run = into
        for name, value in values.items():
            setattr(run, name, value)
        run.progress = {}
        run.save()
    audit.record(acting_user, "directory.imported", run, action=audit.Action.CREATED, actor_label=who,
                 purpose=run.get_status_display())
    return run


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def run(source: str, dry_run: bool = False, strict: bool = False, acting_user: Any = None,
        progress: Callable[[int], None] | None = None, *, bundle: Bundle | None = None,
        into: ImportRun | None = None, after_load: Callable[[plan.Plan, Counter[str]], None] | None = None) -> Result:
    """Raises sources.SourceError when the feed cannot be read, load.ImportRefused (with every
    problem) when `strict` and a record is wrong; either way the directory is as it was. Every
    run but a dry run is kept as an ImportRun.

    A harvest gives the `bundle` it has read, the run it began (`into`) and `after_load`, called
    in the transaction once the records are written: what it raises undoes them and is raised."""
    started = timezone.now()
    try:
        bundle = bundle if bundle is not None else sources.read(source, progress)
    except sources.SourceError as error:
        if not dry_run:
            _keep(source, ImportRun.Status.FAILED, strict, acting_user, started, error=str(error))
        raise
    checked = plan.check(bundle)
    result = Result(counts=Counter(), warnings=checked.warnings, problems=checked.problems,
                    records=bundle.count(), formats=bundle.formats)
    result.refused = Counter({table: len(keys) for table, keys in checked.refused.items() if keys})
    result.refused["unidentified"] = sum(1 for p in checked.problems if not p.id and p.sets_aside)
    result.refused["repeated ids"] = sum(1 for p in checked.problems if not p.sets_aside)
    result.refused = +result.refused
    try:
        with transaction.atomic():
            result.counts = load.load(checked, strict=strict)
            if after_load is not None:
                after_load(checked, result.counts)
            if dry_run:
                transaction.set_rollback(True)
            else:
                status = ImportRun.Status.PARTLY if checked.problems else ImportRun.Status.LANDED
                result.run = _keep(source, status, strict, acting_user, started, result, into=into)
    except load.ImportRefused:
        if not dry_run:
            result.run = _keep(source, ImportRun.Status.REFUSED, strict, acting_user, started, result, into=into)
        raise
    return result
