"""Reading emerging community priorities: the list by locality, a place's active priorities with
their counts (`for_place`, what the team page and the partnership boards read), a priority's trend
month by month, its approved quotes, what responds to it, and the choices for setting one up,
linking what responds to it and taking a quote.

A priority's story counts are aggregates over its themes' stories, approved and never withdrawn,
shown to everyone who may see the priority (board members among them, who do not read the stories
themselves): the trend shows a month of 1 to 4 stories as "fewer than 5"."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from thriving.community.queries import ideas as ideas_queries
from thriving.core.access import restrict
from thriving.core.models import User
from thriving.places.models import Locality
from thriving.stories.models import Priority, Quote, Story, StoryProject, Theme, ThemeMembership
from thriving.teams.queries import teams as teams_queries

SMALL = 5  # counts from 1 to SMALL - 1 are shown as "fewer than 5"
MONTHS = 12
LINKED = ("ideas", "actions", "asks", "awards")


def _counted(rows: Any, group: str, counted: str) -> Any:
    """A subquery counting the distinct `counted` of the rows for the outer priority (0 for none)."""
    grouped = rows.order_by().values(group).annotate(n=Count(counted, distinct=True)).values("n")[:1]
    return Coalesce(Subquery(grouped, output_field=IntegerField()), Value(0))


def with_counts(priorities: QuerySet[Priority]) -> QuerySet[Priority]:
    """Each priority with `story_count` (its themes' approved stories, never withdrawn),
    `quote_count` (approved quotes) and `idea_count` (community ideas linked), one query in all."""
    stories = ThemeMembership.objects.filter(
        theme__priorities=OuterRef("pk"), story__withdrawn_at__isnull=True,
        story__moderation=Story.Moderation.APPROVED)
    quotes = Quote.objects.filter(priority=OuterRef("pk"), status=Quote.Status.APPROVED,
                                  story__withdrawn_at__isnull=True, story__consent_quote=True)
    ideas = Priority.ideas.through.objects.filter(priority=OuterRef("pk"))
    return priorities.annotate(
        story_count=_counted(stories, "theme__priorities", "story"),
        quote_count=_counted(quotes, "priority", "pk"),
        idea_count=_counted(ideas, "priority", "pk"),
    )


def for_place(user: Any, locality: Locality) -> list[Priority]:
    """The active priorities of a locality that the person may see, by title, each with its
    `story_count`, `quote_count` and `idea_count`, in one query.

    This is what a place's pages read: the team page's panel, and the partnership boards (the
    outcomes app, still to come) for the priorities of their place."""
    found = Priority.objects.visible_to(user).filter(locality=locality, status=Priority.Status.ACTIVE)
    return list(with_counts(found).select_related("locality", "team").order_by("title", "pk"))


def priorities_for(user: Any) -> list[Priority]:
    """Every priority the person may see, by locality, the active ones first, with their counts."""
    found = with_counts(Priority.objects.visible_to(user)).select_related("locality", "team")
    return list(found.order_by("locality__name", "status", "title", "pk"))


def priority(user: Any, uuid: Any, action: str = "view") -> QuerySet[Priority]:
    return restrict(Priority.objects.select_related("locality", "team"), user, action).filter(uuid=uuid)


def themes_of(priority_: Priority) -> list[Theme]:
    return list(priority_.themes.select_related("project").order_by("label"))


# --- The trend -------------------------------------------------------------------------------


@dataclass
class Month:
    month: datetime.date
    count: int
    shown: str  # "fewer than 5", "0" or the number
    small: bool
    x: int = 0
    y: int = 0
    height: int = 0


@dataclass
class Trend:
    months: list[Month]
    width: int
    height: int
    peak: int


def _month_start(day: datetime.date, back: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - back
    return datetime.date(index // 12, index % 12 + 1, 1)


BAR, GAP, CHART_HEIGHT = 36, 8, 160


def trend(priority_: Priority, today: datetime.date | None = None) -> Trend:
    """Its themes' stories told in each of the last 12 months (this one included), oldest first,
    and the bars of the chart (a month of fewer than 5 is drawn as a 5, dashed, and labelled so)."""
    today = today or timezone.localdate()
    first = _month_start(today, MONTHS - 1)
    counted = dict(
        Story.objects.filter(theme_memberships__theme__priorities=priority_, withdrawn_at__isnull=True,
                             moderation=Story.Moderation.APPROVED, told_on__gte=first, told_on__lte=today)
        .annotate(month=TruncMonth("told_on")).order_by().values("month")
        .annotate(n=Count("pk", distinct=True)).values_list("month", "n")
    )
    counts = {(key.year, key.month): value for key, value in counted.items()}
    months = []
    for back in range(MONTHS - 1, -1, -1):
        start = _month_start(today, back)
        count = counts.get((start.year, start.month), 0)
        small = 0 < count < SMALL
        months.append(Month(start, count, "fewer than 5" if small else str(count), small))
    peak = max([SMALL, *(month.count for month in months)])
    for index, month in enumerate(months):
        drawn = SMALL if month.small else month.count
        month.height = round(drawn * CHART_HEIGHT / peak)
        month.x = index * (BAR + GAP)
        month.y = CHART_HEIGHT - month.height
    return Trend(months, MONTHS * (BAR + GAP), CHART_HEIGHT, peak)


# --- Quotes ----------------------------------------------------------------------------------


def approved_quotes(user: Any, priority_: Priority) -> list[Quote]:
    """The priority's approved quotes the person may read, in the order of their stories."""
    return list(Quote.objects.visible_to(user, "view_approved").filter(priority=priority_).order_by("created_at", "pk"))


def quotes_to_review(user: Any, priority_: Priority) -> list[Quote]:
    """Its quotes waiting for review that the person may review (they manage the story's project)."""
    return list(Quote.objects.visible_to(user, "manage").filter(priority=priority_, status=Quote.Status.DRAFT)
                .select_related("story").order_by("created_at", "pk"))


def quote_to_review(user: Any, uuid: Any) -> QuerySet[Quote]:
    managed = Priority.objects.visible_to(user, "manage").values("pk")
    return Quote.objects.visible_to(user, "manage").filter(uuid=uuid, priority__in=managed).select_related(
        "story", "story__project", "priority")


def quotable_stories(user: Any, priority_: Priority) -> QuerySet[Story]:
    """Stories the priority's themes hold whose tellers agreed to quoting, that the person may read
    and whose project they manage (they review the quote against the original)."""
    return (
        Story.objects.visible_to(user)
        .filter(consent_quote=True, moderation=Story.Moderation.APPROVED,
                theme_memberships__theme__in=priority_.themes.all(),
                project__in=StoryProject.objects.visible_to(user, "manage").values("pk"))
        .select_related("project").distinct().order_by("-told_on", "-pk")
    )


def known_names(story: Story) -> list[str]:
    """The names of people the platform knows that a quote from the story must not carry: every
    user's full name (its first and last names are matched too) and the teller's name."""
    names = list(User.objects.exclude(full_name="").values_list("full_name", flat=True))
    if story.teller_name:
        names.append(story.teller_name)
    return names


# --- What responds to it ---------------------------------------------------------------------


def _linked_model(name: str) -> Any:
    """The model of a link (`community.Idea`, `teams.Action`, `teams.Ask`, `budgets.Award`), named
    through the priority's field so that this app does not import the other apps' models."""
    return Priority._meta.get_field(name).related_model


def responses(user: Any, priority_: Priority) -> dict[str, list[Any]]:
    """The linked ideas, actions, asks and awards the person may see (each app's own scope)."""
    return {
        "ideas": list(restrict(priority_.ideas.all(), user).order_by("title", "pk")),
        "actions": list(restrict(priority_.actions.select_related("team"), user).order_by("due_on", "pk")),
        "asks": list(restrict(priority_.asks.select_related("team"), user).order_by("-created_at", "pk")),
        "awards": list(restrict(priority_.awards.all(), user).order_by("-awarded_on", "pk")),
    }


def link_choices(user: Any, priority_: Priority) -> dict[str, QuerySet]:
    """What may be linked: the locality's community ideas, the priority's team's actions and asks,
    and the locality's budget awards, each as far as the person may see them."""
    team = priority_.team
    ideas = ideas_queries.visible_ideas(user).filter(locality=priority_.locality_id).order_by("title", "pk")
    actions_model, asks_model, awards_model = (_linked_model(name) for name in ("actions", "asks", "awards"))
    if team is None:
        actions, asks = actions_model.objects.none(), asks_model.objects.none()
    else:
        actions = restrict(team.actions.all(), user).order_by("-due_on", "pk")
        asks = restrict(team.asks.all(), user).order_by("-created_at", "pk")
    awards = restrict(awards_model.objects.filter(locality=priority_.locality_id), user).order_by("-awarded_on", "pk")
    return {"ideas": ideas, "actions": actions, "asks": asks, "awards": awards}


# --- Choices for setting one up --------------------------------------------------------------


def theme_choices(user: Any, locality: Any = None) -> QuerySet[Theme]:
    """Confirmed themes of projects the person manages (of the locality, when given)."""
    found = Theme.objects.visible_to(user, "manage").filter(status=Theme.Status.CONFIRMED).select_related(
        "project", "project__locality")
    if locality is not None:
        found = found.filter(project__locality=locality)
    return found.order_by("project__title", "label")


def locality_choices(user: Any) -> QuerySet[Locality]:
    """Localities of the projects whose confirmed themes the person may take up."""
    return Locality.objects.filter(
        story_projects__in=StoryProject.objects.visible_to(user, "manage").values("pk")).distinct().order_by("name")


def team_choices(locality: Any) -> QuerySet:
    """The active connected teams of the locality, to take the priority on."""
    found = teams_queries.active_teams()
    return found.filter(locality=locality) if locality is not None else found.none()
