"""People deciding on a suggested theme: confirm it (under its label or a new one, optionally adding
it to the codebook as a code the suggester applies to its stories), merge it into another theme,
or reject it. Each checks the version the person read."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from thriving.core import audit
from thriving.core.conflicts import ActionRefused, save_if_unchanged
from thriving.core.policy import require
from thriving.stories.models import Code, Coding, Theme, ThemeMembership


class DecisionRefused(ActionRefused):
    pass


def _decide(theme: Theme, user: Any, status: str, version: int | None, **fields: Any) -> None:
    theme.status, theme.decided_by, theme.decided_at = status, user, timezone.now()
    for name, value in fields.items():
        setattr(theme, name, value)
    save_if_unchanged(theme, version=version, fields=["status", "decided_by", "decided_at", *fields])


def _code_for(theme: Theme, user: Any) -> Code:
    code = Code.objects.filter(project=theme.project, parent__isnull=True, name=theme.label[:100]).first()
    if code is None:
        code = Code.objects.create(project=theme.project, name=theme.label[:100], created_by=user,
                                   definition=f"Suggested theme: {', '.join(theme.key_phrases)}")
    done = set(Coding.objects.filter(code=code, source=Coding.Source.SUGGESTER).values_list("story_id", flat=True))
    members = ThemeMembership.objects.filter(theme=theme, story__withdrawn_at__isnull=True).select_related("story")
    Coding.objects.bulk_create([
        Coding(story=m.story, code=code, source=Coding.Source.SUGGESTER, start=0, end=len(m.story.text),
               quote=m.story.text, created_by=user)
        for m in members if m.story_id not in done and m.story.text
    ])
    return code


@transaction.atomic
def confirm(*, acting_user: Any, theme: Theme, version: int | None, label: str = "", add_code: bool = False) -> Theme:
    require(acting_user, "stories.manage", theme.project)
    if theme.status not in (Theme.Status.SUGGESTED, Theme.Status.CONFIRMED):
        raise DecisionRefused("Only a suggested or confirmed theme can be confirmed.")
    label = (label or theme.label).strip()[:150]
    _decide(theme, acting_user, Theme.Status.CONFIRMED, version, label=label)
    if add_code:
        _code_for(theme, acting_user)
    audit.record(acting_user, "stories.theme_confirmed", theme, action=audit.Action.CHANGED,
                 changes={"label": label, "code": add_code})
    return theme


@transaction.atomic
def reject(*, acting_user: Any, theme: Theme, version: int | None) -> Theme:
    require(acting_user, "stories.manage", theme.project)
    if theme.status != Theme.Status.SUGGESTED:
        raise DecisionRefused("Only a suggested theme can be rejected.")
    _decide(theme, acting_user, Theme.Status.REJECTED, version)
    audit.record(acting_user, "stories.theme_rejected", theme, action=audit.Action.CHANGED)
    return theme


@transaction.atomic
def merge(*, acting_user: Any, theme: Theme, into: Theme, version: int | None) -> Theme:
    """Merge the theme into another of the project's (suggested or confirmed): its stories join it."""
    require(acting_user, "stories.manage", theme.project)
    if into.pk == theme.pk or into.project_id != theme.project_id or into.status not in (
            Theme.Status.SUGGESTED, Theme.Status.CONFIRMED):
        raise DecisionRefused("Choose another suggested or confirmed theme of this project to merge into.")
    if theme.status != Theme.Status.SUGGESTED:
        raise DecisionRefused("Only a suggested theme can be merged.")
    _decide(theme, acting_user, Theme.Status.MERGED, version, merged_into=into)
    there = set(ThemeMembership.objects.filter(theme=into).values_list("story_id", flat=True))
    ThemeMembership.objects.bulk_create([
        ThemeMembership(theme=into, story_id=m.story_id, strength=m.strength, is_weak=True)
        for m in ThemeMembership.objects.filter(theme=theme) if m.story_id not in there
    ])
    audit.record(acting_user, "stories.theme_merged", theme, action=audit.Action.CHANGED,
                 changes={"into": into.label})
    return theme
