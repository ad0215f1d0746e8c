"""What the community app adds to connected teams through `thriving.teams.hooks`: new community
ideas in the team's locality on its huddle agenda; on the team's page, a panel with the Local Nets
sessions coming up there and the ideas in progress, and a panel with the open pledge campaigns in
the team's locality or run by the team, with how many people have signed each.

`register()` is called from the app's `ready()`; registering again adds nothing twice."""

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from thriving.community.queries import ideas as ideas_queries
from thriving.community.queries import local_nets as local_nets_queries
from thriving.community.queries import pledges as pledges_queries
from thriving.core import policy
from thriving.teams import hooks as teams_hooks

NEW_IDEA_DAYS = 14


def new_ideas(team: Any, now: datetime.datetime) -> list[teams_hooks.AgendaCandidate]:
    """Ideas proposed in the team's locality in the last 14 days, for the huddle to pick up."""
    since = now - datetime.timedelta(days=NEW_IDEA_DAYS)
    return [
        teams_hooks.AgendaCandidate(kind="idea", title=f"Idea: {idea.title}", subject=idea, key=f"idea:{idea.pk}")
        for idea in ideas_queries.new_in_locality(team.locality_id, since)
    ]


def local_nets_panel(team: Any, user: Any) -> teams_hooks.Panel:
    """Local Nets sessions coming up in the team's locality, and the ideas in progress there."""
    rows: list[tuple[str, str]] = []
    for session in local_nets_queries.sessions_in_locality(team.locality_id, timezone.now()):
        when = f"{timezone.localtime(session.starts_at):%-d %b %H:%M}"
        rows.append((f"{session.local_net.title}, {when}",
                     reverse("community:local-net-session-manage", kwargs={"uuid": session.uuid})))
    for idea in ideas_queries.in_progress_in_locality(team.locality_id):
        rows.append((f"Idea: {idea.title} ({idea.get_stage_display().lower()})",
                     reverse("community:idea-manage", kwargs={"uuid": idea.uuid})))
    return teams_hooks.Panel(
        heading="Local Nets and community ideas", rows=rows,
        more_url=reverse("community:ideas-manage") + f"?locality={team.locality.slug}",
        more_label="All community ideas here", empty="No Local Nets sessions coming up or ideas in progress.",
    )


def pledges_panel(team: Any, user: Any) -> teams_hooks.Panel:
    """The open pledge campaigns in the team's locality or run by the team, with their signatures."""
    rows = []
    for campaign in pledges_queries.team_campaigns(user, team):
        count = campaign.signature_count
        people = "1 person has" if count == 1 else f"{count} people have"
        rows.append((f"{campaign.title}: {people} signed", reverse("community:pledge", args=[campaign.slug])))
    can_run = policy.can(user, "community.run_pledges")
    return teams_hooks.Panel(
        heading="Pledges",
        rows=rows,
        more_url=reverse("community:pledge-campaigns") if can_run else reverse("community:pledges"),
        more_label="Run pledge campaigns" if can_run else "All pledges",
        empty="No pledges are open in this locality.",
    )


def register() -> None:
    """Register the agenda source and the team-page panels with `thriving.teams.hooks`."""
    teams_hooks.register_agenda_source(new_ideas)
    teams_hooks.register_panel(local_nets_panel)
    teams_hooks.register_panel(pledges_panel)
