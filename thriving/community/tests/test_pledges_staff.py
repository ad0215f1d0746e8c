"""Running pledges: setting campaigns up, publishing them, seeing who signed (audited), the CSV
download (audited), recording progress against commitments, the team-page panel and the demo."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from thriving.community import hooks as community_hooks
from thriving.community.demo import pledges as demo
from thriving.community.models import (
    AmbassadorProfile,
    CommitmentProgress,
    GoodNewsStory,
    OrganisationPledge,
    PledgeCampaign,
    PledgeSignature,
)
from thriving.community.tests.factories import (
    OrganisationPledgeFactory,
    PledgeCampaignFactory,
    PledgeSignatureFactory,
)
from thriving.core.models import AuditEvent, Role
from thriving.places.tests.factories import LocalityFactory
from thriving.teams import hooks
from thriving.teams.tests.factories import TeamFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
ORGANISERS = [Role.TEAM_MEMBER, Role.ENABLER, Role.HUB_WORKER, Role.COACH, Role.ADMINISTRATOR]
OTHERS = [Role.ORGANISATION_STAFF, Role.ANALYST, Role.BOARD_MEMBER, Role.DIRECTORY_EDITOR, Role.AMBASSADOR,
          Role.DATA_PROTECTION_OFFICER]


def campaign_data(**overrides) -> dict:
    data = {"title": "Be kind in Shirebrook", "slug": "be-kind-shirebrook", "pledge": "I will be kind.",
            "about": "", "locality": "", "team": "", "opens_on": TODAY.isoformat(), "closes_on": ""}
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", ORGANISERS)
def test_organisers_may_run_pledges(client, user_with_role, role):
    client.force_login(user_with_role(role))
    assert client.get(reverse("community:pledge-campaigns")).status_code == 200
    assert client.get(reverse("community:pledge-campaign-new")).status_code == 200


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_may_not_run_pledges(client, user_with_role, role):
    campaign = PledgeCampaignFactory()
    client.force_login(user_with_role(role))
    for name, args in (("pledge-campaigns", []), ("pledge-campaign-new", []), ("pledge-campaign", [campaign.slug]),
                       ("pledge-signatures-csv", [campaign.slug])):
        assert client.get(reverse(f"community:{name}", args=args)).status_code == 403


def test_the_public_is_sent_to_sign_in(client):
    response = client.get(reverse("community:pledge-campaigns"))
    assert response.status_code == 302
    assert "sign-in" in response["Location"]


def test_setting_up_a_campaign_unpublished(client, user_with_role):
    admin = user_with_role(Role.ADMINISTRATOR)
    locality, team = LocalityFactory(name="Shirebrook"), TeamFactory(name="Shirebrook Team")
    client.force_login(admin)
    response = client.post(reverse("community:pledge-campaign-new"),
                            campaign_data(locality=locality.pk, team=team.pk, closes_on="30/06/2027"))
    assert response.status_code == 302
    made = PledgeCampaign.objects.get()
    assert (made.title, made.locality, made.team, made.is_published, made.created_by) == (
        "Be kind in Shirebrook", locality, team, False, admin)
    assert made.closes_on == datetime.date(2027, 6, 30)
    assert client.get(reverse("community:pledge", args=[made.slug])).status_code == 404


def test_a_campaign_cannot_close_before_it_opens_and_every_mistake_shows(client, user_with_role):
    PledgeCampaignFactory(slug="taken")
    client.force_login(user_with_role(Role.ADMINISTRATOR))
    response = client.post(reverse("community:pledge-campaign-new"), campaign_data(
        title="", opens_on="2026-05-10", closes_on="2026-05-09", slug="Not A Slug"))
    assert response.status_code == 400
    text = response.content.decode()
    assert "The closing date must be the same as or after the opening date" in text
    assert "Enter a title" in text
    assert "The web address can only have lower-case letters" in text
    response = client.post(reverse("community:pledge-campaign-new"), campaign_data(slug="taken"))
    assert response.status_code == 400
    assert "Another campaign already uses the web address" in response.content.decode()
    assert PledgeCampaign.objects.count() == 1


def test_staff_only_run_campaigns_in_their_localities_or_teams(client, user_with_role):
    home, away = LocalityFactory(), LocalityFactory()
    team = TeamFactory(locality=away)
    member = user_with_role(Role.TEAM_MEMBER, locality=home)
    TeamMemberFactory(team=team, user=member)
    mine = PledgeCampaignFactory(title="Home pledge", locality=home)
    by_my_team = PledgeCampaignFactory(title="Team pledge", locality=away, team=team)
    theirs = PledgeCampaignFactory(title="Away pledge", locality=away)
    client.force_login(member)
    listing = client.get(reverse("community:pledge-campaigns")).content.decode()
    assert "Home pledge" in listing
    assert "Team pledge" in listing
    assert "Away pledge" not in listing
    assert client.get(reverse("community:pledge-campaign", args=[mine.slug])).status_code == 200
    assert client.get(reverse("community:pledge-campaign", args=[by_my_team.slug])).status_code == 200
    assert client.get(reverse("community:pledge-campaign", args=[theirs.slug])).status_code == 404
    assert client.get(reverse("community:pledge-signatures-csv", args=[theirs.slug])).status_code == 404
    response = client.post(reverse("community:pledge-campaign-new"), campaign_data(locality=away.pk))
    assert response.status_code == 400
    assert "You can only set up pledges for your own localities or teams" in response.content.decode()


def test_editing_a_campaign_and_a_stale_edit_is_refused_keeping_what_was_typed(client, user_with_role):
    campaign = PledgeCampaignFactory(title="Old title")
    client.force_login(user_with_role(Role.ENABLER))
    url = reverse("community:pledge-campaign", args=[campaign.slug])
    data = campaign_data(slug=campaign.slug, title="New title", version=campaign.version)
    assert client.post(url, data).status_code == 302
    campaign.refresh_from_db()
    assert (campaign.title, campaign.version) == ("New title", 2)
    assert AuditEvent.objects.filter(event="pledge_campaign.changed").exists()
    stale = client.post(url, {**data, "title": "Typed on a stale page", "version": 1})
    assert stale.status_code == 409
    assert "Someone else changed this campaign" in stale.content.decode()
    assert "Typed on a stale page" in stale.content.decode()
    campaign.refresh_from_db()
    assert campaign.title == "New title"


def test_publishing_and_taking_down(client, user_with_role):
    campaign = PledgeCampaignFactory(is_published=False)
    client.force_login(user_with_role(Role.HUB_WORKER))
    url = reverse("community:pledge-campaign-publish", args=[campaign.slug])
    assert client.post(url, {"publish-version": 1, "publish-published": "True"}).status_code == 302
    assert client.get(reverse("community:pledge", args=[campaign.slug])).status_code == 200
    assert client.post(url, {"publish-version": 1, "publish-published": ""}).status_code == 409
    assert client.post(url, {"publish-version": 2, "publish-published": ""}).status_code == 302
    campaign.refresh_from_db()
    assert (campaign.is_published, campaign.version) == (False, 3)


def test_seeing_who_signed_shows_contacts_and_is_audited(client, user_with_role):
    campaign = PledgeCampaignFactory()
    PledgeSignatureFactory(campaign=campaign, name="Hidden Name", show_name=False, email="hidden@example.org",
                           postcode="DE7 8QA")
    coach = user_with_role(Role.COACH)
    client.force_login(coach)
    text = client.get(reverse("community:pledge-campaign", args=[campaign.slug])).content.decode()
    assert "Hidden Name" in text
    assert "hidden@example.org" in text
    assert "DE7 8QA" in text
    event = AuditEvent.objects.get(event="pledge.signatures_viewed")
    assert (event.actor, event.action, event.subject) == (coach, "viewed", "1 people and 0 organisations who signed")


def test_the_csv_download_has_everyone_and_is_audited(client, user_with_role):
    campaign = PledgeCampaignFactory()
    PledgeSignatureFactory(campaign=campaign, name="=HYPERLINK(1)", email="a@example.org", postcode="DE7 8QA")
    PledgeSignatureFactory(campaign=campaign, name="Plain Person")
    client.force_login(user_with_role(Role.ADMINISTRATOR))
    response = client.get(reverse("community:pledge-signatures-csv", args=[campaign.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0] == ["Signed", "Name", "Show name", "Email", "Postcode"]
    assert [row[1] for row in rows[1:]] == ["'=HYPERLINK(1)", "Plain Person"]
    assert rows[1][3:] == ["a@example.org", "DE7 8QA"]
    event = AuditEvent.objects.get(event="pledge.signatures_exported")
    assert (event.action, event.subject) == ("exported", "2 people who signed")


@pytest.mark.parametrize("start", ["\t", "\r"])
def test_a_name_starting_with_a_tab_or_carriage_return_cannot_run_as_a_formula(client, user_with_role, start):
    """A tab or carriage return before `=` hides a formula from a check on the first character
    alone; the download neutralises it too."""
    campaign = PledgeCampaignFactory()
    PledgeSignatureFactory(campaign=campaign, name=f"{start}=HYPERLINK(1)")
    client.force_login(user_with_role(Role.ADMINISTRATOR))
    response = client.get(reverse("community:pledge-signatures-csv", args=[campaign.slug]))
    rows = list(csv.reader(io.StringIO(response.getvalue().decode(), newline="")))
    assert rows[1][1] == f"'{start}=HYPERLINK(1)"


def test_recording_progress_keeps_the_history_and_shows_the_latest_publicly(client, user_with_role):
    campaign = PledgeCampaignFactory()
    pledge = OrganisationPledgeFactory(campaign=campaign, organisation_name="Larder Group")
    member = user_with_role(Role.TEAM_MEMBER)
    client.force_login(member)
    url = reverse("community:pledge-progress", args=[campaign.slug, pledge.uuid])
    prefix = f"progress-{pledge.uuid}"
    assert client.post(url, {f"{prefix}-status": "started", f"{prefix}-note": "First bags"}).status_code == 302
    assert client.post(url, {f"{prefix}-status": "done", f"{prefix}-note": "All delivered"}).status_code == 302
    assert list(pledge.progress.values_list("status", "note")) == [("done", "All delivered"), ("started", "First bags")]
    assert pledge.progress.first().recorded_by == member
    staff_page = client.get(reverse("community:pledge-campaign", args=[campaign.slug])).content.decode()
    assert "First bags" in staff_page
    assert "All delivered" in staff_page
    client.logout()
    public = client.get(reverse("community:pledge", args=[campaign.slug])).content.decode()
    assert "All delivered" in public
    assert "First bags" not in public


def test_progress_needs_a_status_and_a_note(client, user_with_role):
    campaign = PledgeCampaignFactory()
    pledge = OrganisationPledgeFactory(campaign=campaign)
    client.force_login(user_with_role(Role.TEAM_MEMBER))
    response = client.post(reverse("community:pledge-progress", args=[campaign.slug, pledge.uuid]),
                           {f"progress-{pledge.uuid}-note": "  "})
    assert response.status_code == 400
    assert "Choose how the commitment is going" in response.content.decode()
    assert "Enter what has happened" in response.content.decode()
    assert not CommitmentProgress.objects.exists()


# ---------------------------------------------------------------------------------------------
# The team page's panel, and the demo


def test_the_team_panel_lists_open_pledges_in_its_locality_or_run_by_it(user_with_role):
    team = TeamFactory()
    here = PledgeCampaignFactory(title="Here", locality=team.locality)
    PledgeSignatureFactory.create_batch(3, campaign=here)
    ours = PledgeCampaignFactory(title="Ours", team=team, locality=LocalityFactory())
    PledgeCampaignFactory(title="Elsewhere", locality=LocalityFactory())
    PledgeCampaignFactory(title="Closed here", locality=team.locality, closes_on=TODAY - datetime.timedelta(days=1))
    PledgeCampaignFactory(title="Unpublished here", locality=team.locality, is_published=False)
    member = user_with_role(Role.TEAM_MEMBER)
    community_hooks.register()
    panel = next(p for p in hooks.panels(team, member) if p.heading == "Pledges")
    assert panel.rows == [
        ("Here: 3 people have signed", reverse("community:pledge", args=[here.slug])),
        ("Ours: 0 people have signed", reverse("community:pledge", args=[ours.slug])),
    ]
    assert panel.more_url == reverse("community:pledge-campaigns")


def test_the_demo_loads_once_however_often_it_runs(user_with_role):
    LocalityFactory(slug="cotmanhay", name="Cotmanhay")
    ambassador = user_with_role(Role.AMBASSADOR)
    out = io.StringIO()
    for _ in range(2):
        demo.load(out, 1)
    campaign = PledgeCampaign.objects.get(slug=demo.SLUG)
    assert campaign.is_published
    assert campaign.signatures.count() == len(demo.SIGNATURES)
    assert OrganisationPledge.objects.count() == 2
    assert CommitmentProgress.objects.count() == 3
    profile = AmbassadorProfile.objects.get()
    assert profile.user == ambassador
    assert GoodNewsStory.objects.filter(ambassador=profile, status="published").count() == 2
    assert PledgeSignature.objects.count() == len(demo.SIGNATURES)


def test_the_demo_skips_the_ambassador_when_no_one_has_the_role(db):
    LocalityFactory(slug="cotmanhay", name="Cotmanhay")
    out = io.StringIO()
    demo.load(out, 1)
    assert PledgeCampaign.objects.count() == 1
    assert not AmbassadorProfile.objects.exists()
    assert "no demo ambassador profile" in out.getvalue()


def test_the_team_panel_points_others_to_the_public_pledges(user_with_role):
    team = TeamFactory()
    community_hooks.register()
    panel = next(p for p in hooks.panels(team, user_with_role(Role.BOARD_MEMBER)) if p.heading == "Pledges")
    assert panel.rows == []
    assert (panel.more_url, panel.empty) == (reverse("community:pledges"), "No pledges are open in this locality.")
