"""The publishing settings for 360Giving: administrators change them (recorded in the audit
trail); bad input is answered with the error summary and nothing is saved; no one else may."""

import pytest
from django.urls import reverse

from thriving.budgets.models import Publishing
from thriving.core.models import AuditEvent, Role

pytestmark = pytest.mark.django_db

GOOD = {
    "identifier_prefix": "360G-erewashbc", "funder_identifier": "GB-LAE-ERE", "funder_name": "Erewash Borough Council",
    "publisher_name": "Erewash Borough Council", "licence": "https://creativecommons.org/licenses/by/4.0/",
    "grant_programme": "Erewash local budgets",
}


def test_an_administrator_changes_how_grants_are_published(admin_client, administrator):
    assert admin_client.get(reverse("budgets:publishing")).status_code == 200
    response = admin_client.post(reverse("budgets:publishing"), GOOD)
    assert response.status_code == 302
    publishing = Publishing.current()
    assert (publishing.identifier_prefix, publishing.funder_identifier) == ("360G-erewashbc", "GB-LAE-ERE")
    assert AuditEvent.objects.filter(event="budgets.publishing_changed", actor=administrator).exists()
    package = b"".join(admin_client.get(reverse("budgets:360giving")).streaming_content).decode()
    assert '"identifier": "360G-erewashbc-' in package
    assert '"license": "https://creativecommons.org/licenses/by/4.0/"' in package


@pytest.mark.parametrize(("field", "value", "message"), [
    ("identifier_prefix", "derbyshire", "Enter a prefix that starts 360G-"),
    ("funder_identifier", "Derbyshire", "Enter an org-id such as GB-LAE-DBY"),
    ("licence", "not a licence", "Enter the licence as a web address"),
    ("funder_name", "", "Enter the council&#x27;s name"),
])
def test_bad_input_is_answered_and_nothing_is_saved(admin_client, field, value, message):
    before = Publishing.current().identifier_prefix
    response = admin_client.post(reverse("budgets:publishing"), {**GOOD, field: value})
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert message in text
    assert Publishing.current().identifier_prefix == before
    assert not AuditEvent.objects.filter(event="budgets.publishing_changed").exists()


def test_only_an_administrator_may(client, user_with_role):
    client.force_login(user_with_role(Role.ENABLER))
    assert client.post(reverse("budgets:publishing"), GOOD).status_code == 403
    assert Publishing.current().identifier_prefix != "360G-erewashbc"
