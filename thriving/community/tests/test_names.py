"""A name made only of invisible or control characters is no name: every public form of the
community refuses it, with the GOV.UK message, and keeps nothing."""

import pytest
from django.urls import reverse

from thriving.community.forms import pledges as pledge_forms
from thriving.community.models import Idea, PledgeSignature, SessionSignup
from thriving.core.public_forms import make_token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rate_limit")]

INVISIBLE = ["\u200b\u200b", "\u2060\ufeff", "\u200d \u200c", "\x07\x1b", "\u3164"]


@pytest.mark.parametrize("name", INVISIBLE)
def test_signing_up_to_a_local_net_with_an_invisible_name_is_refused(client, session, name):
    response = client.post(reverse("community:local-net-session", kwargs={"uuid": session.uuid}),
                           {"name": name, "email": "", "phone": "", "places": "1", "token": make_token()})
    assert response.status_code == 400
    assert "Enter your name using letters" in response.content.decode()
    assert not SessionSignup.objects.exists()


@pytest.mark.parametrize("name", INVISIBLE)
def test_proposing_an_idea_with_an_invisible_name_is_refused(client, name):
    response = client.post(reverse("community:idea-propose"), {
        "title": "Repair café", "description": "Fix things together.", "locality": "", "postcode": "",
        "name": name, "email": "", "phone": "", "token": make_token()})
    assert response.status_code == 400
    assert "Enter your name using letters" in response.content.decode()
    assert not Idea.objects.exists()


@pytest.mark.parametrize("name", INVISIBLE)
def test_signing_a_pledge_with_an_invisible_name_is_refused(client, campaign, name):
    response = client.post(reverse("community:pledge-sign", args=[campaign.slug]), {
        "person-name": name, "person-email": "", "person-postcode": "",
        "person-started": pledge_forms.started_token()})
    assert response.status_code == 400
    assert "Enter your name using letters" in response.content.decode()
    assert not PledgeSignature.objects.exists()


def test_invisible_characters_around_a_real_name_are_dropped(client, session):
    response = client.post(reverse("community:local-net-session", kwargs={"uuid": session.uuid}),
                           {"name": "\u200bAda Example\ufeff", "email": "", "phone": "", "places": "1",
                            "token": make_token()})
    assert response.status_code == 302
    assert SessionSignup.objects.get().name == "Ada Example"
