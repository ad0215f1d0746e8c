"""The security settings: only administrators change them, and every change is audited."""

import pytest
from django.urls import reverse

from thriving.core.models import AuditEvent, Role, SiteSettings

NOT_ADMINISTRATORS = [role for role in Role.values if role != Role.ADMINISTRATOR]
URL = "core:site-settings"


@pytest.mark.parametrize("role", NOT_ADMINISTRATORS)
def test_only_administrators_change_the_security_settings(client, user_with_role, role):
    client.force_login(user_with_role(role))
    assert client.get(reverse(URL)).status_code == 403
    assert client.post(reverse(URL), {"require_two_factor": "on"}).status_code == 403
    assert not SiteSettings.load().require_two_factor
    assert not AuditEvent.objects.filter(event="site_settings.changed").exists()


def test_anonymous_people_are_asked_to_sign_in(client, db):
    response = client.get(reverse(URL))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:sign-in"))


def test_an_administrator_requires_an_authenticator_app_and_it_is_audited(admin_client, administrator):
    page = admin_client.get(reverse(URL)).content.decode()
    assert 'for="id_require_two_factor"' in page
    assert "Require every member of staff to use an authenticator app" in page
    assert "checked" not in page.split('id="id_require_two_factor"')[1].split(">")[0]

    response = admin_client.post(reverse(URL), {"require_two_factor": "on"})
    assert response.status_code == 302
    settings = SiteSettings.load()
    assert settings.require_two_factor
    assert settings.updated_by == administrator
    event = AuditEvent.objects.get(event="site_settings.changed")
    assert event.action == AuditEvent.Action.CHANGED
    assert event.actor == administrator
    assert event.changes == {"require_two_factor": ["False", "True"]}


def test_saving_with_no_change_records_nothing(admin_client):
    admin_client.post(reverse(URL), {})
    assert not SiteSettings.load().require_two_factor
    assert not AuditEvent.objects.filter(event="site_settings.changed").exists()


def test_the_requirement_applies_at_once_to_the_administrator_too(admin_client):
    admin_client.post(reverse(URL), {"require_two_factor": "on"})
    # They have no authenticator app yet, so the next page sends them to set one up, and back here after.
    response = admin_client.get(reverse(URL))
    assert response.status_code == 302
    assert response.url == f"{reverse('core:second-factor')}?next=%2Fsettings%2F"
