"""The pieces every app builds on: scopes on the queryset, one Conflict with save_if_unchanged,
the versioned-action answer, htmx fragments and safe CSV cells."""

import pytest
from django import forms
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from thriving.core import access
from thriving.core.conflicts import ActionRefused, Conflict, save_if_unchanged
from thriving.core.exports import csv_response, safe_cell
from thriving.core.models import Organisation
from thriving.core.tests.factories import OrganisationFactory, UserFactory
from thriving.core.views.helpers import answer, htmx_partial

pytestmark = pytest.mark.django_db


@pytest.fixture
def scopes(monkeypatch):
    """A registry of scopes of the test's own, so that what a test registers goes with it."""
    monkeypatch.setattr(access, "_SCOPES", {})
    return access


def own_organisation(user, queryset):
    return queryset.filter(email=user.email)


def test_a_model_with_no_scope_shows_nothing(scopes):
    OrganisationFactory()
    assert list(access.restrict(Organisation.objects.all(), UserFactory())) == []


def test_a_scope_narrows_to_what_the_person_may_see_and_only_for_its_action(scopes):
    user = UserFactory()
    mine = OrganisationFactory(email=user.email)
    OrganisationFactory(email="someone-else@example.org")
    scopes.add_scope(Organisation, "view", own_organisation)
    assert list(access.restrict(Organisation.objects.all(), user)) == [mine]
    assert list(access.restrict(Organisation.objects.all(), user, "change")) == []
    assert access.scoped_actions(Organisation) == {"view"}


def test_registering_a_second_scope_for_the_same_action_is_refused(scopes):
    scopes.add_scope(Organisation, "view", own_organisation)
    scopes.add_scope(Organisation, "view", own_organisation)  # the same one again is harmless
    with pytest.raises(ValueError, match="registered already"):
        scopes.add_scope(Organisation, "view", lambda user, queryset: queryset)


def test_get_visible_or_404_hides_what_the_person_may_not_see(scopes):
    user = UserFactory()
    mine = OrganisationFactory(email=user.email)
    theirs = OrganisationFactory(email="someone-else@example.org")
    scopes.add_scope(Organisation, "view", own_organisation)
    assert access.get_visible_or_404(Organisation, user, slug=mine.slug) == mine
    assert access.get_visible_or_404(Organisation.objects.only("pk"), user, pk=mine.pk) == mine
    with pytest.raises(Http404):
        access.get_visible_or_404(Organisation, user, slug=theirs.slug)
    with pytest.raises(Http404):
        access.get_visible_or_404(Organisation, user, slug="no-such-organisation")
    with pytest.raises(Http404):
        access.get_visible_or_404(Organisation, user, pk="not a number")


def test_save_if_unchanged_saves_against_the_version_read_and_refuses_a_stale_one():
    organisation = OrganisationFactory(name="Cotmanhay Larder")
    first, second = Organisation.objects.get(pk=organisation.pk), Organisation.objects.get(pk=organisation.pk)
    first.name = "Cotmanhay Community Larder"
    save_if_unchanged(first, version=first.version, fields=["name"])
    assert first.version == 2
    second.name = "Overwritten"
    with pytest.raises(Conflict) as caught:
        save_if_unchanged(second, version=second.version, fields=["name"])
    assert "Someone else changed this" in str(caught.value)
    stored = Organisation.objects.get(pk=organisation.pk)
    assert (stored.name, stored.version) == ("Cotmanhay Community Larder", 2)


class NoteForm(forms.Form):
    version = forms.IntegerField()
    note = forms.CharField()


def page(status, form, error_message=""):
    return HttpResponse(f"{form['note'].value()}|{error_message}", status=status)


@pytest.mark.parametrize(
    ("raised", "status"), [(None, 302), (Conflict(), 409), (ActionRefused("Closed already"), 400)]
)
def test_answer_takes_the_action_or_shows_the_page_again_keeping_what_was_typed(raised, status):
    taken = []

    def act(data):
        if raised:
            raise raised
        taken.append(data["note"])

    response = answer(NoteForm({"version": "1", "note": "Rang the larder"}), act, page=page,
                      done=lambda result: HttpResponse(status=302))
    assert response.status_code == status
    if raised:
        assert response.content.decode().startswith("Rang the larder|")
        assert str(raised) in response.content.decode()
    else:
        assert taken == ["Rang the larder"]


def test_answer_shows_a_form_with_mistakes_as_400_without_acting():
    response = answer(NoteForm({"version": "x", "note": "kept"}), lambda data: pytest.fail("acted"),
                      page=page, done=lambda result: HttpResponse(status=302))
    assert (response.status_code, response.content.decode()) == (400, "kept|")


@pytest.mark.parametrize(("headers", "template"), [
    ({}, "core/errors/404.html"),
    ({"HTTP_HX_REQUEST": "true"}, "core/errors/403.html"),
    ({"HTTP_HX_REQUEST": "true", "HTTP_HX_BOOSTED": "true"}, "core/errors/404.html"),
])
def test_htmx_partial_gives_htmx_the_fragment_and_everyone_else_the_page(headers, template):
    request = RequestFactory().get("/", **headers)
    request.htmx = HtmxDetails(request)
    response = htmx_partial(request, "core/errors/404.html", "core/errors/403.html", {}, status=201)
    assert (response.template_name, response.status_code) == (template, 201)


@pytest.mark.parametrize("typed", ["=HYPERLINK(\"http://x\")", "+44 1332", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_cell_that_could_start_a_formula_is_made_text(typed):
    assert safe_cell(typed) == "'" + typed


def test_csv_response_streams_safe_rows():
    response = csv_response("pledges.csv", ["name", "count"], [["=cmd|' /C calc'!A0", 3], [None, "plain"]])
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Disposition"] == 'attachment; filename="pledges.csv"'
    assert body.splitlines() == ["name,count", "'=cmd|' /C calc'!A0,3", ",plain"]


def test_a_conflict_no_view_answered_becomes_the_409_page(rf):
    from django.contrib.auth.models import AnonymousUser

    from thriving.core.middleware import ConflictMiddleware

    request = rf.get("/")
    request.user = AnonymousUser()
    middleware = ConflictMiddleware(lambda request: HttpResponse())
    response = middleware.process_exception(request, Conflict("Someone else answered this referral first."))
    assert response.status_code == 409
    assert "Someone else answered this referral first." in response.content.decode()
    assert middleware.process_exception(request, ValueError("not ours")) is None
