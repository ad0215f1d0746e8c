"""A person's progress through its page: each goal's chart (SVG) with the same scores in the table
beside it and the change in words, per rater on a shared goal; ONS4 and an organisation's own
measures before and after, never summed, with lower-is-better said plainly; who may see it (the
consent decides for the team), the audit trail and a bounded number of queries."""

import datetime
import re

import pytest
from django.utils import timezone

from thriving.coaching.models import CoachingConsent, Measure, Rating
from thriving.coaching.tests.factories import CoachingConsentFactory, GoalFactory, MeasureFactory, RatingFactory
from thriving.core import charts
from thriving.core.models import AuditEvent, Role
from thriving.core.tests.factories import OrganisationFactory
from thriving.teams.tests.factories import TeamFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db
REVIEW = Rating.Occasion.REVIEW


def url(relationship) -> str:
    return f"/coaching/{relationship.uuid}/progress/"


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def table(html: str, testid: str) -> list[list[str]]:
    body = re.search(rf'data-testid="{testid}">(.*?)</table>', html, re.S).group(1)
    return [[text(cell) for cell in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr\b[^>]*>(.*?)</tr>", body, re.S)]


@pytest.fixture
def scored(relationship, family):
    """Dana's goal scored 2, then 5, then 7; the family's shared goal scored by Dana and Lee; ONS4
    for Dana before and after; the organisation's own measure; a goal not scored yet."""
    dana, lee, _ = family[1]
    start = relationship.started_on
    own = GoalFactory(relationship=relationship, person=dana, words="Get to work on time most days")
    shared = GoalFactory(relationship=relationship, person=None, words="Eat together on Sundays")
    GoalFactory(relationship=relationship, person=lee, words="Sort out the garden")
    for day, value, occasion in ((start, 2, "start"), (days_ago(28), 5, REVIEW), (days_ago(7), 7, REVIEW)):
        RatingFactory(goal=own, person=dana, value=value, rated_on=day, occasion=occasion)
    RatingFactory(goal=shared, person=dana, value=3, rated_on=start)
    RatingFactory(goal=shared, person=lee, value=6, rated_on=start)
    RatingFactory(goal=shared, person=dana, value=4, rated_on=days_ago(7), occasion=REVIEW)
    for key, before, after in (("ons4-life-satisfaction", 4, 6), ("ons4-anxiety", 8, 5), ("ons4-happiness", 5, 5)):
        measure = Measure.objects.get(key=key)
        RatingFactory(relationship=relationship, measure=measure, person=dana, value=before, rated_on=start)
        RatingFactory(relationship=relationship, measure=measure, person=dana, value=after, rated_on=days_ago(7),
                      occasion=REVIEW)
    money = MeasureFactory(organisation=relationship.organisation, name="Money worries", scale_min=1, scale_max=5,
                           low_label="None", high_label="All the time", higher_is_better=False, position=10)
    RatingFactory(relationship=relationship, measure=money, person=dana, value=4, rated_on=start)
    RatingFactory(relationship=relationship, measure=money, person=dana, value=2, rated_on=days_ago(7),
                  occasion=REVIEW)
    return relationship


def test_each_goal_has_its_chart_its_table_and_its_change_in_words(client, coach, scored):
    client.force_login(coach)
    response = client.get(url(scored))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    goals = re.findall(r'<section class="thriving-progress__goal.*?</section>', html, re.S)
    assert [re.search(r"<h3[^>]*>(.*?)</h3>", g).group(1) for g in goals] == [
        "“Get to work on time most days”", "“Eat together on Sundays”", "“Sort out the garden”"]
    first, shared, unscored = goals
    assert text(re.search(r'data-testid="change">(.*?)</ul>', first, re.S).group(1)) == \
        "Dana Marsh : from 2 to 7: up 5 points"
    assert "A change of 3 points or more is a reliable change" in first
    svg = re.search(r'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="goal-1-chart-title '
                    r'goal-1-chart-desc".*?</svg>', first, re.S).group(0)
    assert "<title id=\"goal-1-chart-title\">Progress on the goal “Get to work on time most days”</title>" in svg
    assert "Dana Marsh, from 2 to 7: up 5 points." in re.search(r"<desc[^>]*>(.*?)</desc>", svg).group(1)
    # 0 to 10 drawn from y=196 (0) up to y=16 (10): 2 at 160, 5 at 106, 7 at 70, each labelled.
    assert re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)"', svg) == ["160.0", "106.0", "70.0"]
    assert [t for t in re.findall(r'fill="#0b0c0c">([^<]+)</text>', svg)][-3:] == ["2", "5", "7"]
    assert "style" not in svg
    assert table(first, "goal-1-table") == [
        ["When", "Dana Marsh"],
        [f"At the start {scored.started_on:%-d %b %Y}", "2"],
        [f"At a review {days_ago(28):%-d %b %Y}", "5"],
        [f"At a review {days_ago(7):%-d %b %Y}", "7"],
    ]
    assert text(re.search(r'data-testid="change">(.*?)</ul>', shared, re.S).group(1)) == (
        "Dana Marsh : from 3 to 4: up 1 point Lee Marsh : 6 at the start; not reviewed yet")
    assert "Shared by the family, set" in shared
    assert table(shared, "goal-2-table")[1:] == [
        [f"At the start {scored.started_on:%-d %b %Y}", "3", "6"], [f"At a review {days_ago(7):%-d %b %Y}", "4", "–"]]
    assert "(dashed line)" in shared  # two raters: told apart by more than colour
    assert "reliable change" not in shared
    assert "Not scored yet." in unscored
    assert "<svg" not in unscored


def test_wellbeing_and_own_measures_before_and_after_never_summed(client, coach, scored):
    client.force_login(coach)
    html = client.get(url(scored)).content.decode()
    rows = table(html, "wellbeing")
    assert [row[:2] + row[4:] for row in rows[1:]] == [
        ["Life satisfaction 0 is not at all, 10 is completely; higher is better", "Dana Marsh",
         "From 4 to 6: up 2 points", "Better"],
        ["Happiness 0 is not at all, 10 is completely; higher is better", "Dana Marsh", "From 5 to 5: no change",
         "No change"],
        ["Anxiety 0 is not at all anxious, 10 is completely anxious; lower is better", "Dana Marsh",
         "From 8 to 5: down 3 points", "Better"],
    ]
    assert "For anxiety, a lower score is better: a score going down means feeling less anxious." in html
    assert "never added up" in html
    assert table(html, "own-measures")[1][1:] == [
        "Dana Marsh", f"4 {scored.started_on:%-d %b %Y}", f"2 {days_ago(7):%-d %b %Y}", "From 4 to 2: down 2 points",
        "Better"]
    assert "For Money worries, a lower score is better." in html
    assert 'data-thriving-print hidden>Print this page</button>' in html


def test_the_team_sees_progress_only_with_consent_and_never_the_timeline(client, scored, shirebrook, user_with_role):
    team = TeamFactory(locality=shirebrook)
    scored.team = team
    scored.save()
    member = TeamMemberFactory(team=team, user=user_with_role(Role.TEAM_MEMBER, locality=shirebrook)).user
    client.force_login(member)
    assert client.get(url(scored)).status_code == 404
    CoachingConsentFactory(relationship=scored, scope=CoachingConsent.Scope.SHARE_TEAM)
    html = client.get(url(scored)).content.decode()
    assert "“Get to work on time most days”" in html
    assert "app-coaching-tabs" not in html  # no tabs to pages they may not open
    assert client.get(f"/coaching/{scored.uuid}/timeline/").status_code == 404


def test_outsiders_get_404_and_each_view_is_audited(client, coach, scored, user_with_role, shirebrook):
    client.force_login(user_with_role(Role.COACH, organisation=OrganisationFactory(), locality=shirebrook))
    assert client.get(url(scored)).status_code == 404
    client.force_login(coach)
    html = client.get(url(scored)).content.decode()
    assert "app-coaching-tabs" in html
    event = AuditEvent.objects.get(event="coaching.progress_viewed")
    assert (event.actor, event.action, event.subject, event.object_id) == (
        coach, AuditEvent.Action.VIEWED, "Dana Marsh (family)", str(scored.uuid))


def test_the_queries_do_not_grow_with_the_goals_and_scores(client, coach, relationship, family,
                                                           django_assert_max_num_queries):
    dana = family[1][0]
    client.force_login(coach)
    client.get(url(relationship))
    for n in range(12):
        goal = GoalFactory(relationship=relationship, person=dana)
        RatingFactory(goal=goal, person=dana, value=n % 10)
        RatingFactory(goal=goal, person=dana, value=(n + 3) % 10, rated_on=days_ago(n + 1), occasion=REVIEW)
    with django_assert_max_num_queries(10):
        html = client.get(url(relationship)).content.decode()
    assert html.count('role="img"') == 12


def test_a_score_chart_keeps_a_rater_s_line_whole_across_a_missed_review():
    chart = charts.scores("c", "Title", "Description", ["Start", "Review", "Review"],
                          [("Dana", [2, None, 6]), ("Lee", [5, 5, None])])
    dana, lee = chart.series
    assert dana.segments == ["150.7,160.0 529.3,88.0"]
    assert (dana.dashed, lee.dashed, dana.colour != lee.colour) == (False, True, True)
    assert [t.label for t in chart.ticks] == ["0", "2", "4", "6", "8", "10"]
    assert not [t for t in chart.texts if t.text in ("2", "6", "5")]  # several raters: the table has the numbers
    one_to_five = charts.scores("d", "T", "D", ["Start"], [("Dana", [4])], low=1, high=5)
    assert [t.label for t in one_to_five.ticks] == ["1", "2", "3", "4", "5"]
    assert one_to_five.series[0].dots == [("340.0", "61.0")]
