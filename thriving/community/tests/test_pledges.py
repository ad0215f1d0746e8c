"""Pledges for the public: the list of open pledges, a campaign's page, signing as a person and
for an organisation, through the real pages with the Django test client."""

import datetime
from unittest import mock

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from thriving.community.forms import pledges as forms
from thriving.community.models import CommitmentProgress, OrganisationPledge, PledgeSignature
from thriving.community.services import pledges as services
from thriving.community.tests.factories import (
    OrganisationPledgeFactory,
    PledgeCampaignFactory,
    PledgeSignatureFactory,
)
from thriving.core.models import AuditEvent
from thriving.places.tests.factories import AreaFactory, PostcodeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rate_limit")]
TODAY = timezone.localdate()


def person(**overrides) -> dict:
    data = {"person-name": "Ada Testwright", "person-show_name": "on", "person-email": "",
            "person-postcode": "", "person-started": forms.started_token()}
    data.update({f"person-{key}": value for key, value in overrides.items()})
    return {key: value for key, value in data.items() if value is not None}


def organisation(**overrides) -> dict:
    data = {"organisation-organisation_name": "Cotmanhay Tenants Group",
            "organisation-commitment": "We will knock on doors to welcome new neighbours.",
            "organisation-signed_by": "Bea Testfield", "organisation-contact_email": "tenants@example.org",
            "organisation-started": forms.started_token()}
    data.update({f"organisation-{key}": value for key, value in overrides.items()})
    return data


def sign(client, campaign, **overrides):
    return client.post(reverse("community:pledge-sign", args=[campaign.slug]), person(**overrides))


def test_the_list_shows_published_campaigns_open_today(client, campaign):
    PledgeCampaignFactory(title="Not published", is_published=False)
    PledgeCampaignFactory(title="Opens tomorrow", opens_on=TODAY + datetime.timedelta(days=1))
    PledgeCampaignFactory(title="Closed yesterday", closes_on=TODAY - datetime.timedelta(days=1))
    PledgeCampaignFactory(title="Closes today", closes_on=TODAY)
    PledgeSignatureFactory.create_batch(2, campaign=campaign)
    response = client.get(reverse("community:pledges"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Be kind in Cotmanhay" in text
    assert "Closes today" in text
    assert "2 people have signed" in text
    for hidden in ("Not published", "Opens tomorrow", "Closed yesterday"):
        assert hidden not in text


def test_the_campaign_page_shows_the_count_shown_names_and_commitments_but_no_contacts(client, campaign):
    PledgeSignatureFactory(campaign=campaign, name="Shown Person", show_name=True, email="shown@example.org",
                           postcode="DE7 8QA")
    PledgeSignatureFactory(campaign=campaign, name="Hidden Person", show_name=False, email="hidden@example.org")
    pledge = OrganisationPledgeFactory(campaign=campaign, organisation_name="Larder Group",
                                       commitment="Weekly doorstep bags", contact_email="larder@example.org")
    CommitmentProgress.objects.create(pledge=pledge, status="started", note="First bags out",
                                      recorded_at=timezone.now() - datetime.timedelta(days=5))
    CommitmentProgress.objects.create(pledge=pledge, status="on_track", note="Twelve a week",
                                      recorded_at=timezone.now())
    response = client.get(reverse("community:pledge", args=[campaign.slug]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "2 people have signed" in text
    assert "Shown Person" in text
    assert "Hidden Person" not in text
    for private in ("shown@example.org", "hidden@example.org", "DE7 8QA", "larder@example.org"):
        assert private not in text
    assert "Weekly doorstep bags" in text
    assert "Twelve a week" in text  # the latest progress
    assert "First bags out" not in text


def test_an_unpublished_campaign_is_not_found(client):
    hidden = PledgeCampaignFactory(is_published=False)
    assert client.get(reverse("community:pledge", args=[hidden.slug])).status_code == 404
    assert sign(client, hidden).status_code == 404
    assert not PledgeSignature.objects.exists()


def test_signing_as_a_person_counts_them_and_is_audited(client, campaign):
    response = sign(client, campaign, email="Ada@Example.org", postcode="de78qa")
    assert response.status_code == 302
    assert response["Location"] == reverse("community:pledge-signed", args=[campaign.slug])
    signature = PledgeSignature.objects.get()
    assert (signature.name, signature.show_name, signature.email, signature.postcode) == (
        "Ada Testwright", True, "Ada@Example.org", "DE7 8QA")
    assert signature.person_key == "email:ada@example.org"
    event = AuditEvent.objects.get(event="pledge.signed")
    assert (event.action, event.actor, event.actor_label, event.subject) == ("created", None, "public form",
                                                                             "Ada Testwright")
    confirmation = client.get(response["Location"]).content.decode()
    assert "You have signed the pledge" in confirmation


@pytest.mark.parametrize(("first", "second"), [
    pytest.param({"email": "ada@example.org"}, {"email": " ADA@example.ORG ", "name": "A. Testwright"}, id="email"),
    pytest.param({"postcode": "DE7 8QA"}, {"postcode": "de78qa", "name": "  ada   TESTWRIGHT "}, id="name-postcode"),
    pytest.param({}, {"name": "ADA TESTWRIGHT", "show_name": None}, id="name"),
])
def test_the_same_person_signing_twice_is_counted_once(client, campaign, first, second):
    assert sign(client, campaign, **first).status_code == 302
    events = AuditEvent.objects.count()
    response = sign(client, campaign, **second)
    assert response.status_code == 302
    assert PledgeSignature.objects.count() == 1
    assert PledgeSignature.objects.get().show_name is True  # the second signing changed nothing
    assert AuditEvent.objects.count() == events
    page = client.get(response["Location"]).content.decode()
    assert "You have already signed this pledge" in page


def test_different_people_with_the_same_name_but_other_postcodes_both_count(client, campaign):
    PostcodeFactory(postcode="DE7 5AB", area=AreaFactory(locality=campaign.locality))
    sign(client, campaign, postcode="DE7 8QA")
    sign(client, campaign, postcode="DE7 5AB")
    assert PledgeSignature.objects.count() == 2


def test_two_signatures_at_the_same_moment_make_one(campaign):
    """The second request finds no signature, then loses the race to the database constraint."""
    PledgeSignatureFactory(campaign=campaign, name="Ada Testwright", person_key="name:ada testwright")
    real_filter = PledgeSignature.objects.filter
    calls = []

    def first_sees_nothing(*args, **kwargs):
        calls.append(kwargs)
        found = real_filter(*args, **kwargs)
        return found.none() if len(calls) == 1 else found

    with mock.patch.object(PledgeSignature.objects, "filter", side_effect=first_sees_nothing):
        signature, created = services.sign_as_person(campaign, name="Ada Testwright", show_name=False)
    assert created is False
    assert signature.name == "Ada Testwright"
    assert PledgeSignature.objects.count() == 1


def test_every_mistake_is_shown_at_once_and_nothing_is_saved(client, campaign):
    response = sign(client, campaign, name="  ", email="not-an-email", postcode="DE7 9ZZ")
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Enter your name" in text
    assert "Enter an email address in the correct format" in text
    assert "We do not know the postcode DE7 9ZZ" in text
    assert 'value="not-an-email"' in text  # what was typed is kept
    assert not PledgeSignature.objects.exists()
    assert not AuditEvent.objects.filter(event="pledge.signed").exists()


def test_a_malformed_postcode_is_refused(client, campaign):
    response = sign(client, campaign, postcode="12345")
    assert response.status_code == 400
    assert "Enter a real postcode" in response.content.decode()


@pytest.mark.parametrize(("opens", "closes", "message"), [
    pytest.param(-10, -1, "This pledge closed on", id="closed"),
    pytest.param(2, None, "This pledge opens for signatures on", id="not-yet-open"),
])
def test_a_campaign_not_open_refuses_signatures_clearly(client, opens, closes, message):
    shut = PledgeCampaignFactory(opens_on=TODAY + datetime.timedelta(days=opens),
                                 closes_on=None if closes is None else TODAY + datetime.timedelta(days=closes))
    page = client.get(reverse("community:pledge", args=[shut.slug])).content.decode()
    assert message in page
    assert "Sign the pledge</button>" not in page
    for response in (sign(client, shut),
                     client.post(reverse("community:pledge-sign-organisation", args=[shut.slug]), organisation())):
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not PledgeSignature.objects.exists()
    assert not OrganisationPledge.objects.exists()


def test_a_campaign_closing_today_still_takes_signatures(client):
    last_day = PledgeCampaignFactory(closes_on=TODAY)
    assert sign(client, last_day).status_code == 302
    assert PledgeSignature.objects.count() == 1


def test_the_honeypot_catches_a_robot_and_saves_nothing(client, campaign):
    data = person()
    data["website"] = "http://spam.example"
    response = client.post(reverse("community:pledge-sign", args=[campaign.slug]), data)
    assert response.status_code == 302
    assert not PledgeSignature.objects.exists()


@pytest.mark.parametrize("started", [pytest.param("forged", id="forged"), pytest.param(None, id="missing")])
def test_a_form_without_its_signed_start_is_a_robot_and_saves_nothing(client, campaign, settings, started):
    data = person(started={"forged": "12345"}.get(started))
    response = client.post(reverse("community:pledge-sign", args=[campaign.slug]), data)
    assert response.status_code == 302
    assert not PledgeSignature.objects.exists()


def test_signing_too_fast_is_shown_again_and_goes_through_when_sent_again(client, campaign, settings):
    settings.FRONTDOOR_MIN_SECONDS = 3600
    data = person(started=forms.started_token())
    response = client.post(reverse("community:pledge-sign", args=[campaign.slug]), data)
    assert response.status_code == 400
    assert "This form was sent very quickly after it was shown" in response.content.decode()
    assert not PledgeSignature.objects.exists()
    settings.FRONTDOOR_MIN_SECONDS = 0
    assert client.post(reverse("community:pledge-sign", args=[campaign.slug]), data).status_code == 302
    assert PledgeSignature.objects.count() == 1


@override_settings(FRONTDOOR_ASK_RATE="2/h")
def test_signing_is_rate_limited_per_address(client, campaign):
    assert sign(client, campaign, name="One").status_code == 302
    assert sign(client, campaign, name="Two").status_code == 302
    response = sign(client, campaign, name="Three")
    assert response.status_code == 429
    assert "too many tries" in response.content.decode()
    assert PledgeSignature.objects.count() == 2


def test_the_confirmation_without_signing_goes_back_to_the_pledge(client, campaign):
    response = client.get(reverse("community:pledge-signed", args=[campaign.slug]))
    assert response.status_code == 302
    assert response["Location"] == reverse("community:pledge", args=[campaign.slug])


# ---------------------------------------------------------------------------------------------
# Organisations


def sign_organisation(client, campaign, **overrides):
    return client.post(reverse("community:pledge-sign-organisation", args=[campaign.slug]), organisation(**overrides))


def test_an_organisation_signs_with_its_commitment(client, campaign):
    response = sign_organisation(client, campaign)
    assert response.status_code == 302
    pledge = OrganisationPledge.objects.get()
    assert (pledge.organisation_name, pledge.organisation_key, pledge.signed_by, pledge.contact_email) == (
        "Cotmanhay Tenants Group", "cotmanhay tenants group", "Bea Testfield", "tenants@example.org")
    event = AuditEvent.objects.get(event="pledge.organisation_signed")
    assert (event.action, event.subject, event.actor_label) == ("created", "Bea Testfield", "public form")
    assert "Cotmanhay Tenants Group has signed the pledge" in client.get(response["Location"]).content.decode()
    page = client.get(reverse("community:pledge", args=[campaign.slug])).content.decode()
    assert "We will knock on doors to welcome new neighbours." in page
    assert "tenants@example.org" not in page
    assert "Bea Testfield" not in page


def test_the_same_organisation_signing_twice_is_refused(client, campaign):
    sign_organisation(client, campaign)
    response = sign_organisation(client, campaign, organisation_name="  cotmanhay   TENANTS group ",
                                 commitment="Something else")
    assert response.status_code == 400
    assert "has already signed this pledge" in response.content.decode()
    assert "Something else" in response.content.decode()  # what was typed is kept
    assert OrganisationPledge.objects.count() == 1


def test_an_organisation_must_say_what_it_commits_to_and_give_a_contact(client, campaign):
    response = sign_organisation(client, campaign, organisation_name="", commitment="  ", signed_by="",
                                 contact_email="")
    assert response.status_code == 400
    text = response.content.decode()
    for message in ("Enter the name of the organisation", "Enter what your organisation commits to",
                    "Enter the name of the person signing for the organisation",
                    "Enter a contact email address for the organisation"):
        assert message in text
    assert not OrganisationPledge.objects.exists()


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pages_read_the_same_number_of_times_however_many_have_signed(client, campaign):
    """No N+1: more campaigns, signatures, organisations and progress do not mean more queries."""
    one = OrganisationPledgeFactory(campaign=campaign)
    CommitmentProgress.objects.create(pledge=one, status="started", note="Begun", recorded_at=timezone.now())
    PledgeSignatureFactory(campaign=campaign, show_name=True)
    page, listing = reverse("community:pledge", args=[campaign.slug]), reverse("community:pledges")
    before = (_queries(client, page), _queries(client, listing))
    for _ in range(4):
        pledge = OrganisationPledgeFactory(campaign=campaign)
        CommitmentProgress.objects.create(pledge=pledge, status="done", note="Done", recorded_at=timezone.now())
        PledgeSignatureFactory(campaign=campaign, show_name=True)
        PledgeSignatureFactory(campaign=PledgeCampaignFactory())
    assert (_queries(client, page), _queries(client, listing)) == before
