"""Object access, in one place, on the queryset (as NetBox's `RestrictedQuerySet.restrict`).

Each app says in its `policy.py` which rows of a model a person may see or change, as a *scope*:

    policy.add_scope(HelpRequest, "view", requests_scope)   # requests_scope(user, queryset) -> queryset

and every read of those rows starts from it, so a view cannot forget:

    HelpRequest.objects.visible_to(request.user).filter(status=...)
    get_visible_or_404(HelpRequest, request.user, reference=reference)
    get_visible_or_404(Referral.objects.select_related("request"), request.user, "answer", uuid=uuid)

Deny by default: a model and action with no scope registered gives nothing, for everyone. Pages
and the API use the same scopes; a search beyond a person's scope (record matching) is a scope of
its own with its own action, chosen explicitly and audited by the code that uses it.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)
Scope = Callable[[Any, models.QuerySet], models.QuerySet]

VIEW = "view"
_SCOPES: dict[tuple[str, str], Scope] = {}


def _key(model: type[models.Model], action: str) -> tuple[str, str]:
    return (model._meta.concrete_model._meta.label_lower, action)  # type: ignore[union-attr]


def add_scope(model: type[models.Model], action: str, scope: Scope) -> None:
    """Register which rows of `model` a person may take `action` on: `scope(user, queryset)`
    narrows the queryset. Registering the same model and action twice is a mistake."""
    key = _key(model, action)
    if key in _SCOPES and _SCOPES[key] is not scope:
        raise ValueError(f"A scope for {key[0]} / {action} is registered already")
    _SCOPES[key] = scope


def scoped_actions(model: type[models.Model]) -> set[str]:
    label = model._meta.concrete_model._meta.label_lower  # type: ignore[union-attr]
    return {action for (found, action) in _SCOPES if found == label}


def restrict(queryset: models.QuerySet[M], user: Any, action: str = VIEW) -> models.QuerySet[M]:
    """The rows of the queryset the person may take the action on; none without a scope."""
    scope = _SCOPES.get(_key(queryset.model, action))
    if scope is None or user is None:
        return queryset.none()
    return scope(user, queryset)


class VisibleQuerySet(models.QuerySet[M]):
    """A queryset that narrows itself to a person: `.visible_to(user, action="view")`."""

    def visible_to(self, user: Any, action: str = VIEW) -> "VisibleQuerySet[M]":
        return restrict(self, user, action)  # type: ignore[return-value]


class VisibleManager(models.Manager.from_queryset(VisibleQuerySet)):  # type: ignore[misc]
    """The default manager of a model whose rows are scoped to people."""


def get_visible_or_404(
    queryset_or_model: type[M] | models.QuerySet[M], user: Any, action: str = VIEW, **lookup: Any
) -> M:
    """The one object the lookup names, if the person may take the action on it; otherwise 404,
    so that a person cannot tell a record they may not see from one that does not exist."""
    queryset = (
        queryset_or_model._default_manager.all()
        if isinstance(queryset_or_model, type)
        else queryset_or_model
    )
    try:
        return restrict(queryset, user, action).get(**lookup)
    except (ObjectDoesNotExist, ValidationError, ValueError) as error:
        raise Http404(f"No {queryset.model._meta.verbose_name} found") from error
