"""`thriving core add-administrator`: the first administrator of a new service, through the command."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from thriving.core.models import AuditEvent, Membership, Role
from thriving.core.tests.factories import UserFactory


def test_a_superuser_without_the_role_cannot_administer_until_given_it(db):
    person = UserFactory(email="first@example.gov.uk", is_superuser=True, is_staff=False)
    client = Client()
    client.force_login(person)
    assert client.get(reverse("core:user-list")).status_code == 403

    call_command("core_add_administrator", "First@Example.gov.uk ", stdout=StringIO())

    assert Membership.objects.filter(user=person, role=Role.ADMINISTRATOR, organisation=None, locality=None).exists()
    person.refresh_from_db()
    assert person.is_staff
    assert client.get(reverse("core:user-list")).status_code == 200
    assert client.get("/admin/").status_code == 200
    event = AuditEvent.objects.get(event="membership.created", subject=person.email)
    assert event.actor is None
    assert event.actor_label == "the command line"


def test_running_it_again_changes_nothing(db):
    person = UserFactory()
    call_command("core_add_administrator", person.email, stdout=StringIO())
    call_command("core_add_administrator", person.email, stdout=StringIO())
    assert Membership.objects.filter(user=person, role=Role.ADMINISTRATOR).count() == 1
    assert AuditEvent.objects.filter(event="membership.created", subject=person.email).count() == 1


def test_an_unknown_address_is_refused(db):
    with pytest.raises(CommandError, match="There is no user"):
        call_command("core_add_administrator", "nobody@example.gov.uk")
