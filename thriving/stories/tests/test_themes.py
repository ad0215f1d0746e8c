"""Embedding stories and suggesting themes, with the real model (marked `model`: it takes seconds to
load, once per test process), through django-tasks' immediate backend."""

import pytest

from thriving.stories.models import StoryEmbedding, Theme, ThemeMembership, ThemeRun
from thriving.stories.services import themes, themes_decisions, withdrawal
from thriving.stories.tests.factories import StoryFactory

TOPICS = {
    "heating": ["The boiler broke in January and the house was freezing cold.",
                "We could not afford to put the heating on this winter.",
                "Our radiators stopped working and the landlord took weeks to fix the heating.",
                "The energy bills went up so much we sat in coats to keep warm.",
                "The warm space at the library kept us from the cold when the gas ran out.",
                "A neighbour lent us an electric heater when the boiler failed."],
    "buses": ["The bus to the hospital was cancelled again so I missed my appointment.",
              "There is only one bus an hour and it never comes on time.",
              "Without a car the bus route is the only way to get to work.",
              "The late bus was cut so I cannot get home from my evening shift.",
              "The bus driver waited for my wheelchair and helped me on board.",
              "Bus fares went up and I walk to town now."],
    "food": ["The food bank gave us a parcel when my wages were late.",
             "I skipped meals so the children could eat at the end of the month.",
             "The community pantry had fresh vegetables and bread for a pound.",
             "The school breakfast club means my kids get a hot meal.",
             "Volunteers at the food bank cooked a lunch for everyone on Sunday.",
             "We could not afford the weekly shop and relied on food vouchers."],
    "mental": ["I felt so lonely after my wife died and nobody called.",
               "The anxiety got so bad I could not leave the house for months.",
               "The waiting list for counselling was eight months long.",
               "Talking to someone at the wellbeing cafe helped my depression.",
               "My GP referred me to a support group for my mental health.",
               "I was isolated and low until the walking group invited me."],
}


def _stories(project, repeat=2):
    made = []
    for topic, lines in TOPICS.items():
        for r in range(repeat):
            for i, line in enumerate(lines):
                made.append(StoryFactory(project=project, title=f"{topic} {r}-{i}", text=line))
    return made


@pytest.fixture(scope="session")
def loaded_model():
    return themes.model()


def _run(user, project):
    run = themes.start_run(acting_user=user, project=project)
    run.refresh_from_db()
    return run


def _shape(project):
    return sorted(sorted(ThemeMembership.objects.filter(theme=t).values_list("story__title", flat=True))
                  for t in Theme.objects.filter(project=project, status__in=["suggested", "confirmed"]))


@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_four_topics_deterministic_and_nearly_all_assigned(loaded_model, story_member, story_project):
    stories = _stories(story_project)
    run = _run(story_member, story_project)
    assert run.status == ThemeRun.Status.DONE, run.error
    assert run.story_count == len(stories) == 48
    assert run.unassigned_count <= len(stories) // 10
    assigned = ThemeMembership.objects.filter(theme__project=story_project).count()
    assert assigned + run.unassigned_count == len(stories)
    first = _shape(story_project)
    # The four topics come back as themes: each theme mostly one topic.
    for members in first:
        topics = [title.split()[0] for title in members]
        assert max(topics.count(t) for t in set(topics)) >= 0.75 * len(topics)
    second = _run(story_member, story_project)
    assert second.status == ThemeRun.Status.DONE
    assert _shape(story_project) == first
    labels = list(Theme.objects.filter(project=story_project).values_list("label", "key_phrases"))
    assert all(phrases for _, phrases in labels)


@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_decisions_survive_a_rerun_and_withdrawal_leaves_input(loaded_model, story_member, story_project):
    stories = _stories(story_project)
    _run(story_member, story_project)
    suggested = list(Theme.objects.filter(project=story_project).order_by("pk"))
    keep, drop = suggested[0], suggested[1]
    themes_decisions.confirm(acting_user=story_member, theme=keep, version=keep.version, label="Our own label",
                             add_code=True)
    themes_decisions.reject(acting_user=story_member, theme=drop, version=drop.version)
    assert keep.memberships.exists()
    assert keep.project.codes.get(name="Our own label").codings.filter(source="suggester").count() == \
        keep.memberships.count()
    gone = keep.memberships.first().story
    withdrawal.withdraw(acting_user=story_member, story=gone, reason="The teller asked by phone")
    assert not ThemeMembership.objects.filter(story=gone).exists()
    assert not StoryEmbedding.objects.filter(story=gone).exists()
    run = _run(story_member, story_project)
    assert run.status == ThemeRun.Status.DONE
    assert run.story_count == len(stories) - 1
    keep.refresh_from_db()
    assert keep.status == Theme.Status.CONFIRMED
    assert keep.label == "Our own label"
    assert keep.memberships.exists()
    assert not keep.memberships.filter(story=gone).exists()
    drop.refresh_from_db()
    assert drop.status == Theme.Status.REJECTED
    # Not suggested again in the same shape.
    assert not Theme.objects.filter(project=story_project, status="suggested",
                                    key_phrases=drop.key_phrases).exists()
    assert not ThemeMembership.objects.filter(story=gone).exists()


@pytest.mark.django_db
def test_fewer_than_twenty_refused(story_member, story_project):
    StoryFactory.create_batch(12, project=story_project)
    with pytest.raises(themes.ThemesRefused, match="needs 8 more"):
        themes.start_run(acting_user=story_member, project=story_project)
    assert not ThemeRun.objects.exists()


@pytest.mark.django_db
def test_inputs_leave_out_unapproved_and_withdrawn(story_member, story_project):
    kept = StoryFactory(project=story_project)
    StoryFactory(project=story_project, moderation="pending")
    gone = StoryFactory(project=story_project)
    withdrawal.withdraw(acting_user=story_member, story=gone, reason="Asked in person")
    assert list(themes.inputs(story_project)) == [kept]


@pytest.mark.model
@pytest.mark.django_db
def test_changed_text_embedded_again_unchanged_not(loaded_model, story_project):
    first, second = StoryFactory(project=story_project, text="The bus was late."), StoryFactory(project=story_project)
    assert themes.embed_project(story_project) == 2
    assert themes.embed_project(story_project) == 0
    before = bytes(StoryEmbedding.objects.get(story=first).vector)
    first.text = "The food bank helped us."
    first.save()
    assert themes.embed_project(story_project) == 1
    assert bytes(StoryEmbedding.objects.get(story=first).vector) != before
    assert StoryEmbedding.objects.get(story=second).text_hash == themes.hash_of(themes.text_of(second))


@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_a_story_is_embedded_when_taken_and_not_before(loaded_model, settings, client, story_member, story_project):
    """Approving a story on the moderation page has the worker embed it (after the commit); a
    story still waiting is never an input. With the setting off, nothing is embedded until a run."""
    from django.urls import reverse

    from thriving.stories.models import Story

    settings.STORIES_EMBED_ON_APPROVAL = True
    waiting = StoryFactory(project=story_project, moderation=Story.Moderation.PENDING, text="The bus never came.")
    other = StoryFactory(project=story_project, moderation=Story.Moderation.PENDING, text="The food bank helped.")
    assert not StoryEmbedding.objects.exists()
    client.force_login(story_member)
    response = client.post(reverse("stories:moderate", args=[story_project.slug, waiting.uuid]),
                           {"decision": "approve", "version": waiting.version})
    assert response.status_code == 302
    embedding = StoryEmbedding.objects.get()
    assert embedding.story_id == waiting.pk
    assert embedding.text_hash == themes.hash_of(themes.text_of(waiting))
    assert not StoryEmbedding.objects.filter(story=other).exists()

    settings.STORIES_EMBED_ON_APPROVAL = False
    other.refresh_from_db()
    client.post(reverse("stories:moderate", args=[story_project.slug, other.uuid]),
                {"decision": "approve", "version": other.version})
    assert not StoryEmbedding.objects.filter(story=other).exists()
    assert themes.embed_project(story_project) == 1
