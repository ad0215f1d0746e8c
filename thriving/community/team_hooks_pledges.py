"""What pledges add to a connected team's page: the open pledge campaigns in the team's locality
or run by the team, with how many people have signed each."""

from typing import Any

from django.urls import reverse

from thriving.community import queries_pledges as queries
from thriving.core import policy
from thriving.teams import hooks


def pledges_panel(team: Any, user: Any) -> hooks.Panel:
    rows = []
    for campaign in queries.team_campaigns(team):
        count = campaign.signature_count
        people = "1 person has" if count == 1 else f"{count} people have"
        rows.append((f"{campaign.title}: {people} signed", reverse("community:pledge", args=[campaign.slug])))
    can_run = policy.can(user, "community.run_pledges")
    return hooks.Panel(
        heading="Pledges",
        rows=rows,
        more_url=reverse("community:pledge-campaigns") if can_run else reverse("community:pledges"),
        more_label="Run pledge campaigns" if can_run else "All pledges",
        empty="No pledges are open in this locality.",
    )


def register() -> None:
    """Register the pledges panel with `thriving.teams.hooks`."""
    hooks.register_panel(pledges_panel)
