"""Reading applications: the pots and rounds the public form is open for, the places an
application may name (the pot's locality, one of its wards or LSOAs, from the places app), the
community ideas a team may apply from, a pot's applications with their totals, and one
application with its items and decisions."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from thriving.budgets.models import Application, Award, BudgetItem, Decision, Pot, Round
from thriving.community.queries import ideas as community_ideas
from thriving.core.access import restrict
from thriving.places import queries as places

ZERO = Decimal("0.00")
WARD, LSOA = "ward", "lsoa"
NO_IDEA_STAGES = ("stopped",)


def public_pots() -> QuerySet[Pot]:
    """Pots anyone may apply to: public and not closed."""
    return Pot.objects.select_related("locality").filter(is_public=True, closed_at__isnull=True)


def rounds_open_on(pot: Pot, day: datetime.date | None = None) -> list[Round]:
    """The pot's rounds open for applications on the day (today unless said)."""
    day = day or timezone.localdate()
    return list(pot.rounds.filter(opens_on__lte=day, closes_on__gte=day).order_by("closes_on", "pk"))


def round_of(pot: Pot, slug: str) -> Round | None:
    return pot.rounds.filter(slug=slug).first()


def is_open(round_: Round, day: datetime.date | None = None) -> bool:
    day = day or timezone.localdate()
    return round_.opens_on <= day <= round_.closes_on


# --- Where an application benefits ------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    value: str  # "" for the whole locality, "ward:<code>" or "lsoa:<code>"
    label: str
    ward_code: str = ""
    area_code: str = ""


def places_in(locality: Any) -> list[Place]:
    """The whole locality, each of its wards and each of its LSOAs (from the places app)."""
    found = [Place("", f"All of {locality.name}")]
    names = list(locality.ward_names or [])
    for index, code in enumerate(locality.ward_codes or []):
        name = names[index] if index < len(names) else code
        found.append(Place(f"{WARD}:{code}", f"{name} ward", ward_code=code))
    page = places.locality_page(locality.slug)
    for area in page.areas if page else []:
        found.append(Place(f"{LSOA}:{area.code}", f"{area.name} ({area.code})", area_code=area.code))
    return found


def place_named(locality: Any, ward_code: str = "", area_code: str = "") -> Place | None:
    """The place with these codes in the locality, or None when they are not in it."""
    for place in places_in(locality):
        if place.ward_code == ward_code and place.area_code == area_code:
            return place
    return None


# --- Community ideas a team may apply from ----------------------------------------------------


def ideas_to_apply_from(user: Any, pot: Pot) -> list[Any]:
    """Community ideas the person may see, in the pot's locality (or with none yet), not stopped."""
    found = community_ideas.visible_ideas(user).filter(
        Q(locality_id=pot.locality_id) | Q(locality__isnull=True)).exclude(stage__in=NO_IDEA_STAGES)
    return list(found.order_by("-created_at", "-id")[:200])


def public_ideas_for(pot: Pot) -> list[Any]:
    """The public community ideas of the pot's locality, which a resident may apply for."""
    return [idea for idea in community_ideas.public_ideas(AnonymousUser(), pot.locality.slug)
            if idea.stage not in NO_IDEA_STAGES][:100]


# --- A pot's applications, and one application -------------------------------------------------


@dataclass(frozen=True)
class ApplicationList:
    applications: list[Application]
    count: int
    total_requested: Decimal
    by_status: dict[str, int]


def pot_applications(pot: Pot, *, status: str = "", round_slug: str = "") -> ApplicationList:
    """The pot's applications (newest first), narrowed by status and round, with the total asked for."""
    rows = Application.objects.filter(pot=pot).select_related("round")
    if status:
        rows = rows.filter(status=status)
    if round_slug:
        rows = rows.filter(round__slug=round_slug)
    totals = rows.aggregate(count=Count("pk"), total=Sum("amount_requested"))
    by_status = dict(Application.objects.filter(pot=pot).values_list("status").annotate(n=Count("pk")))
    return ApplicationList(
        applications=list(rows[:500]), count=totals["count"] or 0,
        total_requested=totals["total"] or ZERO, by_status=by_status,
    )


def applications_for(user: Any, action: str = "view") -> QuerySet[Application]:
    """Applications the person may take the action on, with what their pages show."""
    return restrict(Application.objects.select_related("pot", "pot__locality", "round", "locality",
                                                       "facilitator", "organisation"), user, action)


def with_details(rows: QuerySet[Application]) -> QuerySet[Application]:
    return rows.prefetch_related(
        Prefetch("items", queryset=BudgetItem.objects.order_by("position", "pk")),
        Prefetch("decisions", queryset=Decision.objects.select_related("signoff_by").order_by("-decided_on", "-pk")),
    )


def place_of(application: Application) -> str:
    """Where the application benefits, in words."""
    place = place_named(application.locality, application.ward_code, application.area_code)
    if place is not None:
        return place.label
    return " ".join(part for part in (application.ward_code, application.area_code) if part) or str(
        application.locality)


def award_of(application: Application) -> Any:
    """The award made from the application, if one was."""
    return Award.objects.filter(application=application).first()


def decision_to_sign_off(user: Any, application: Application) -> Any:
    """The application's decision waiting for this person's sign-off, if there is one."""
    return restrict(Decision.objects.filter(application=application), user, "sign_off").first()
