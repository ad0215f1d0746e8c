"""Reads of Most Significant Change rounds: the rounds a person may see by status, a round's domains
with their candidates and selections, the stories that may be put forward, and the choices a
new round is set up from (teams, localities, projects, panel members, the rounds one level up).
Every read starts from the scopes in `thriving.stories.policy`."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet

from thriving.core.models import Membership, Role
from thriving.places.models import Locality
from thriving.stories.models import MSCCandidate, MSCDomain, MSCRound, MSCSelection, Story, StoryProject
from thriving.stories.policy import PLACE_ROLES, is_administrator
from thriving.teams.queries.teams import active_teams, current_team_ids, team_people

DEFAULT_DOMAINS = ("Changes in people's lives", "Changes in how we work together", "Changes in the community")
STORIES_TO_CHOOSE = 25
EXCERPT = 300

# The level a round's choices pass up to.
NEXT_LEVEL = {MSCRound.Level.TEAM: MSCRound.Level.LOCALITY, MSCRound.Level.LOCALITY: MSCRound.Level.BOARD}


def rounds_by_status(user: Any) -> list[tuple[str, list[MSCRound]]]:
    """The rounds the person may see, grouped by status (gathering, selecting, done), newest first,
    each with its number of domains and of candidates."""
    rounds = list(MSCRound.objects.visible_to(user).select_related("team", "locality", "project").annotate(
        domain_count=Count("domains", distinct=True),
        candidate_count=Count("domains__candidates", distinct=True,
                              filter=Q(domains__candidates__story__withdrawn_at__isnull=True)),
    ).order_by("-created_at", "-pk"))
    return [(label, [r for r in rounds if r.status == value]) for value, label in MSCRound.Status.choices]


@dataclass
class ShownCandidate:
    candidate: MSCCandidate
    title: str
    excerpt: str  # empty when the teller did not agree to be quoted
    quotable: bool
    from_round: MSCRound | None = None
    from_reason: str = ""
    from_visible: bool = False


@dataclass
class ShownDomain:
    domain: MSCDomain
    candidates: list[ShownCandidate] = field(default_factory=list)
    selection: MSCSelection | None = None
    selected: ShownCandidate | None = None


def _shown(candidate: MSCCandidate, visible_rounds: set[int]) -> ShownCandidate:
    story = candidate.story
    shown = ShownCandidate(candidate=candidate, title=story.title or "A story with no title",
                           excerpt=excerpt_of(story), quotable=story.consent_quote)
    if candidate.passed_from is not None:
        shown.from_round = candidate.passed_from.domain.round
        shown.from_reason = candidate.passed_from.reason
        shown.from_visible = shown.from_round.pk in visible_rounds
    return shown


def excerpt_of(story: Story) -> str:
    """The start of the story, when the teller agreed to its being quoted; nothing otherwise."""
    if not story.consent_quote:
        return ""
    text = " ".join(story.text.split())
    return text if len(text) <= EXCERPT else text[:EXCERPT].rsplit(" ", 1)[0] + "…"


def domains_of(user: Any, round_: MSCRound) -> list[ShownDomain]:
    """The round's domains in order, each with the candidates the person may see (never a withdrawn
    story's), where a passed-up one came from and that panel's reason, and the selection if made."""
    candidates = MSCCandidate.objects.visible_to(user).select_related(
        "story", "passed_from__domain__round").order_by("created_at", "pk")
    selections = MSCSelection.objects.visible_to(user).prefetch_related("present")
    domains = MSCDomain.objects.visible_to(user).filter(round=round_).order_by("position", "name").prefetch_related(
        Prefetch("candidates", queryset=candidates, to_attr="shown_candidates"),
        Prefetch("selection", queryset=selections))
    visible_rounds = set(MSCRound.objects.visible_to(user).values_list("pk", flat=True))
    shown = []
    for domain in domains:
        row = ShownDomain(domain=domain, candidates=[_shown(c, visible_rounds) for c in domain.shown_candidates])
        selection = getattr(domain, "selection", None)
        if selection is not None:
            row.selection = selection
            row.selected = next((c for c in row.candidates if c.candidate.pk == selection.candidate_id), None)
        shown.append(row)
    return shown


def linked_rounds(user: Any, round_: MSCRound) -> dict[str, Any]:
    """The round its choices pass up to (named, and linked when the person may see it) and the
    rounds that pass up to it that the person may see."""
    visible = MSCRound.objects.visible_to(user)
    return {
        "passes_to": round_.passes_to,
        "passes_to_visible": bool(round_.passes_to_id and visible.filter(pk=round_.passes_to_id).exists()),
        "passed_from": list(visible.filter(passes_to=round_).order_by("title")),
    }


def story_choices(user: Any, round_: MSCRound, search: str = "") -> QuerySet[Story]:
    """The approved stories the person may view that may be put forward in the round: its project's,
    or, for a round with no project, those of the projects of its place (every project's for the
    board). A search narrows by words in the title or the story."""
    stories = Story.objects.visible_to(user).filter(moderation=Story.Moderation.APPROVED)
    if round_.project_id:
        stories = stories.filter(project=round_.project_id)
    elif round_.level == MSCRound.Level.TEAM and round_.team_id:
        stories = stories.filter(Q(project__team=round_.team_id) | Q(project__locality=round_.locality_id))
    elif round_.level == MSCRound.Level.LOCALITY and round_.locality_id:
        stories = stories.filter(project__locality=round_.locality_id)
    for word in search.split()[:5]:
        stories = stories.filter(Q(title__icontains=word) | Q(text__icontains=word))
    return stories.order_by("-told_on", "-pk")


def may_put_forward(user: Any, round_: MSCRound, story: Story) -> bool:
    return story_choices(user, round_).filter(pk=story.pk).exists()


# --- Setting up a round ----------------------------------------------------------------------------


def teams_for_round(user: Any) -> QuerySet:
    """The teams a person may set up a team's round for: their own (every one for administrators)."""
    teams = active_teams()
    return teams if is_administrator(user) else teams.filter(pk__in=current_team_ids(user))


def localities_for_round(user: Any) -> QuerySet[Locality]:
    """The localities a person may set up a locality's round for: where they are an enabler or
    work in a team (every one for administrators or an enabler everywhere)."""
    localities = Locality.objects.order_by("name")
    if is_administrator(user):
        return localities
    places = Membership.objects.filter(user=user, role=Role.ENABLER)
    if places.filter(locality__isnull=True).exists():
        return localities
    return localities.filter(Q(pk__in=places.values("locality_id"))
                             | Q(pk__in=teams_for_round(user).values("locality_id"))).distinct()


def may_set_up_board_round(user: Any) -> bool:
    return is_administrator(user) or Membership.objects.filter(user=user, role=Role.ENABLER).exists()


def projects_for_round(user: Any) -> QuerySet[StoryProject]:
    return StoryProject.objects.visible_to(user).order_by("title")


def rounds_to_pass_to(user: Any) -> QuerySet[MSCRound]:
    """Rounds one level up a new round's choices may pass to: the locality and board rounds not
    finished that the person may see, of the localities they work in, or the board's."""
    return MSCRound.objects.visible_to(user, "pass_to").filter(
        level__in=[MSCRound.Level.LOCALITY, MSCRound.Level.BOARD]).exclude(
        status=MSCRound.Status.DONE).select_related("locality").order_by("level", "title")


def people_of_team(team: Any) -> QuerySet:
    return team_people(team)


def people_of_locality(locality: Locality) -> QuerySet:
    """The people who work in the locality: team members, enablers and board members there."""
    return get_user_model().objects.filter(
        is_active=True, memberships__role__in=PLACE_ROLES, memberships__locality=locality,
    ).distinct().order_by("full_name", "email")


def board_people() -> QuerySet:
    return get_user_model().objects.filter(
        is_active=True, memberships__role=Role.BOARD_MEMBER).distinct().order_by("full_name", "email")


def panel_of(round_: MSCRound) -> list[Any]:
    return list(round_.panel.order_by("full_name", "email"))
