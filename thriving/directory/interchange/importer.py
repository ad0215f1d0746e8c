"""Import a feed: read it, check all of it, then write it whole, or refuse it whole."""

from collections import Counter
from dataclasses import dataclass

from thriving.directory.interchange import load, plan, sources


@dataclass
class Result:
    counts: Counter[str]
    warnings: list[str]
    records: int


def run(source: str, dry_run: bool = False) -> Result:
    """Raises sources.SourceError when the feed cannot be read, load.ImportRefused (with every
    problem) when a record is wrong; either way the directory is as it was."""
    bundle = sources.read(source)
    checked = plan.check(bundle)
    counts = load.load(checked, dry_run=dry_run)
    return Result(counts=counts, warnings=checked.warnings, records=bundle.count())
