"""The receipt of a claim: served from storage to the pot's people only (hidden from others with a
404), a PDF downloaded and an image shown, never sniffed or kept by a browser's cache, and every
viewing written to the audit trail."""

import pytest
from django.urls import reverse

from thriving.budgets.services import expenses as services
from thriving.budgets.tests.factories import PDF_BYTES, PNG_BYTES, make_expense, spending_people, upload
from thriving.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(administrator):
    return spending_people(administrator)


def _url(expense) -> str:
    return reverse("budgets:receipt", kwargs={"uuid": expense.uuid})


def test_an_image_receipt_is_shown_and_its_viewing_audited(client, s):
    expense = make_expense(s.award, s.member)
    client.force_login(s.other)
    response = client.get(_url(expense))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG_BYTES
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(event="budgets.receipt_viewed")
    assert (event.actor, event.object_id, event.action) == (s.other, str(expense.uuid), AuditEvent.Action.VIEWED)


def test_a_pdf_receipt_is_downloaded(client, s):
    expense = services.claim(acting_user=s.member, award=s.award, description="Hall hire", amount=s.award.amount,
                             spent_on=s.award.awarded_on, receipt=upload("hall.pdf"), submit=True)
    client.force_login(s.enabler)
    response = client.get(_url(expense))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "hall" not in response["Content-Disposition"]


def test_the_receipt_is_hidden_from_people_outside_the_pot(client, s, user_with_role):
    expense = make_expense(s.award, s.member)
    client.force_login(s.outsider)
    assert client.get(_url(expense)).status_code == 404
    assert client.get(reverse("budgets:expense", kwargs={"uuid": expense.uuid})).status_code == 404
    client.logout()
    response = client.get(_url(expense))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(event="budgets.receipt_viewed").exists()
