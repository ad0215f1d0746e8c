"""What an import says about a feed: each value it put right (a warning) and each record it set
aside (a refusal), naming the file, the position in it, the record's id, the field and its value."""

from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class Note:
    reason: str
    file: str = ""
    position: str = ""
    table: str = ""  # the HSDS table of the record
    id: str = ""  # the record's id in the feed
    field: str = ""
    value: str = ""
    sets_aside: bool = True  # False when the record with this id is kept (a repeated id's first)

    def __str__(self) -> str:
        where = " ".join(part for part in (self.file, self.position) if part)
        if not where:
            where = f"{self.table} {self.id}".strip()
        return f"{where}: {self.reason}" if where else self.reason

    def as_dict(self) -> dict[str, Any]:
        found = asdict(self)
        del found["sets_aside"]
        return found


def note(reason: str, where: str = "", file: str = "", **fields: Any) -> Note:
    """A note placed at `where` ("feed.json record 2: service 7", "services.csv line 3"), whose
    leading file name, when it is `file`, is kept apart from the position."""
    position = where
    if file and where.startswith(file):
        position = where[len(file):].lstrip(" :")
    value = fields.pop("value", "")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if value is None else str(value)
    return Note(reason=reason, file=file, position=position, value=text[:200], **fields)
