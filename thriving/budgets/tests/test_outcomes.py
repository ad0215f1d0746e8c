"""What happened with an award: recorded by the team, with an optional photo (an image only,
checked by its content) that needs a description; the photo served in public only when the pot is
public and the outcome is marked public, to the pot's people regardless, and to nobody else."""

import pytest
from django.urls import reverse

from thriving.budgets.models import AwardOutcome
from thriving.budgets.tests.factories import PDF_BYTES, PNG_BYTES, spending_people, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(administrator):
    return spending_people(administrator)


def _url(award, name="budgets:outcome") -> str:
    return reverse(name, kwargs={"uuid": award.uuid})


def _form(**extra) -> dict:
    return {"what_happened": "Twelve weekly knit and natter sessions", "people_taking_part": "23",
            "story": "Joan came every week.", "is_public": "yes", **extra}


def _photo():
    return upload("party.png", PNG_BYTES, "image/png")


def test_the_team_records_what_happened_with_a_described_photo(client, s):
    client.force_login(s.member)
    response = client.post(_url(s.award), _form(photo=_photo(), photo_description="People knitting in a hall"))
    assert response.status_code == 302
    outcome = AwardOutcome.objects.get()
    assert (outcome.people_taking_part, outcome.is_public) == (23, True)
    assert outcome.photo.name == f"budgets/outcomes/{outcome.uuid}.png"

    client.force_login(s.other)
    response = client.post(_url(s.award), _form(what_happened="Fourteen sessions in the end", is_public="no",
                                                 photo_description="People knitting", version=outcome.version))
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert (AwardOutcome.objects.count(), outcome.what_happened, outcome.is_public) == (
        1, "Fourteen sessions in the end", False)
    assert outcome.photo


def test_a_photo_needs_a_description_and_must_be_an_image(client, s):
    client.force_login(s.member)
    response = client.post(_url(s.award), _form(photo=_photo()))
    assert response.status_code == 400
    assert "Enter what the photo shows" in response.content.decode()
    response = client.post(_url(s.award), _form(photo=upload("party.png", PDF_BYTES), photo_description="A party"))
    assert response.status_code == 400
    assert "The photo must be a JPEG, PNG, WebP or HEIC image." in response.content.decode()
    assert not AwardOutcome.objects.exists()


def test_the_photo_is_public_only_when_the_pot_and_the_outcome_are(client, s):
    client.force_login(s.member)
    client.post(_url(s.award), _form(photo=_photo(), photo_description="A hall"))
    client.logout()
    response = client.get(_url(s.award, "budgets:outcome-photo"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG_BYTES
    assert response["X-Content-Type-Options"] == "nosniff"

    AwardOutcome.objects.update(is_public=False)
    assert client.get(_url(s.award, "budgets:outcome-photo")).status_code == 404
    client.force_login(s.outsider)
    assert client.get(_url(s.award, "budgets:outcome-photo")).status_code == 404
    client.force_login(s.enabler)
    response = client.get(_url(s.award, "budgets:outcome-photo"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]

    AwardOutcome.objects.update(is_public=True)
    s.pot.is_public = False
    s.pot.save()
    client.logout()
    assert client.get(_url(s.award, "budgets:outcome-photo")).status_code == 404


def test_people_outside_the_pot_cannot_record_what_happened(client, s):
    client.force_login(s.outsider)
    assert client.post(_url(s.award), _form()).status_code == 404
    assert not AwardOutcome.objects.exists()
