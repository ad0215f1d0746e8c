"""Partners' feeds: directory editors register, change and pause them on their pages; the
schedule queues the due ones and the worker harvests each (over HTTP, following the ORUK API's
pages); a feed that fails or shrinks suddenly is held and nothing applied, until an editor
applies it anyway, once; what came from a feed is changed there, not here."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from thriving.core.models import AuditEvent, Role
from thriving.directory.interchange.models import Feed, ImportRun
from thriving.directory.models import Location, Service
from thriving.directory.tests.factories import FeedFactory, ImportRunFactory, OrganisationFactory, ServiceFactory
from thriving.directory.tests.feed_server import service

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(user_with_role):
    return user_with_role(Role.DIRECTORY_EDITOR)


@pytest.fixture
def feed(feed_server):
    return FeedFactory(name="Riverside Council", url=feed_server.url)


def _harvest(client, feed, capture):
    with capture(execute=True):
        return client.post(f"/directory/feeds/{feed.uuid}/harvest/")


def test_an_editor_registers_a_feed_and_sees_it_listed(client, editor):
    trust = OrganisationFactory(name="Riverside Community Trust")
    client.force_login(editor)
    form = client.get("/directory/feeds/new/")
    assert form.status_code == 200
    response = client.post("/directory/feeds/new/", {
        "name": "Riverside Council", "url": "https://data.riverside.example.org/oruk", "format": "detect",
        "organisation": trust.pk, "frequency": "hourly"})
    feed = Feed.objects.get()
    assert response.status_code == 302
    assert response.url == f"/directory/feeds/{feed.uuid}/"
    assert (feed.organisation, feed.frequency, feed.created_by) == (trust, "hourly", editor)
    listed = client.get("/directory/feeds/").content.decode()
    assert "Riverside Council" in listed
    assert "Not yet harvested" in listed
    assert "Every hour" in listed
    assert AuditEvent.objects.filter(event="directory.feed_registered").exists()


def test_a_feed_with_mistakes_is_shown_again_with_them(client, editor):
    client.force_login(editor)
    response = client.post("/directory/feeds/new/", {"name": "Riverside", "url": "ftp://x.example.org/feed",
                                                      "format": "detect", "frequency": "daily"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "Enter an address starting with https://" in page
    assert "Choose an organisation" in page
    assert 'value="Riverside"' in page
    assert not Feed.objects.exists()


def test_an_editor_changes_and_pauses_a_feed(client, editor, feed):
    client.force_login(editor)
    assert client.get(f"/directory/feeds/{feed.uuid}/edit/").status_code == 200
    response = client.post(f"/directory/feeds/{feed.uuid}/edit/", {
        "name": "Riverside Borough", "url": feed.url, "format": "api", "organisation": feed.organisation.pk,
        "frequency": "weekly", "version": feed.version})
    assert response.status_code == 302
    feed.refresh_from_db()
    assert (feed.name, feed.frequency, feed.version) == ("Riverside Borough", "weekly", 2)
    stale = client.post(f"/directory/feeds/{feed.uuid}/edit/", {
        "name": "Old name", "url": feed.url, "format": "api", "organisation": feed.organisation.pk,
        "frequency": "daily", "version": 1})
    assert stale.status_code == 409
    assert "Someone else changed this" in stale.content.decode()
    client.post(f"/directory/feeds/{feed.uuid}/pause/", {"paused": "1"})
    feed.refresh_from_db()
    assert feed.paused
    assert "Paused" in client.get("/directory/feeds/").content.decode()
    assert "Resume harvests" in client.get(f"/directory/feeds/{feed.uuid}/").content.decode()
    client.post(f"/directory/feeds/{feed.uuid}/pause/", {"paused": "0"})
    feed.refresh_from_db()
    assert not feed.paused


@pytest.mark.parametrize("role", [Role.ORGANISATION_STAFF, Role.HUB_WORKER])
def test_only_editors_and_administrators_keep_feeds(client, user_with_role, role, feed):
    client.force_login(user_with_role(role))
    assert client.get("/directory/feeds/").status_code == 403
    assert client.post(f"/directory/feeds/{feed.uuid}/harvest/").status_code == 403
    client.force_login(user_with_role(Role.ADMINISTRATOR))
    assert client.get(f"/directory/feeds/{feed.uuid}/").status_code == 200


def test_harvest_now_pulls_every_page_and_marks_what_came_from_the_feed(
        client, editor, feed, feed_server, django_capture_on_commit_callbacks):
    client.force_login(editor)
    response = _harvest(client, feed, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert (run.feed, run.status, run.run_by, run.created_by) == (feed, ImportRun.Status.LANDED, editor.email, editor)
    assert {r.split("?")[0] for r in feed_server.requests} >= {"/oruk/services"}
    assert sum(r.startswith("/oruk/services?page=") for r in feed_server.requests) == 2  # 3 services, pages of 2
    assert Service.objects.filter(feed=feed).count() == 3
    assert Location.objects.filter(feed=feed).count() == 3
    assert list(feed.organisations.values_list("name", flat=True)) == ["Riverside Community Trust"]
    feed.refresh_from_db()
    assert feed.last_success_at
    assert feed.last_attempt_at
    assert not feed.held_reason
    assert feed.queued_at is None
    page = client.get(f"/directory/feeds/{feed.uuid}/").content.decode()
    assert "Up to date" in page
    assert f"/directory/imports/{run.uuid}/" in page
    assert "hx-trigger" not in page
    report = client.get(f"/directory/imports/{run.uuid}/").content.decode()
    assert "Riverside Council" in report
    assert "Services created" in report


def test_a_service_gone_from_the_feed_is_withdrawn(client, editor, feed, feed_server,
                                                  django_capture_on_commit_callbacks):
    feed_server.services += [service(4), service(5)]
    client.force_login(editor)
    _harvest(client, feed, django_capture_on_commit_callbacks)
    gone = feed_server.services.pop()
    _harvest(client, feed, django_capture_on_commit_callbacks)
    run = ImportRun.objects.filter(feed=feed).first()
    assert run.status == ImportRun.Status.LANDED
    assert run.report["counts"]["services withdrawn"] == 1
    assert Service.objects.get(uuid=gone["id"]).status == Service.Status.INACTIVE
    assert Service.objects.filter(feed=feed, status="active").count() == 4
    # ... and the public search no longer finds it.
    def found(words: str) -> str:
        return client.get("/services/", {"q": words}).content.decode().split('class="govuk-list thriving-results"')[-1]

    assert f">{gone['name']}<" not in found(gone["name"])
    kept = feed_server.services[0]["name"]
    assert f">{kept}<" in found(kept)


def test_a_feed_that_fails_is_held_and_flagged(client, editor, feed, feed_server,
                                              django_capture_on_commit_callbacks):
    client.force_login(editor)
    _harvest(client, feed, django_capture_on_commit_callbacks)
    feed_server.broken = True
    _harvest(client, feed, django_capture_on_commit_callbacks)
    run = ImportRun.objects.filter(feed=feed).first()
    assert run.status == ImportRun.Status.HELD
    assert "answered 500" in run.held_reason
    feed.refresh_from_db()
    assert feed.held_reason == run.held_reason
    page = client.get(f"/directory/feeds/{feed.uuid}/").content.decode()
    assert "The latest harvest was held and nothing was applied" in page
    assert "answered 500" in page
    assert "Held" in client.get("/directory/feeds/").content.decode()
    assert "Held, nothing was applied" in client.get(f"/directory/imports/{run.uuid}/").content.decode()


def test_a_feed_that_shrinks_suddenly_is_held_until_an_editor_applies_it_anyway_once(
        client, editor, feed, feed_server, django_capture_on_commit_callbacks):
    client.force_login(editor)
    _harvest(client, feed, django_capture_on_commit_callbacks)
    before = {s.uuid: (s.name, s.status) for s in Service.objects.all()}
    feed_server.services = feed_server.services[:1]
    _harvest(client, feed, django_capture_on_commit_callbacks)
    held = ImportRun.objects.filter(feed=feed).first()
    assert held.status == ImportRun.Status.HELD
    assert "fewer than half" in held.held_reason
    assert {s.uuid: (s.name, s.status) for s in Service.objects.all()} == before  # nothing applied
    page = client.get(f"/directory/feeds/{feed.uuid}/").content.decode()
    assert "Apply anyway" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/directory/feeds/{feed.uuid}/apply/", {"run": str(held.uuid)})
    applied = ImportRun.objects.filter(feed=feed).first()
    assert applied.status == ImportRun.Status.LANDED
    assert applied.report["counts"]["services withdrawn"] == 2
    held.refresh_from_db()
    assert held.released_by == editor.email
    assert Service.objects.filter(feed=feed, status="active").count() == 1
    again = client.post(f"/directory/feeds/{feed.uuid}/apply/", {"run": str(held.uuid)}, follow=True)
    assert "no longer held" in again.content.decode()
    assert ImportRun.objects.filter(feed=feed).count() == 3
    feed.refresh_from_db()
    assert not feed.held_reason
    assert feed.last_records == applied.records


def test_a_harvest_that_would_withdraw_most_of_the_feed_is_held(feed):
    from thriving.directory.interchange import harvest

    feed.last_records = None
    feed.save()
    for n in range(4):  # services the feed brought before that it no longer lists
        ServiceFactory(feed=feed, name=f"Old club {n}")
    run = harvest.harvest(feed)
    assert run.status == ImportRun.Status.HELD
    assert "withdraw 4 of the feed's 7 services" in run.held_reason
    assert Service.objects.filter(feed=feed, status="active").count() == 4
    assert not Service.objects.filter(name__startswith="Riverside Lunch Club").exists()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "10.0.0.8", "169.254.169.254", "[::1]"])
def test_a_feed_at_an_address_inside_the_network_is_held_and_not_fetched(feed, feed_server, settings, host):
    from thriving.directory.interchange import harvest

    settings.DIRECTORY_FEEDS_ALLOW_PRIVATE = False
    feed.url = feed_server.url.replace("127.0.0.1", host) if host == "127.0.0.1" else f"http://{host}/feed/"
    feed.save()
    run = harvest.harvest(feed)
    assert run.status == ImportRun.Status.HELD
    assert "is not a public address" in run.held_reason
    assert feed_server.requests == []  # refused before anything was asked of it
    assert not Service.objects.filter(name__startswith="Riverside Lunch Club").exists()


def test_a_public_address_passes_and_a_redirect_inside_the_network_is_refused(settings, monkeypatch):
    from thriving.directory.interchange import sources

    settings.DIRECTORY_FEEDS_ALLOW_PRIVATE = False
    real = sources._check_address
    monkeypatch.setattr(sources.socket, "getaddrinfo", lambda host, *_: [(0, 0, 0, "", (
        "93.184.216.34" if host == "feeds.example.org" else "127.0.0.1", 0))])
    handler = sources._CheckedRedirects()
    request = sources.urllib.request.Request("http://feeds.example.org/services")
    with sources.public_addresses_only():
        real("http://feeds.example.org/services")  # a public address passes
        with pytest.raises(sources.SourceError, match="not a public address"):
            handler.redirect_request(request, None, 302, "Found", {}, "http://127.0.0.1:8000/admin/")


def test_the_schedule_queues_each_due_feed_once(feed, feed_server, capsys, settings,
                                               django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    now = timezone.now()
    FeedFactory(name="Paused", paused=True)
    FeedFactory(name="Fresh", last_attempt_at=now - datetime.timedelta(hours=2))  # daily
    FeedFactory(name="Hourly", frequency="hourly", last_attempt_at=now - datetime.timedelta(hours=2))
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("directory_harvest")
    assert "Queued 2 harvest(s): Riverside Council, Hourly." in capsys.readouterr().out
    assert sorted(r.args[0] for r in default_task_backend.results) == sorted(
        str(f.uuid) for f in Feed.objects.filter(name__in=["Hourly", "Riverside Council"]))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("directory_harvest")  # already queued
    assert "Queued 0 harvest(s): none are due." in capsys.readouterr().out


def test_the_task_harvests_and_skips_a_feed_paused_since(feed):
    from thriving.directory.tasks.feeds import harvest_feed

    run_id = harvest_feed.enqueue(str(feed.uuid)).return_value
    assert ImportRun.objects.get(uuid=run_id).status == ImportRun.Status.LANDED
    Feed.objects.filter(pk=feed.pk).update(paused=True)
    assert harvest_feed.enqueue(str(feed.uuid)).return_value == ""


def test_the_command_harvests_one_feed_with_a_progress_bar(feed, capsys):
    call_command("directory_harvest", "--feed", str(feed.uuid), "--progress")
    out, err = capsys.readouterr()
    assert "Harvested Riverside Council: 10 record(s)" in out
    assert "3 services created" in out
    assert "Reading the feed [####################..........] 2/3 services" in err
    assert "[##############################] 3/3 services" in err
    with pytest.raises(CommandError, match="There is no feed"):
        call_command("directory_harvest", "--feed", "not-a-feed")


def test_the_command_says_when_a_harvest_is_held(feed, feed_server):
    feed_server.broken = True
    with pytest.raises(CommandError, match="Held, nothing applied: The feed could not be read"):
        call_command("directory_harvest", "--feed", str(feed.uuid))


def test_the_progress_line_polls_while_a_harvest_runs_and_stops_when_it_ends(client, editor, feed):
    run = ImportRunFactory(feed=feed, status=ImportRun.Status.RUNNING, report={},
                           progress={"stage": "Reading the feed", "done": 120, "total": 400})
    client.force_login(editor)
    page = client.get(f"/directory/feeds/{feed.uuid}/").content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "Reading the feed: 120 of 400 services" in page
    fragment = client.get(f"/directory/feeds/{feed.uuid}/progress/", headers={"HX-Request": "true"})
    assert "120 of 400 services" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    run.status, run.progress = ImportRun.Status.LANDED, {}
    run.save()
    done = client.get(f"/directory/feeds/{feed.uuid}/progress/").content.decode()
    assert "hx-trigger" not in done
    assert f"/directory/imports/{run.uuid}/" in done


def test_harvest_now_is_refused_while_one_runs(client, editor, feed):
    ImportRunFactory(feed=feed, status=ImportRun.Status.RUNNING)
    client.force_login(editor)
    response = client.post(f"/directory/feeds/{feed.uuid}/harvest/", follow=True)
    assert "is being harvested now" in response.content.decode()


def test_a_service_from_a_feed_is_changed_there_not_here(client, user_with_role, feed):
    from_feed = ServiceFactory(feed=feed, name="Riverside Lunch Club")
    staff = user_with_role(Role.ORGANISATION_STAFF, organisation=from_feed.organisation)
    client.force_login(staff)
    page = client.get(f"/directory/services/{from_feed.uuid}/edit/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "This service comes from Riverside Council&#x27;s feed; change it there" in text
    assert "Send for approval" not in text
    refused = client.post(f"/directory/services/{from_feed.uuid}/edit/", {"name": "Changed here"})
    assert refused.status_code == 400
    assert "There is a problem" in refused.content.decode()
    assert not from_feed.changes.exists()
    confirmed = client.post(f"/directory/services/{from_feed.uuid}/confirm/", follow=True)
    assert "change it there" in confirmed.content.decode()
    from_feed.refresh_from_db()
    assert from_feed.last_checked_by == ""
