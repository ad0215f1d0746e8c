"""Agreement between coders: Cohen's kappa for each code over the stories both coded, against a
hand-computed example; "not defined" when both give every story the same answer; the pair with the
most stories in common chosen by default; and the page, with a wrong choice of coders."""

import pytest
from django.urls import reverse

from thriving.core.models import Role
from thriving.stories.queries import coding_agreement
from thriving.stories.services import withdrawal
from thriving.stories.tests.factories import CodeFactory, CodingFactory, StoryFactory


def test_kappa_and_its_reading_by_hand():
    # po = 3/4; each says yes to 1/2 and 1/4: pe = 1/2 * 1/4 + 1/2 * 3/4 = 1/2; kappa = (3/4 - 1/2) / (1/2).
    assert coding_agreement.kappa([1, 0, 1, 0], [1, 0, 0, 0]) == pytest.approx(0.5)
    assert coding_agreement.kappa([1, 1, 1], [1, 1, 1]) is None
    assert coding_agreement.kappa([0, 0], [0, 0]) is None
    assert coding_agreement.kappa([], []) is None
    assert coding_agreement.reading(0.39) == "poor agreement"
    assert coding_agreement.reading(0.5) == "fair agreement"
    assert coding_agreement.reading(0.7) == "good agreement"
    assert coding_agreement.reading(0.8) == "excellent agreement"
    assert coding_agreement.reading(-0.2) == "worse than chance"
    assert coding_agreement.reading(None).startswith("not defined")


@pytest.fixture
def people(user_with_role, story_project):
    made = {}
    for name in ("Ann", "Bob", "Cat"):
        user = user_with_role(Role.TEAM_MEMBER)
        user.full_name = name
        user.save()
        story_project.coders.add(user)
        made[name] = user
    return made


@pytest.fixture
def coded(story_project, people):
    """Four stories Ann and Bob both coded: Help applied by Ann to 1 and 3, by Bob to 1 only;
    Heating applied by both to all four. Cat coded story 1 only. A fifth story only Ann coded,
    and a sixth both coded but withdrawn, count for nothing."""
    help_ = CodeFactory(project=story_project, name="Help", position=0)
    heating = CodeFactory(project=story_project, name="Heating", position=1)
    stories = [StoryFactory(project=story_project) for _ in range(6)]
    for number, story in enumerate(stories[:4]):
        for person in ("Ann", "Bob"):
            CodingFactory(story=story, code=heating, coder=people[person])
        if number in (0, 2):
            CodingFactory(story=story, code=help_, coder=people["Ann"], start=10, end=20)
        if number == 0:
            CodingFactory(story=story, code=help_, coder=people["Bob"], start=12, end=20)
    CodingFactory(story=stories[0], code=help_, coder=people["Cat"])
    CodingFactory(story=stories[4], code=help_, coder=people["Ann"])
    for person in ("Ann", "Bob"):
        CodingFactory(story=stories[5], code=help_, coder=people[person])
    withdrawal.withdraw_with_link(token=withdrawal.new_link(stories[5]))
    return {"help": help_, "heating": heating}


@pytest.mark.django_db
def test_agreement_code_by_code_and_overall_matches_the_hand_computation(story_member, story_project, people,
                                                                        coded):
    result = coding_agreement.agreement(story_member, story_project, people["Ann"], people["Bob"])
    assert result.stories == 4
    help_, heating = result.rows
    assert help_.code == coded["help"]
    assert help_.kappa == pytest.approx(0.5)
    assert help_.percent == 75
    assert (help_.first_applied, help_.second_applied) == (2, 1)
    assert heating.kappa is None
    assert heating.percent == 100
    # Pooled: Ann 1,0,1,0,1,1,1,1; Bob 1,0,0,0,1,1,1,1. po = 7/8; pe = 6/8 * 5/8 + 2/8 * 3/8 = 36/64.
    assert result.overall.kappa == pytest.approx((7 / 8 - 36 / 64) / (1 - 36 / 64))
    assert result.overall.reading == "good agreement"


@pytest.mark.django_db
def test_the_default_pair_is_the_two_with_most_stories_in_common(story_member, story_project, people, coded):
    coders = coding_agreement.coders(story_member, story_project)
    assert [(person.full_name, n) for person, n in coders] == [("Ann", 5), ("Bob", 4), ("Cat", 1)]
    first, second = coding_agreement.default_pair(story_member, story_project, coders)
    assert {first.full_name, second.full_name} == {"Ann", "Bob"}


@pytest.mark.django_db
def test_the_agreement_page_shows_the_table_and_its_reading(client, story_member, story_project, people, coded):
    client.force_login(people["Cat"])
    url = reverse("stories:agreement", kwargs={"slug": story_project.slug})
    page = client.get(url).content.decode()
    assert "They both coded 4 stories" in page
    table = page.split('data-testid="agreement"')[1]
    assert "0.50" in table
    assert "75%" in table
    assert "Fair agreement" in table
    assert "not defined" in table.split("Heating")[1]
    assert "0.71" in page.split('data-testid="overall"')[1]
    page = client.get(url, {"first": people["Ann"].pk, "second": people["Cat"].pk}).content.decode()
    assert "They both coded 1 story" in page


@pytest.mark.django_db
def test_choosing_the_same_coder_twice_shows_the_error_summary(client, story_member, story_project, people,
                                                               coded):
    client.force_login(story_member)
    url = reverse("stories:agreement", kwargs={"slug": story_project.slug})
    response = client.get(url, {"first": people["Ann"].pk, "second": people["Ann"].pk})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert "Choose two different coders" in response.content.decode()


@pytest.mark.django_db
def test_with_fewer_than_two_coders_there_is_nothing_to_compare(client, story_member, story_project):
    client.force_login(story_member)
    page = client.get(reverse("stories:agreement", kwargs={"slug": story_project.slug})).content.decode()
    assert 'data-testid="not-enough"' in page
