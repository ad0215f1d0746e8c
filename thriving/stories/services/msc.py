"""Most Significant Change rounds: setting one up, putting stories forward in its domains, the
panel starting to select, the panel's selections with their reasons, and passing the selections
up to the round one level up. The tellers who asked for feedback hear what became of their story
(`tasks.msc.send_feedback`, enqueued when the selections are made and when they pass up)."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from thriving.core import audit
from thriving.core.conflicts import ActionRefused, Conflict
from thriving.core.policy import require
from thriving.stories.models import MSCCandidate, MSCDomain, MSCRound, MSCSelection, Story, StoryProject
from thriving.stories.queries import msc as queries


class RoundRefused(ActionRefused):
    pass


def _locked(round_: MSCRound, version: int | None = None) -> MSCRound:
    locked = MSCRound.objects.select_for_update().get(pk=round_.pk)
    if version is not None and locked.version != version:
        raise Conflict("Someone else changed this round first. Here it is as it is now.")
    return locked


def _bump(locked: MSCRound, **changes: Any) -> MSCRound:
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save()
    return locked


def _enqueue_feedback(round_id: int) -> None:
    from thriving.stories.tasks.msc import send_feedback

    transaction.on_commit(lambda: send_feedback.enqueue(round_id))


@transaction.atomic
def create_round(*, acting_user: Any, title: str, level: str, domains: Iterable[str], team: Any = None,
                 locality: Any = None, project: StoryProject | None = None, panel: Iterable[Any] = (),
                 meets_on: datetime.date | None = None, passes_to: MSCRound | None = None) -> MSCRound:
    """Set up a round at a level (a team's, a locality's or the board's) with its domains of change."""
    require(acting_user, "stories.add_round")
    names = list(dict.fromkeys(name.strip()[:150] for name in domains if name.strip()))
    if not names:
        raise RoundRefused("Give the round at least one domain of change.")
    if level == MSCRound.Level.TEAM:
        if team is None or not queries.teams_for_round(acting_user).filter(pk=team.pk).exists():
            raise RoundRefused("Choose your team.")
        locality = team.locality
    elif level == MSCRound.Level.LOCALITY:
        if locality is None or not queries.localities_for_round(acting_user).filter(pk=locality.pk).exists():
            raise RoundRefused("Choose a locality you work in.")
        team = None
    elif level == MSCRound.Level.BOARD:
        if not queries.may_set_up_board_round(acting_user):
            raise RoundRefused("Only enablers and administrators set up the partnership board's rounds.")
        team = locality = None
    else:
        raise RoundRefused("Choose the level of the round.")
    if project is not None and not queries.projects_for_round(acting_user).filter(pk=project.pk).exists():
        raise RoundRefused("Choose a story project you have a part in.")
    if passes_to is not None:
        check_passes_to(acting_user, level, locality, passes_to)
    made = MSCRound.objects.create(title=title.strip(), level=level, team=team, locality=locality, project=project,
                                   meets_on=meets_on, passes_to=passes_to, created_by=acting_user)
    made.panel.set(list(panel))
    for position, name in enumerate(names):
        MSCDomain.objects.create(round=made, name=name, position=position, created_by=acting_user)
    audit.record(acting_user, "msc_round.created", made, action=audit.Action.CREATED)
    return made


def check_passes_to(user: Any, level: str, locality: Any, passes_to: MSCRound) -> None:
    """A round passes up one level only (a team's to a locality's, a locality's to the board's),
    to a round the person may see that has not finished; a team's to its own locality's."""
    wanted = queries.NEXT_LEVEL.get(level)  # type: ignore[call-overload]
    if wanted is None:
        raise RoundRefused("The partnership board's round is the top: it passes to no other round.")
    if passes_to.level != wanted:
        raise RoundRefused(f"A {MSCRound.Level(level).label.lower()} round passes up to a "
                           f"{MSCRound.Level(wanted).label.lower()} round.")
    if not queries.rounds_to_pass_to(user).filter(pk=passes_to.pk).exists():
        raise RoundRefused("Choose a round that is still gathering or selecting.")
    if wanted == MSCRound.Level.LOCALITY and locality is not None and passes_to.locality_id not in (None, locality.pk):
        raise RoundRefused("A team's round passes up to its own locality's round.")


@transaction.atomic
def put_forward(*, acting_user: Any, round_: MSCRound, domain: MSCDomain, story: Story, note: str = "") -> MSCCandidate:
    """Put a story forward in one of the round's domains, with a note on why."""
    require(acting_user, "stories.put_forward", round_)
    locked = _locked(round_)
    if locked.status != MSCRound.Status.GATHERING:
        raise RoundRefused("The round is no longer gathering stories.")
    if domain.round_id != locked.pk:
        raise RoundRefused("Choose one of this round's domains.")
    if not queries.may_put_forward(acting_user, locked, story):
        raise RoundRefused("Choose one of the stories you may put forward in this round.")
    if MSCCandidate.objects.filter(domain=domain, story=story).exists():
        raise RoundRefused(f"That story is already put forward in “{domain.name}”.")
    try:
        with transaction.atomic():
            made = MSCCandidate.objects.create(domain=domain, story=story, note=note.strip(), created_by=acting_user)
    except IntegrityError as error:
        raise RoundRefused(f"That story is already put forward in “{domain.name}”.") from error
    audit.record(acting_user, "msc_candidate.added", made, action=audit.Action.CREATED,
                 object_label=f"{locked.title}: {domain.name}")
    return made


@transaction.atomic
def remove_candidate(*, acting_user: Any, candidate: MSCCandidate) -> None:
    """Take a story back out of a domain while the round is gathering."""
    round_ = candidate.domain.round
    require(acting_user, "stories.put_forward", round_)
    locked = _locked(round_)
    if locked.status != MSCRound.Status.GATHERING:
        raise RoundRefused("The round is no longer gathering stories.")
    audit.record(acting_user, "msc_candidate.removed", candidate, action=audit.Action.DELETED,
                 object_label=f"{locked.title}: {candidate.domain.name}")
    candidate.delete()


@transaction.atomic
def start_selecting(*, acting_user: Any, round_: MSCRound, version: int) -> MSCRound:
    """Close the gathering: the panel now selects from the stories put forward."""
    require(acting_user, "stories.put_forward", round_)
    locked = _locked(round_, version)
    if locked.status != MSCRound.Status.GATHERING:
        raise RoundRefused("The round is not gathering stories.")
    if not MSCCandidate.objects.filter(domain__round=locked, story__withdrawn_at__isnull=True).exists():
        raise RoundRefused("Put at least one story forward before the panel selects.")
    _bump(locked, status=MSCRound.Status.SELECTING)
    audit.record(acting_user, "msc_round.selecting", locked, action=audit.Action.CHANGED)
    return locked


@transaction.atomic
def select(*, acting_user: Any, round_: MSCRound, version: int, choices: dict[int, tuple[MSCCandidate, str]],
           present: Iterable[Any] = ()) -> list[MSCSelection]:
    """The panel's selections: in every domain with stories put forward, the most significant one
    and why (`choices`: domain id to candidate and reason), with who was there. The round is then
    done, and the tellers who asked hear what became of their stories."""
    require(acting_user, "stories.select_round", round_)
    locked = _locked(round_, version)
    if locked.status != MSCRound.Status.SELECTING:
        raise RoundRefused("The panel selects once the round has stopped gathering, and only once.")
    domains = list(MSCDomain.objects.filter(round=locked, candidates__isnull=False,
                                          candidates__story__withdrawn_at__isnull=True).distinct())
    if not domains:
        raise RoundRefused("No stories are put forward in this round.")
    panel = set(locked.panel.values_list("pk", flat=True))
    present = [person for person in present if person.pk in panel]
    now = timezone.now()
    made = []
    for domain in domains:
        candidate, reason = choices.get(domain.pk, (None, ""))
        if candidate is None or candidate.domain_id != domain.pk or candidate.story.withdrawn_at is not None:
            raise RoundRefused(f"Choose the most significant story in “{domain.name}”.")
        if not reason.strip():
            raise RoundRefused(f"Say why the panel chose it in “{domain.name}”.")
        MSCSelection.objects.filter(domain=domain).delete()
        selection = MSCSelection.objects.create(domain=domain, candidate=candidate, reason=reason.strip(),
                                                selected_at=now, created_by=acting_user)
        selection.present.set(present)
        audit.record(acting_user, "msc_selection.made", selection, action=audit.Action.CREATED,
                     object_label=f"{locked.title}: {domain.name}", purpose=selection.reason[:200])
        made.append(selection)
    _bump(locked, status=MSCRound.Status.DONE)
    _enqueue_feedback(locked.pk)
    return made


@transaction.atomic
def pass_up(*, acting_user: Any, round_: MSCRound) -> int:
    """Each domain's selection becomes a story put forward in the same-named domain of the round
    this one passes to (the domain made there if missing), carrying where it came from and the
    panel's reason. Passing up again adds nothing new. Returns how many were added."""
    require(acting_user, "stories.manage_round", round_)
    locked = _locked(round_)
    if locked.status != MSCRound.Status.DONE:
        raise RoundRefused("Pass the selections up once the panel has made them.")
    if locked.passes_to_id is None:
        raise RoundRefused("This round passes to no other round.")
    target = MSCRound.objects.select_for_update().get(pk=locked.passes_to_id)
    if target.status == MSCRound.Status.DONE:
        raise RoundRefused(f"“{target.title}” has made its selections already.")
    added = 0
    selections = MSCSelection.objects.filter(domain__round=locked, candidate__story__withdrawn_at__isnull=True) \
        .select_related("domain", "candidate__story").order_by("domain__position", "domain__name")
    for selection in selections:
        domain = MSCDomain.objects.filter(round=target, name=selection.domain.name).first()
        if domain is None:
            last = MSCDomain.objects.filter(round=target).order_by("-position").first()
            domain = MSCDomain.objects.create(round=target, name=selection.domain.name,
                                              description=selection.domain.description,
                                              position=(last.position + 1) if last else 0, created_by=acting_user)
        candidate, created = MSCCandidate.objects.get_or_create(
            domain=domain, story=selection.candidate.story,
            defaults={"passed_from": selection, "note": selection.candidate.note, "created_by": acting_user})
        if created:
            added += 1
            audit.record(acting_user, "msc_candidate.passed_up", candidate, action=audit.Action.CREATED,
                         object_label=f"{target.title}: {domain.name}", purpose=f"Chosen by {locked.title}")
    _enqueue_feedback(locked.pk)
    return added
