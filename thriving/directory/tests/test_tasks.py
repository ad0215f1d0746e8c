"""The reminder task and its command, loading the needs, and the directory's demo data."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from thriving.core.models import AuditEvent, Organisation, Role
from thriving.directory.models import Location, Platform, Schedule, Service, Taxonomy, TaxonomyTerm
from thriving.directory.queries import editing as queries
from thriving.directory.queries import needs
from thriving.directory.tasks.editing import remind_unchecked_services
from thriving.directory.tests.factories import OrganisationFactory, ServiceFactory


def test_load_needs_is_idempotent_and_builds_the_tree(db):
    out = StringIO()
    call_command("directory_load_needs", stdout=out)
    assert "Thriving needs: 58 needs added, 0 updated" in out.getvalue()
    first = TaxonomyTerm.objects.count()
    call_command("directory_load_needs", stdout=StringIO())
    assert TaxonomyTerm.objects.count() == first == 58
    assert Taxonomy.objects.count() == 1
    roots = [need.name for need in needs.tree()]
    for name in ["Food", "Money and debt", "Housing", "Loneliness and isolation", "Mental health", "Physical health",
                 "Employment and skills", "Caring", "Digital access", "Family support", "Domestic abuse",
                 "Substance use", "Transport"]:
        assert name in roots
    food = TaxonomyTerm.objects.get(code="food")
    below = needs.descendant_ids(str(food.uuid))
    assert set(TaxonomyTerm.objects.filter(parent=food).values_list("pk", flat=True)) | {food.pk} == below
    assert needs.descendant_ids("no-such-need") == set()


def test_load_needs_refuses_a_missing_or_broken_file(db, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("directory_load_needs", str(tmp_path / "missing.json"))
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(CommandError, match="not a taxonomy file"):
        call_command("directory_load_needs", str(broken))
    assert not Taxonomy.objects.exists()


def test_check_cutoff_counts_months_back():
    assert queries.check_cutoff(datetime.date(2026, 8, 31)) == datetime.date(2026, 2, 28)
    assert queries.check_cutoff(datetime.date(2026, 3, 15)) == datetime.date(2025, 9, 15)


def test_the_reminder_emails_each_organisations_staff_once_a_day(user_with_role):
    old = timezone.localdate() - datetime.timedelta(days=400)
    larder = OrganisationFactory(name="Larder")
    ServiceFactory(name="Stale Larder", organisation=larder, last_checked=old)
    ServiceFactory(name="Never Checked", organisation=larder, last_checked=None)
    ServiceFactory(name="Fresh Larder", organisation=larder)
    ServiceFactory(name="Closed Larder", organisation=larder, last_checked=old, status=Service.Status.CLOSED)
    club = OrganisationFactory(name="Club")
    ServiceFactory(name="Stale Club", organisation=club, last_checked=old)
    ServiceFactory(name="Nobody To Tell", last_checked=old)
    larder_staff = user_with_role(Role.ORGANISATION_STAFF, organisation=larder)
    club_staff = user_with_role(Role.ORGANISATION_STAFF, organisation=club)
    user_with_role(Role.HUB_WORKER, organisation=larder)

    out = StringIO()
    call_command("directory_remind_unchecked", stdout=out)
    assert "Queued the reminder task" in out.getvalue()
    assert sorted(message.to[0] for message in mail.outbox) == sorted([larder_staff.email, club_staff.email])
    to_larder = next(message for message in mail.outbox if message.to == [larder_staff.email])
    assert "Stale Larder" in to_larder.body
    assert "Never Checked" in to_larder.body
    assert "Fresh Larder" not in to_larder.body
    assert "Closed Larder" not in to_larder.body
    assert reverse("directory:my-services") in to_larder.body
    assert AuditEvent.objects.filter(event="directory.reminder_sent").count() == 2

    # Cron may run it again the same day: nothing more is sent.
    call_command("directory_remind_unchecked", stdout=StringIO())
    assert remind_unchecked_services.call() == 0
    assert len(mail.outbox) == 2


def test_the_demo_loads_services_near_a_real_postcode_once(client, db):
    call_command("demo", skip_postcodes=True, quiet_logins=True, stdout=StringIO())
    counts = (Service.objects.count(), Location.objects.count(), Schedule.objects.count(), Platform.objects.count(),
              TaxonomyTerm.objects.count())
    call_command("demo", skip_postcodes=True, quiet_logins=True, stdout=StringIO())
    assert counts == (Service.objects.count(), Location.objects.count(), Schedule.objects.count(),
                      Platform.objects.count(), TaxonomyTerm.objects.count())
    assert counts[0] >= 60
    cotmanhay = Service.objects.filter(localities__slug="cotmanhay")
    assert 5 <= cotmanhay.count() <= 10
    assert Location.objects.filter(postcode="DE7 8QA", is_space_and_place=True).exists()
    platform = Platform.objects.get(slug="food-network")
    assert platform.members.exists()
    assert Organisation.objects.filter(type=Organisation.Type.COUNCIL).first() == platform.coordinator

    # A resident near DE7 8QA finds help (the postcode table is loaded by the full demo; here, one row).
    from thriving.places.tests.factories import PostcodeFactory

    PostcodeFactory(postcode="DE7 8QA", lat=52.99126, lng=-1.31964, area_code="E01019664")
    response = client.get(reverse("directory:search"), {"postcode": "DE7 8QA", "q": "larder"})
    assert response.status_code == 200
    assert "Cotmanhay Community Food Larder" in response.content.decode()
