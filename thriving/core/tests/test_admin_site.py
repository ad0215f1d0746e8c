"""The admin site: administrators only, and what they change there is audited."""

from django.urls import reverse

from thriving.core.models import AuditEvent, Organisation, Role
from thriving.core.tests.factories import OrganisationFactory


def test_admin_site_changes_are_audited(admin_client, administrator):
    organisation = OrganisationFactory()
    url = reverse("admin:core_organisation_change", args=[organisation.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    response = admin_client.post(
        url,
        {
            "name": "Renamed Group",
            "slug": organisation.slug,
            "type": Organisation.Type.CHARITY,
            "description": "",
            "charity_number": "1234567",
            "company_number": "",
            "website": "",
            "email": "",
            "phone": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation.refresh_from_db()
    assert organisation.name == "Renamed Group"
    event = AuditEvent.objects.get(event="organisation.changed", actor=administrator)
    assert event.changes["name"] == "Renamed Group"
    assert event.purpose == "admin site"


def test_the_audit_trail_is_read_only_in_the_admin_site(admin_client, administrator):
    from thriving.core import audit

    event = audit.record(administrator, "test.event", action=audit.Action.VIEWED)
    assert admin_client.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:core_auditevent_add")).status_code == 403
    assert (
        admin_client.post(reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_admin_site_sends_anonymous_people_to_sign_in(client, db):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:sign-in"))


def test_staff_who_are_not_administrators_are_refused(client, user_with_role):
    client.force_login(user_with_role(Role.DATA_PROTECTION_OFFICER))
    assert client.get(reverse("admin:core_user_changelist")).status_code == 403
