"""Reading a round's votes: the round (through its pot's scope), the applications on its ballot,
a member's own dots or scores, and the tallies of the team's and the public's votes."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Sum

from thriving.budgets.models import Application, Decision, Pot, PublicVote, Round, TeamVote
from thriving.core.access import get_visible_or_404


def pot_round(user: Any, slug: str, round_slug: str, action: str = "work") -> Round:
    """The round of a pot the person may take the action on (`work`, `manage`), or 404."""
    pot = get_visible_or_404(Pot.objects.select_related("team", "locality"), user, action, slug=slug)
    return get_visible_or_404(Round.objects.filter(pot=pot).select_related("pot", "pot__locality"), user, "view",
                              slug=round_slug)


def public_round(user: Any, slug: str, round_slug: str) -> Round:
    """The round of a public pot, for anyone, or 404."""
    pot = get_visible_or_404(Pot.objects.select_related("locality"), user, "view_public", slug=slug)
    return get_visible_or_404(Round.objects.filter(pot=pot).select_related("pot", "pot__locality"), user,
                              "view_public", slug=round_slug)


def ballot(round_: Round) -> QuerySet[Application]:
    """The round's applications waiting for a decision, the ones a vote is about."""
    return round_.applications.filter(status=Application.Status.SUBMITTED).order_by("reference")


def round_decided(round_: Round) -> bool:
    """The round has been decided from the team's vote (so votes no longer change)."""
    return Decision.objects.filter(
        application__round=round_, method__in=(Decision.Method.DOT_VOTE, Decision.Method.SCORE_VOTE),
    ).exists()


def my_points(round_: Round, user: Any) -> dict[int, int]:
    """The member's dots or scores in the round, by application id."""
    return dict(TeamVote.objects.filter(round=round_, voter=user).values_list("application_id", "points"))


@dataclass(frozen=True)
class TallyRow:
    application: Application
    points: int
    voters: int


def team_tally(round_: Round) -> list[TallyRow]:
    """Every application of the round (not withdrawn) with its dots or total score and how many
    members voted for it, the most first (ties: the smaller ask, then the earlier application)."""
    applications = list(round_.applications.exclude(status=Application.Status.WITHDRAWN).order_by("created_at", "pk"))
    sums: dict[int, tuple[int, int]] = {
        row["application_id"]: (row["points"], row["voters"]) for row in
        TeamVote.objects.filter(round=round_, points__gt=0).values("application_id")
        .annotate(points=Sum("points"), voters=Count("voter", distinct=True)).order_by()
    }
    rows = [TallyRow(application, *sums.get(application.pk, (0, 0))) for application in applications]
    return sorted(rows, key=lambda row: (-row.points, row.application.amount_requested))


def team_voters(round_: Round) -> int:
    return TeamVote.objects.filter(round=round_).values("voter").distinct().count()


def public_tally(round_: Round) -> list[TallyRow]:
    """The round's applications with the public's votes for each, the most first."""
    applications = list(round_.applications.exclude(status=Application.Status.WITHDRAWN).order_by("reference"))
    counts = dict(PublicVote.objects.filter(round=round_).values("application_id")
                  .annotate(count=Count("pk")).values_list("application_id", "count").order_by())
    rows = [TallyRow(application, counts.get(application.pk, 0), counts.get(application.pk, 0))
            for application in applications]
    return sorted(rows, key=lambda row: -row.points)


def public_voters(round_: Round) -> int:
    """How many people voted (each vote's first choice is keyed `<hash>:1`)."""
    return PublicVote.objects.filter(round=round_, voter_key__endswith=":1").count()
