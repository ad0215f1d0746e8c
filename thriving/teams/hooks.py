"""How apps after `teams` add to a team's pages without `teams` importing them (apps depend
downward only): a source of huddle agenda items, and a panel on the team page.

`thriving.community` registers its sources in its AppConfig.ready: new community ideas for the
huddle agenda; upcoming Local Nets, ideas and pledges for the team page.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class AgendaCandidate:
    """Something that needs the team, offered to a huddle's agenda.

    `kind` is an `AgendaItem.Kind` value; `title` must carry no personal data (a reference, a
    title, never a resident's name); `subject` is the model instance the item is about, kept as a
    generic link; `key` identifies it so it is not offered twice to the same huddle."""

    kind: str
    title: str
    subject: Any
    key: str


@dataclass
class Panel:
    """A box on the team page: a heading, rows of (text, url or ""), a link to more, and a count."""

    heading: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    more_url: str = ""
    more_label: str = ""
    empty: str = "Nothing yet."


AgendaSource = Callable[[Any, datetime.datetime], Iterable[AgendaCandidate]]  # (team, now)
PanelSource = Callable[[Any, Any], Panel | None]  # (team, user)

_agenda_sources: list[AgendaSource] = []
_panel_sources: list[PanelSource] = []


def register_agenda_source(source: AgendaSource) -> None:
    if source not in _agenda_sources:
        _agenda_sources.append(source)


def register_panel(source: PanelSource) -> None:
    if source not in _panel_sources:
        _panel_sources.append(source)


def agenda_candidates(team: Any, now: datetime.datetime) -> list[AgendaCandidate]:
    return [candidate for source in _agenda_sources for candidate in source(team, now)]


def panels(team: Any, user: Any) -> list[Panel]:
    return [panel for source in _panel_sources if (panel := source(team, user)) is not None]
