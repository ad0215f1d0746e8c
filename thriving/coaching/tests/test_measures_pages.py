"""Measures through their pages: a team lead adds and changes their organisation's own; an
administrator rewords the built-in ones but never their scale; a scale whose lowest is not below its
highest, and a new scale for a measure with ratings, are refused; 409 on a stale edit; scope."""

import pytest
from django.urls import reverse

from thriving.coaching.models import Measure
from thriving.coaching.tests.factories import MeasureFactory, RatingFactory
from thriving.core.models import AuditEvent, Role
from thriving.core.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
LIST, ADD = "/coaching/measures/", "/coaching/measures/add/"


def change_url(measure):
    return reverse("coaching:measure-change", kwargs={"key": measure.key})


def errors(response) -> str:
    html = response.content.decode()
    start = html.find("govuk-error-summary")
    return html[start:html.find("</ul>", start)] if start >= 0 else ""


def own(**values):
    return {"name": "Confidence with money", "question": "How confident do you feel about managing money?",
            "scale_min": "1", "scale_max": "5", "low_label": "Not at all", "high_label": "Very", "better": "higher",
            **values}


def test_a_team_lead_adds_their_organisations_own_measure(client, team_lead, coaching_org):
    client.force_login(team_lead)
    assert client.get(LIST).status_code == 200
    assert client.get(ADD).status_code == 200
    assert client.post(ADD, own()).status_code == 302
    measure = Measure.objects.get(name="Confidence with money")
    assert (measure.organisation, measure.kind, measure.scale_min, measure.scale_max, measure.higher_is_better) == (
        coaching_org, "own", 1, 5, True)
    assert measure.key == "bolsover-family-coaching-confidence-with-money"
    assert "Confidence with money" in client.get(LIST).content.decode()
    assert AuditEvent.objects.filter(event="coaching.measure_added", object_id=measure.key).exists()
    response = client.post(ADD, own())
    assert response.status_code == 400
    assert "has a measure called" in errors(response)


@pytest.mark.parametrize(("low", "high"), [("5", "5"), ("7", "3")])
def test_a_scale_whose_lowest_is_not_below_its_highest_is_refused(client, team_lead, low, high):
    client.force_login(team_lead)
    response = client.post(ADD, own(scale_min=low, scale_max=high))
    assert response.status_code == 400
    assert f"The highest score must be above the lowest ({low})" in errors(response)
    assert not Measure.objects.filter(kind="own").exists()


def test_a_measure_with_ratings_keeps_its_scale_and_its_wording_can_change(client, team_lead, coaching_org,
                                                                           relationship):
    measure = MeasureFactory(organisation=coaching_org, name="Confidence", scale_min=1, scale_max=5)
    client.force_login(team_lead)
    data = own(name="Confidence", scale_max="7", version=measure.version, active="on")
    assert client.post(change_url(measure), data).status_code == 302  # no ratings yet: the scale may change
    measure.refresh_from_db()
    assert measure.scale_max == 7
    RatingFactory(relationship=relationship, measure=measure, value=4)
    page = client.get(change_url(measure)).content.decode()
    assert "has 1 rating, so its scale and which way is better cannot change" in page
    for changed in ({"scale_max": "10"}, {"better": "lower"}):
        response = client.post(change_url(measure), {**data, "scale_max": "7", **changed, "version": measure.version})
        assert response.status_code == 400
        assert "would change what those scores mean" in errors(response)
    measure.refresh_from_db()
    assert (measure.scale_max, measure.higher_is_better) == (7, True)
    unticked = {name: value for name, value in data.items() if name != "active"}
    response = client.post(change_url(measure), {**unticked, "scale_max": "7", "version": measure.version,
                                                 "question": "How sure are you with money?"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.question == "How sure are you with money?"
    assert not measure.active  # "active" left unticked: no longer asked


def test_a_stale_edit_is_409_keeping_what_was_typed(client, team_lead, coaching_org):
    measure = MeasureFactory(organisation=coaching_org, name="Confidence", scale_min=1, scale_max=5)
    client.force_login(team_lead)
    first = {**own(name="Confidence", scale_max="5"), "version": measure.version, "active": "on"}
    assert client.post(change_url(measure), {**first, "question": "First change?"}).status_code == 302
    response = client.post(change_url(measure), {**first, "question": "Second change?"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this" in html
    assert "Second change?" in html
    assert f'name="version" value="{measure.version + 1}"' in html
    measure.refresh_from_db()
    assert measure.question == "First change?"


def test_an_administrator_rewords_a_built_in_measure_but_not_its_scale(client, administrator):
    gbo = Measure.objects.get(key="gbo")
    client.force_login(administrator)
    page = client.get(change_url(gbo)).content.decode()
    assert "licensed separately" in page
    assert 'name="scale_max"' not in page
    response = client.post(change_url(gbo), {"version": gbo.version, "question": "How close are you to your goal?",
                                             "low_label": "Not at all", "high_label": "Reached it",
                                             "scale_max": "100"})
    assert response.status_code == 302
    gbo.refresh_from_db()
    assert (gbo.question, gbo.high_label, gbo.scale_max) == ("How close are you to your goal?", "Reached it", 10)
    assert AuditEvent.objects.filter(event="coaching.measure_changed", object_id="gbo").exists()
    assert client.get(ADD).status_code == 403  # an administrator leads no organisation's coaching


def test_who_manages_which_measures(client, team_lead, coach, user_with_role, shirebrook):
    theirs = MeasureFactory(organisation=OrganisationFactory(), name="Elsewhere")
    client.force_login(team_lead)
    assert client.get(change_url(theirs)).status_code == 404  # another organisation's
    assert client.get(change_url(Measure.objects.get(key="gbo"))).status_code == 404  # the administrator's
    assert "Elsewhere" not in client.get(LIST).content.decode()
    client.force_login(coach)
    assert client.get(LIST).status_code == 403
    assert client.post(ADD, own()).status_code == 403
    other_lead = user_with_role(Role.COACH_LEAD, organisation=theirs.organisation, locality=shirebrook)
    client.force_login(other_lead)
    assert client.get(change_url(theirs)).status_code == 200
