"""What the community app adds to connected teams' pages: new community ideas in the team's
locality on its huddle agenda, and a panel with the Local Nets sessions coming up there and the
ideas in progress."""

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from thriving.community import queries_ideas, queries_local_nets
from thriving.teams import hooks

NEW_IDEA_DAYS = 14


def new_ideas(team: Any, now: datetime.datetime) -> list[hooks.AgendaCandidate]:
    """Ideas proposed in the team's locality in the last 14 days, for the huddle to pick up."""
    since = now - datetime.timedelta(days=NEW_IDEA_DAYS)
    return [
        hooks.AgendaCandidate(kind="idea", title=f"Idea: {idea.title}", subject=idea, key=f"idea:{idea.pk}")
        for idea in queries_ideas.new_in_locality(team.locality_id, since)
    ]


def local_nets_panel(team: Any, user: Any) -> hooks.Panel:
    """Local Nets sessions coming up in the team's locality, and the ideas in progress there."""
    rows: list[tuple[str, str]] = []
    for session in queries_local_nets.sessions_in_locality(team.locality_id, timezone.now()):
        when = f"{timezone.localtime(session.starts_at):%-d %b %H:%M}"
        rows.append((f"{session.local_net.title}, {when}",
                     reverse("community:local-net-session-manage", kwargs={"uuid": session.uuid})))
    for idea in queries_ideas.in_progress_in_locality(team.locality_id):
        rows.append((f"Idea: {idea.title} ({idea.get_stage_display().lower()})",
                     reverse("community:idea-manage", kwargs={"uuid": idea.uuid})))
    return hooks.Panel(
        heading="Local Nets and community ideas", rows=rows,
        more_url=reverse("community:ideas-manage") + f"?locality={team.locality.slug}",
        more_label="All community ideas here", empty="No Local Nets sessions coming up or ideas in progress.",
    )


def register() -> None:
    """Register the agenda sources and team-page panels with `thriving.teams.hooks`."""
    hooks.register_agenda_source(new_ideas)
    hooks.register_panel(local_nets_panel)
