"""Withdrawing a story, by the teller's private link or by staff for them: it keeps only a
tombstone, and everything it gave is gone."""

import pytest
from django.core.exceptions import PermissionDenied

from thriving.core.models import AuditEvent
from thriving.stories.models import (
    Coding,
    MSCCandidate,
    MSCDomain,
    MSCRound,
    MSCSelection,
    Quote,
    SignifierAnswer,
    Story,
    StoryEmbedding,
    Theme,
    ThemeMembership,
)
from thriving.stories.services import withdrawal
from thriving.stories.tests.factories import CodeFactory, SignifierAnswerFactory, StoryFactory, TriadFactory


@pytest.fixture
def told(story_project, story_member):
    story = StoryFactory(project=story_project, teller_name="Ash Placeholder", teller_email="ash@example.org")
    SignifierAnswerFactory(story=story, signifier=TriadFactory(project=story_project))
    code = CodeFactory(project=story_project)
    Coding.objects.create(story=story, code=code, coder=story_member, start=0, end=8, quote=story.text[:8])
    Quote.objects.create(story=story, start=0, end=8, text=story.text[:8])
    StoryEmbedding.objects.create(story=story, model_name="m", text_hash="h", vector=b"\0" * 8)
    theme = Theme.objects.create(project=story_project, label="Warm spaces")
    ThemeMembership.objects.create(theme=theme, story=story, strength=0.8)
    domain = MSCDomain.objects.create(round=MSCRound.objects.create(title="Spring", level="team"), name="Lives")
    candidate = MSCCandidate.objects.create(domain=domain, story=story)
    MSCSelection.objects.create(domain=domain, candidate=candidate, reason="It shows neighbours at work",
                                selected_at=story.created_at)
    return story


def _nothing_left(story):
    for model in (SignifierAnswer, Coding, Quote, StoryEmbedding, ThemeMembership, MSCCandidate):
        assert not model.objects.filter(story=story).exists(), model
    assert not MSCSelection.objects.exists()
    story.refresh_from_db()
    assert story.withdrawn_at is not None
    assert (story.text, story.title, story.teller_name, story.teller_email) == ("", "", "", "")
    assert not (story.consent_use)
    assert not (story.consent_quote)
    assert not (story.consent_share)
    assert not (story.consent_publish)


def test_the_teller_withdraws_with_the_private_link_and_only_a_tombstone_is_left(told, story_member):
    token = withdrawal.new_link(told)
    assert told.withdrawal_key != token  # only the keyed hash is kept
    assert withdrawal.story_for_link(token) == told
    withdrawal.withdraw_with_link(token=token)
    _nothing_left(told)
    assert not Story.objects.visible_to(story_member).filter(pk=told.pk).exists()
    assert AuditEvent.objects.filter(event="story.withdrawn", object_id=str(told.uuid)).exists()
    with pytest.raises(withdrawal.WithdrawalRefused):
        withdrawal.withdraw_with_link(token=token)


def test_a_wrong_link_withdraws_nothing(told):
    withdrawal.new_link(told)
    with pytest.raises(withdrawal.WithdrawalRefused):
        withdrawal.withdraw_with_link(token="not-the-secret")
    told.refresh_from_db()
    assert told.withdrawn_at is None
    assert told.answers.exists()


def test_staff_who_manage_the_project_withdraw_for_the_teller_with_a_reason(told, story_member, user_with_role):
    with pytest.raises(withdrawal.WithdrawalRefused):
        withdrawal.withdraw(acting_user=story_member, story=told, reason=" ")
    outsider = user_with_role("team_member")
    with pytest.raises(PermissionDenied):
        withdrawal.withdraw(acting_user=outsider, story=told, reason="They phoned")
    withdrawal.withdraw(acting_user=story_member, story=told, reason="The teller phoned the hub")
    _nothing_left(told)
