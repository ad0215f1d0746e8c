"""Emerging community priorities: setting one up from confirmed themes, changing it, linking what
responds to it (community ideas, team actions and asks, budget awards), and its anonymised quotes:
taking a passage of a story (anonymised at once, kept as a draft) and the review that approves or
rejects it. Only approved quotes are shown anywhere."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from thriving.core import audit
from thriving.core.conflicts import ActionRefused, Conflict
from thriving.core.policy import require
from thriving.stories.models import Priority, Quote, Story, Theme
from thriving.stories.queries import priorities as queries
from thriving.stories.services import anonymise


class PriorityRefused(ActionRefused):
    pass


def _check_themes(acting_user: Any, locality: Any, themes: Iterable[Theme], keep: Iterable[Theme] = ()) -> list[Theme]:
    """The themes, each confirmed, of a project of the locality the person manages (those the
    priority already holds may stay, whoever added them)."""
    kept = {theme.pk for theme in keep}
    chosen = list(themes)
    if not chosen:
        raise PriorityRefused("Choose at least one confirmed theme")
    allowed = set(queries.theme_choices(acting_user, locality).values_list("pk", flat=True))
    for theme in chosen:
        if theme.pk not in allowed and theme.pk not in kept:
            raise PriorityRefused(f"The theme \u201c{theme.label}\u201d is not a confirmed theme of this place "
                                  "that you manage")
    return chosen


def _check_team(locality: Any, team: Any) -> None:
    if team is not None and not queries.team_choices(locality).filter(pk=team.pk).exists():
        raise PriorityRefused("Choose a team of the priority's locality")


@transaction.atomic
def create_priority(*, acting_user: Any, title: str, summary: str, locality: Any, team: Any,
                    themes: Iterable[Theme]) -> Priority:
    """A priority for a place, taken up from confirmed themes of its projects."""
    require(acting_user, "stories.add_priority")
    if not queries.locality_choices(acting_user).filter(pk=locality.pk).exists():
        raise PriorityRefused("You do not manage a story project in this locality")
    chosen = _check_themes(acting_user, locality, themes)
    _check_team(locality, team)
    made = Priority.objects.create(title=title.strip(), summary=summary.strip(), locality=locality, team=team,
                                   created_by=acting_user)
    made.themes.set(chosen)
    audit.record(acting_user, "priority.created", made, action=audit.Action.CREATED)
    return made


def _locked(priority: Priority, version: int) -> Priority:
    locked = Priority.objects.select_for_update().get(pk=priority.pk)
    if locked.version != version:
        raise Conflict("Someone else changed this priority first. Here it is as it is now.")
    return locked


@transaction.atomic
def update_priority(*, acting_user: Any, priority: Priority, version: int, title: str, summary: str,
                    team: Any, themes: Iterable[Theme], status: str) -> Priority:
    """Change its title, summary, team, themes or status (no longer a priority, or again one)."""
    require(acting_user, "stories.manage_priority", priority)
    locked = _locked(priority, version)
    chosen = _check_themes(acting_user, locked.locality, themes, keep=locked.themes.all())
    _check_team(locked.locality, team)
    if status not in Priority.Status.values:
        raise PriorityRefused("Choose whether it is still a priority")
    locked.title, locked.summary, locked.team, locked.status = title.strip(), summary.strip(), team, status
    locked.version += 1
    locked.save()
    locked.themes.set(chosen)
    audit.record(acting_user, "priority.changed", locked, action=audit.Action.CHANGED)
    return locked


@transaction.atomic
def set_links(*, acting_user: Any, priority: Priority, version: int, **links: Iterable[Any]) -> Priority:
    """Link what responds to it: `ideas`, `actions`, `asks` and `awards`, each among what
    `queries.link_choices` offers the person. Links to things the person may not see stay."""
    require(acting_user, "stories.manage_priority", priority)
    locked = _locked(priority, version)
    choices = queries.link_choices(acting_user, locked)
    for name in queries.LINKED:
        offered = choices[name]
        chosen = {row.pk for row in links.get(name, ())}
        if chosen - set(offered.filter(pk__in=chosen).values_list("pk", flat=True)):
            raise PriorityRefused("Choose only among what is offered")
        field = getattr(locked, name)
        hidden = set(field.exclude(pk__in=offered.values("pk")).values_list("pk", flat=True))
        field.set(chosen | hidden)
    locked.version += 1
    locked.save()
    audit.record(acting_user, "priority.linked", locked, action=audit.Action.CHANGED)
    return locked


@transaction.atomic
def create_quote(*, acting_user: Any, priority: Priority, story: Story, start: int, end: int) -> Quote:
    """Take the passage `start`..`end` of the story, anonymised, as a draft quote of the priority,
    waiting for review."""
    require(acting_user, "stories.manage_priority", priority)
    if not queries.quotable_stories(acting_user, priority).filter(pk=story.pk).exists():
        raise PriorityRefused("This story cannot be quoted: its teller did not agree, or it is not in this "
                              "priority's themes")
    locked = Story.objects.select_for_update().get(pk=story.pk)
    if not 0 <= start < end <= len(locked.text) or not locked.text[start:end].strip():
        raise PriorityRefused("Choose a passage of the story's words")
    result = anonymise.anonymise(locked.text[start:end], queries.known_names(locked), offset=start)
    quote = Quote.objects.create(story=locked, priority=priority, start=start, end=end, text=result.text.strip(),
                                 redactions=result.redactions, created_by=acting_user)
    audit.record(acting_user, "quote.created", quote, action=audit.Action.CREATED,
                 purpose=f"{len(result.redactions)} redactions")
    return quote


@transaction.atomic
def review_quote(*, acting_user: Any, quote: Quote, version: int, approve: bool, text: str) -> Quote:
    """Approve the quote with its text as the reviewer leaves it, or reject it. An edited text is
    checked again: one still holding a phone number, email or postcode is refused."""
    require(acting_user, "stories.review_quote", quote)
    if quote.priority is None:
        raise PriorityRefused("This quote belongs to no priority")
    require(acting_user, "stories.manage_priority", quote.priority)
    locked = Quote.objects.select_for_update().get(pk=quote.pk)
    if locked.version != version:
        raise Conflict("Someone else reviewed this quote first. Here it is as it is now.")
    if locked.status != Quote.Status.DRAFT:
        raise PriorityRefused("This quote has been reviewed already.")
    text = text.replace("\r\n", "\n").strip()
    if approve:
        if not text:
            raise PriorityRefused("Enter the words to quote")
        leaked = anonymise.leaks(text)
        if leaked:
            kinds = ", ".join({"phone": "a phone number", "email": "an email address", "postcode": "a postcode"}[kind]
                              for kind in leaked)
            raise PriorityRefused(f"The quote still holds {kinds}: take it out or put the placeholder back")
        locked.text = text
    locked.status = Quote.Status.APPROVED if approve else Quote.Status.REJECTED
    locked.reviewed_by = acting_user
    locked.reviewed_at = timezone.now()
    locked.version += 1
    locked.save()
    audit.record(acting_user, "quote.approved" if approve else "quote.rejected", locked, action=audit.Action.CHANGED)
    return locked
