"""The role matrix's entries for the Most Significant Change pages: the rounds and setting one up
(no parameters), a round's page (who may see the round), putting a story forward, taking one out,
stopping the gathering and the panel's selections (who manages the round or sits on its panel),
and passing the selections up (who manages it). The samples are rounds of the world's team for
the shared project: one gathering with the shared story put forward, one selecting, and one done
with its selection, passing up to a round of the world's locality."""

from typing import Any

from django.utils import timezone

from thriving.api.tests.matrix_pages import Page, post, visible
from thriving.api.tests.matrix_stories import samples
from thriving.api.tests.matrix_world import World
from thriving.core.models import Role
from thriving.stories.models import MSCCandidate, MSCDomain, MSCRound, MSCSelection


def _round(w: World, title: str, status: str, **more: Any) -> MSCRound:
    made = MSCRound.objects.create(title=title, level=MSCRound.Level.TEAM, team=w.team, locality=w.locality,
                                   project=samples.project(w), status=status,
                                   created_by=w.users[Role.ADMINISTRATOR], **more)
    domain = MSCDomain.objects.create(round=made, name="Changes in people's lives")
    MSCCandidate.objects.create(domain=domain, story=samples.story(w), note="Matrix note")
    return made


def gathering(w: World) -> Any:
    return w.once("msc_gathering", lambda: _round(w, "Matrix gathering", MSCRound.Status.GATHERING))


def selecting(w: World) -> Any:
    return w.once("msc_selecting", lambda: _round(w, "Matrix selecting", MSCRound.Status.SELECTING))


def _done(w: World) -> MSCRound:
    above = MSCRound.objects.create(title="Matrix locality", level=MSCRound.Level.LOCALITY, locality=w.locality,
                                    created_by=w.users[Role.ADMINISTRATOR])
    made = _round(w, "Matrix done", MSCRound.Status.DONE, passes_to=above)
    domain = made.domains.get()
    MSCSelection.objects.create(domain=domain, candidate=domain.candidates.get(), reason="Matrix reason",
                                selected_at=timezone.now())
    return made


def done(w: World) -> Any:
    return w.once("msc_done", lambda: _done(w))


def round_in(action: str) -> Any:
    """A matrix scope: the person may take `action` on the round named by the URL's `uuid`."""

    def check(user: Any, w: World, kw: dict) -> bool:
        return visible(MSCRound, user, action, uuid=kw["uuid"])

    return check


PAGES = {
    "stories:round": Page(scope=round_in("view")),
    "stories:round-candidate-add": Page(scope=round_in("panel")),
    "stories:round-candidate-remove": post(scope=round_in("panel")),
    "stories:round-status": post(data=lambda w: {"version": gathering(w).version}, scope=round_in("panel")),
    "stories:round-select": Page(scope=round_in("panel")),
    "stories:round-pass-up": post(scope=round_in("manage")),
}

SAMPLES = {
    "stories:round": lambda w: {"uuid": gathering(w).uuid},
    "stories:round-candidate-add": lambda w: {"uuid": gathering(w).uuid},
    "stories:round-candidate-remove": lambda w: {
        "uuid": gathering(w).uuid, "candidate": MSCCandidate.objects.get(domain__round=gathering(w)).uuid},
    "stories:round-status": lambda w: {"uuid": gathering(w).uuid},
    "stories:round-select": lambda w: {"uuid": selecting(w).uuid},
    "stories:round-pass-up": lambda w: {"uuid": done(w).uuid},
}
