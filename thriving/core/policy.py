"""The access policy: the one place that decides who may do what to which object.

Every view and API operation declares an action (`@policy("core.view_audit")`, or `@public`);
`PolicyMiddleware` refuses any view that declares none. Rules are `rules` predicates over the
person's memberships; each app adds its own rules here through `add_rule` in its `policy.py`.
Rows of a model are narrowed to what a person may see through scopes each app registers beside
its rules (`add_scope`, see `thriving.core.access`): `Model.objects.visible_to(user, action)` and
`get_visible_or_404(...)` are the only ways views and the API fetch scoped objects.
"""

from collections.abc import Callable
from typing import Any, TypeVar

import rules
from django.core.exceptions import PermissionDenied
from django.db import models

from thriving.core.access import add_scope, get_visible_or_404, restrict
from thriving.core.models import Membership, Role

__all__ = ["add_rule", "add_scope", "can", "get_visible_or_404", "in_scope", "policy", "public", "require"]

PUBLIC = "public"
SIGNED_IN = "signed_in"
API = "api"  # the API view checks each operation's own policy

POLICY = rules.RuleSet()
F = TypeVar("F", bound=Callable[..., Any])


def memberships(user: Any) -> list[Membership]:
    """The person's memberships, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_thriving_memberships", None)
    if cached is None:
        cached = list(user.memberships.select_related("organisation", "locality"))
        user._thriving_memberships = cached
    return cached


def roles_of(user: Any) -> set[str]:
    return {m.role for m in memberships(user)}


def forget(user: Any) -> None:
    """Drop the cached memberships after they change."""
    if hasattr(user, "_thriving_memberships"):
        del user._thriving_memberships


def has_role(*roles: str) -> rules.Predicate:
    wanted = set(roles)

    @rules.predicate(name=f"has_role({', '.join(sorted(wanted))})")
    def check(user: Any) -> bool:
        return bool(wanted & roles_of(user))

    return check


def organisation_ids(user: Any, *roles: str) -> set[int]:
    return {
        m.organisation_id
        for m in memberships(user)
        if m.organisation_id is not None and (not roles or m.role in roles)
    }


is_signed_in = rules.is_authenticated & rules.is_active
is_administrator = is_signed_in & has_role(Role.ADMINISTRATOR)
is_dpo = is_signed_in & has_role(Role.DATA_PROTECTION_OFFICER)
is_staff_member = is_signed_in & has_role(*Role.values)


def in_scope(model: type[models.Model], action: str) -> rules.Predicate:
    """A predicate: the object is in the person's scope for the action (`add_scope`); asked
    without an object (as a view's declaration is), any object."""

    @rules.predicate(name=f"in_scope({model.__name__}, {action})")
    def check(user: Any, obj: Any) -> bool:
        if obj is None:
            return True
        return restrict(model._default_manager.filter(pk=obj.pk), user, action).exists()

    return check


def add_rule(name: str, predicate: rules.Predicate) -> None:
    POLICY.set_rule(name, predicate)


def can(user: Any, action: str, obj: Any = None) -> bool:
    """Whether the person may take the action (on the object). Unknown actions are refused."""
    if action == PUBLIC:
        return True
    if action == SIGNED_IN:
        return bool(is_signed_in.test(user))
    return POLICY.test_rule(action, user, obj)


def require(user: Any, action: str, obj: Any = None) -> None:
    if not can(user, action, obj):
        raise PermissionDenied(action)


def policy(action: str) -> Callable[[F], F]:
    """Declare the action a view stands for. The middleware checks it before the view runs."""

    def mark(view: F) -> F:
        view.thriving_policy = action  # type: ignore[attr-defined]
        return view

    return mark


def public(view: F) -> F:
    return policy(PUBLIC)(view)


def declared(view: Any) -> str | None:
    return getattr(view, "thriving_policy", None) or getattr(
        getattr(view, "view_class", None), "thriving_policy", None
    )


# The rules of the core app.
add_rule("core.second_factor", is_signed_in)
add_rule("core.staff_home", is_staff_member)
add_rule("core.use_admin", is_administrator)
add_rule("core.manage_users", is_administrator)
add_rule("core.manage_organisations", is_administrator)
add_rule("core.view_organisations", is_staff_member)
add_rule("core.view_audit", is_administrator | is_dpo)
add_rule("core.manage_site_settings", is_administrator)


# Which rows: staff see every organisation (the directory shows them to everyone through its own
# pages); administrators manage every user.
def _every_organisation_for_staff(user: Any, queryset: Any) -> Any:
    return queryset if is_staff_member.test(user) else queryset.none()


def _every_user_for_administrators(user: Any, queryset: Any) -> Any:
    return queryset if is_administrator.test(user) else queryset.none()


def _register_scopes() -> None:
    from thriving.core.models import Organisation, User

    add_scope(Organisation, "view", _every_organisation_for_staff)
    add_scope(User, "manage", _every_user_for_administrators)


_register_scopes()
