"""Needs are chosen from the taxonomy under their top-level need: one GOV.UK fieldset of
checkboxes per top-level need, on the triage form and the intake form, never a flat list."""

import re

import pytest
from django.urls import reverse

from thriving.core.models import Role
from thriving.directory.queries import needs
from thriving.frontdoor.tests.test_work import a_request, signed_in

pytestmark = pytest.mark.usefixtures("fresh_cache")

GROUP = re.compile(
    r'<fieldset class="govuk-fieldset thriving-checkbox-group" data-testid="checkbox-group">\s*'
    r'<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">([^<]+)</legend>(.*?)</fieldset>', re.S)
OPTION = re.compile(r'<input class="govuk-checkboxes__input" id="([^"]+)" name="([^"]+)" type="checkbox" '
                    r'value="([^"]+)"( checked)?>\s*<label class="govuk-label govuk-checkboxes__label" '
                    r'for="\1">([^<]+)</label>')


def groups_of(html: str, name: str) -> dict[str, list[tuple[str, str, bool]]]:
    """Each group's legend with its options: (value, label, checked), for the field `name`."""
    found = {}
    for legend, inner in GROUP.findall(html):
        options = [(value, label, bool(checked)) for _, field, value, checked, label in OPTION.findall(inner)
                   if field == name]
        if options:
            found[legend] = options
    return found


def test_triage_groups_the_needs_under_their_top_level_need(client, user_with_role, cotmanhay, taxonomy):
    request = a_request(cotmanhay)
    request.needs.set([taxonomy["food-banks"], taxonomy["money"]])
    html = signed_in(client, user_with_role(Role.HUB_WORKER)).get(
        reverse("frontdoor:request", args=[request.reference])).content.decode()
    groups = groups_of(html, "triage-needs")
    roots = needs.tree()
    assert list(groups) == [root.name for root in roots]
    for root in roots:
        assert [value for value, _, _ in groups[root.name]] == [root.uuid, *(child.uuid for child in root.children)]
    food = dict((label, checked) for _, label, checked in groups["Food"])
    assert food["Food in general"] is False
    assert food["Food banks and parcels"] is True
    assert ("Money and debt in general", True) in [(label, checked) for _, label, checked in groups["Money and debt"]]
    every_label = [label for options in groups.values() for _, label, _ in options]
    assert len(every_label) == len(needs.index().by_uuid)
    assert not any(label.startswith("–") for label in every_label)  # not a flat, indented list
    # The groups sit inside the field's own fieldset, with its legend and hint.
    assert re.search(r'<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Needs \(optional\)</legend>\s*'
                     r'<div id="id_triage-needs-hint" class="govuk-hint">', html)
    ids = re.findall(r'id="(id_triage-needs_[^"]+)"', html)
    assert len(ids) == len(set(ids)) == len(every_label)


def test_needs_chosen_in_their_groups_are_saved(client, user_with_role, cotmanhay, taxonomy):
    request = a_request(cotmanhay)
    signed_in(client, user_with_role(Role.HUB_WORKER))
    response = client.post(reverse("frontdoor:request-triage", args=[request.reference]), {
        "triage-version": request.version, "triage-level": "2", "triage-urgency": "routine",
        "triage-needs": [str(taxonomy["food-pantries"].uuid), str(taxonomy["housing"].uuid)],
    })
    assert response.status_code == 302
    assert set(request.needs.values_list("code", flat=True)) == {"food-pantries", "housing"}


def test_a_need_not_in_the_taxonomy_is_refused_and_the_choices_are_kept(client, user_with_role, cotmanhay, taxonomy):
    request = a_request(cotmanhay)
    response = signed_in(client, user_with_role(Role.HUB_WORKER)).post(
        reverse("frontdoor:request-triage", args=[request.reference]), {
            "triage-version": request.version, "triage-level": "2", "triage-urgency": "routine",
            "triage-needs": [str(taxonomy["debt-advice"].uuid), "not-a-need"],
        })
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert ("Debt advice", True) in [(label, checked) for _, label, checked in groups_of(html, "triage-needs")[
        "Money and debt"]]


def test_intake_groups_the_needs_too(client, user_with_role, taxonomy):
    html = signed_in(client, user_with_role(Role.HUB_WORKER)).get(reverse("frontdoor:intake")).content.decode()
    groups = groups_of(html, "needs")
    assert "Food" in groups
    labels = [label for _, label, _ in groups["Food"]]
    assert labels[0] == "Food in general"
    assert "Food banks and parcels" in labels
