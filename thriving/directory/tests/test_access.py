"""Who may see which rows of the directory (the scopes in thriving/directory/policy.py): from the
pages, a person outside a scope gets 404, as for what does not exist, and a person inside gets
the page. The services check their own policy too, whoever calls them."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from thriving.core.models import Role
from thriving.directory.models import ServiceChange
from thriving.directory.services import editing
from thriving.directory.tests.factories import (
    LocationFactory,
    OrganisationFactory,
    PlatformFactory,
    ProblemReportFactory,
    ServiceChangeFactory,
    ServiceFactory,
)

KEPT_PAGES = ["directory:service-edit", "directory:service-history"]
MISSING = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"


@pytest.mark.parametrize("page", KEPT_PAGES)
@pytest.mark.parametrize("who", ["own staff", "editor", "administrator"])
def test_those_who_keep_a_service_open_its_pages(client, user_with_role, larder, page, who):
    role, organisation = {
        "own staff": (Role.ORGANISATION_STAFF, larder.organisation),
        "editor": (Role.DIRECTORY_EDITOR, None),
        "administrator": (Role.ADMINISTRATOR, None),
    }[who]
    client.force_login(user_with_role(role, organisation=organisation))
    assert client.get(reverse(page, args=[larder.uuid])).status_code == 200


@pytest.mark.parametrize("page", KEPT_PAGES)
def test_a_service_nobody_keeps_here_is_not_found(client, staff, page):
    client.force_login(staff)
    assert client.get(reverse(page, args=[ServiceFactory().uuid])).status_code == 404
    assert client.get(reverse(page, args=[MISSING])).status_code == 404


def test_the_services_check_who_keeps_the_service_themselves(user_with_role, larder):
    other = user_with_role(Role.ORGANISATION_STAFF, organisation=OrganisationFactory())
    with pytest.raises(PermissionDenied):
        editing.propose_change(acting_user=other, service=larder, data={"name": "Hijacked"}, base_version=1)
    with pytest.raises(PermissionDenied):
        editing.propose_service(acting_user=other, organisation=larder.organisation, data={"name": "Mine now"})
    with pytest.raises(PermissionDenied):
        editing.confirm_still_right(acting_user=other, service=larder)
    assert not ServiceChange.objects.exists()


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_service_place_and_platform_page_is_public(client, user_with_role, larder, signed_in):
    if signed_in:
        client.force_login(user_with_role(Role.HUB_WORKER))
    platform = PlatformFactory()
    pages = [
        reverse("directory:service", args=[larder.uuid]),
        reverse("directory:report", args=[larder.uuid]),
        reverse("directory:report-sent", args=[larder.uuid]),
        reverse("directory:location", args=[LocationFactory().uuid]),
        reverse("directory:platform", args=[platform.slug]),
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
    assert platform.name in client.get(reverse("directory:platform-list")).content.decode()


def test_a_change_is_reviewed_by_editors_only(client, user_with_role, editor, larder):
    change = ServiceChangeFactory(service=larder)
    client.force_login(editor)
    assert client.get(reverse("directory:change-review", args=[change.uuid])).status_code == 200
    assert client.get(reverse("directory:change-review", args=[MISSING])).status_code == 404
    client.force_login(user_with_role(Role.ORGANISATION_STAFF, organisation=larder.organisation))
    assert client.get(reverse("directory:change-review", args=[change.uuid])).status_code == 403


def test_changes_are_seen_by_editors_their_organisation_and_who_proposed_them(user_with_role, editor, larder, staff):
    own = ServiceChangeFactory(service=larder)
    elsewhere = ServiceChangeFactory(service=ServiceFactory())
    proposer = user_with_role(Role.ORGANISATION_STAFF, organisation=OrganisationFactory())
    proposed = ServiceChangeFactory(service=ServiceFactory(), proposed_by=proposer)
    assert set(ServiceChange.objects.visible_to(editor)) == {own, elsewhere, proposed}
    assert set(ServiceChange.objects.visible_to(staff)) == {own}
    assert set(ServiceChange.objects.visible_to(proposer)) == {proposed}
    assert not ServiceChange.objects.visible_to(user_with_role(Role.HUB_WORKER)).exists()
    assert not ServiceChange.objects.visible_to(AnonymousUser()).exists()


def test_problem_reports_are_resolved_by_editors_only(client, user_with_role, editor, larder):
    report = ProblemReportFactory(service=larder)
    client.force_login(editor)
    assert client.post(reverse("directory:problem-resolve", args=[MISSING])).status_code == 404
    assert client.post(reverse("directory:problem-resolve", args=[report.uuid])).status_code == 302
    client.force_login(user_with_role(Role.ORGANISATION_STAFF, organisation=larder.organisation))
    assert client.post(reverse("directory:problem-resolve", args=[report.uuid])).status_code == 403
