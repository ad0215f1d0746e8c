"""The role matrix's entries for the coaching measures pages: coaching team leads manage their
organisation's own measures (and add them: an administrator, who may reword the built-in ones,
leads no organisation's coaching and is refused); the sample is an own measure of the world's
organisation."""

from typing import Any

from thriving.api.tests.matrix_pages import Page
from thriving.api.tests.matrix_world import World
from thriving.coaching.models import Measure
from thriving.coaching.tests.factories import MeasureFactory
from thriving.core import access, policy
from thriving.core.models import Role


def measure(w: World) -> Any:
    return w.once("own_measure", lambda: MeasureFactory(organisation=w.organisation, name="Matrix confidence"))


def manages(user: Any, w: World, kw: dict) -> bool:
    return access.restrict(Measure.objects.all(), user, "manage").filter(key=kw["key"]).exists()


def leads_coaching(user: Any, w: World, kw: dict) -> bool:
    return bool(policy.organisation_ids(user, Role.COACH_LEAD))


PAGES = {
    "coaching:measure-add": Page(rule=leads_coaching),
    "coaching:measure-change": Page(scope=manages),
}

SAMPLES = {
    "coaching:measure-change": lambda w: {"key": measure(w).key},
}
