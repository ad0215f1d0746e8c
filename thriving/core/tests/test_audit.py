"""The audit trail: searched and exported by administrators and the data protection officer,
and never changed or deleted by anyone."""

import csv
import datetime
import io

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from thriving.core.models import AuditEvent, Role
from thriving.core.tests.factories import AuditEventFactory

READERS = {Role.ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER}


def at(day, hour=12):
    return timezone.make_aware(datetime.datetime(2025, 3, day, hour))


def export_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def reader_client(client, user_with_role):
    client.force_login(user_with_role(Role.DATA_PROTECTION_OFFICER))
    return client


# --- Who may read it ---


@pytest.mark.parametrize("role", Role.values)
def test_only_administrators_and_the_data_protection_officer_read_the_trail(client, user_with_role, role):
    AuditEventFactory(subject="resident@example.org")
    client.force_login(user_with_role(role))
    search = client.get(reverse("core:audit"))
    export = client.get(reverse("core:audit-export"))
    if role in READERS:
        assert search.status_code == 200
        assert b"resident@example.org" in search.content
        assert export.status_code == 200
    else:
        assert search.status_code == export.status_code == 403
        assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()


@pytest.mark.parametrize("name", ["core:audit", "core:audit-export"])
def test_anonymous_people_are_asked_to_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:sign-in"))


# --- Searching ---


def test_the_table_shows_when_who_what_whose_why_and_where(reader_client):
    AuditEventFactory(
        actor_label="worker@example.org",
        action=AuditEvent.Action.VIEWED,
        event="request.viewed",
        object_label="HR-7K3Q9F",
        subject="resident@example.org",
        purpose="triage",
        ip_address="192.0.2.10",
        at=at(3),
    )
    page = reader_client.get(reverse("core:audit")).content.decode()
    for shown in ["3 Mar 2025", "worker@example.org", "Viewed", "request.viewed", "HR-7K3Q9F", "triage", "192.0.2.10"]:
        assert shown in page, shown
    assert '<th scope="col" class="govuk-table__header">Whose data</th>' in page


def test_searching_by_words_action_actor_subject_and_dates(reader_client):
    AuditEventFactory(actor_label="ann@example.org", subject="zed@example.org", event="user.viewed", at=at(1))
    AuditEventFactory(
        actor_label="bob@example.org",
        action=AuditEvent.Action.CHANGED,
        event="organisation.changed",
        object_label="Larder",
        subject="",
        at=at(10),
    )
    AuditEventFactory(
        actor_label="ann@example.org",
        action=AuditEvent.Action.EXPORTED,
        event="audit.exported",
        subject="",
        at=at(20),
    )

    def events(**query):
        response = reader_client.get(reverse("core:audit"), query)
        assert response.status_code == 200
        return [event.event for event in response.context["page_obj"]]

    assert events(q="larder") == ["organisation.changed"]
    assert events(q="zed@") == ["user.viewed"]
    assert events(action="exported") == ["audit.exported"]
    assert events(actor="ANN@example.org") == ["audit.exported", "user.viewed"]
    assert events(subject="zed@example.org") == ["user.viewed"]
    assert events(date_from="2025-03-05", date_to="2025-03-15") == ["organisation.changed"]
    assert events(date_from="2025-03-10", date_to="2025-03-10") == ["organisation.changed"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "2025-03-20", "date_to": "2025-03-01"}, "must be the same as or after the &#x27;from"),
        ({"date_from": "2025-13-45"}, "Enter a real &#x27;from&#x27; date"),
        ({"action": "teleported"}, "Select a valid choice"),
        ({"q": "x" * 201}, "at most 200 characters"),
    ],
)
def test_wrong_filters_show_the_error_summary(reader_client, query, message):
    response = reader_client.get(reverse("core:audit"), query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert "<title>Audit trail (error)" in page
    # The export link is not offered for filters that are wrong, and the export sends you back.
    assert 'data-testid="export"' not in page
    export = reader_client.get(reverse("core:audit-export"), query)
    assert export.status_code == 302
    assert export.url.startswith(reverse("core:audit"))
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()


def test_results_come_fifty_a_page_and_a_page_past_the_end_gives_the_last(reader_client):
    AuditEventFactory.create_batch(120, actor=None, actor_label="system")
    url = reverse("core:audit")
    first = reader_client.get(url)
    assert len(first.context["page_obj"]) == 50
    assert b'aria-label="Page 3"' in first.content
    expected = AuditEvent.objects.count() - 100  # with the signing in and the first search
    last = reader_client.get(url, {"page": 3})
    assert len(last.context["page_obj"]) == expected
    for wrong in ("999", "-1", "abc", "0", "9" * 40):
        response = reader_client.get(url, {"page": wrong})
        assert response.status_code == 200, wrong
    assert reader_client.get(url, {"page": 999}).context["page_obj"].number == 3


def test_the_search_makes_the_same_number_of_queries_however_many_events(reader_client, django_assert_max_num_queries):
    url = reverse("core:audit")

    def count():
        reader_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            reader_client.get(url)
        return len(queries)

    AuditEventFactory.create_batch(3)
    few = count()
    AuditEventFactory.create_batch(60)
    assert count() == few
    with django_assert_max_num_queries(10):
        reader_client.get(url, {"q": "resident", "date_from": "2000-01-01"})


# --- Searching is itself recorded ---


def test_a_search_is_recorded_with_the_filters_used(client, user_with_role):
    reader = user_with_role(Role.DATA_PROTECTION_OFFICER)
    client.force_login(reader)
    query = {"q": "larder", "subject": "zed@example.org", "date_from": "2025-03-01", "page": "1"}
    assert client.get(reverse("core:audit"), query).status_code == 200
    search = AuditEvent.objects.get(event="audit.searched")
    assert search.actor == reader
    assert search.action == AuditEvent.Action.VIEWED
    assert search.purpose == "audit search"
    assert search.subject == "zed@example.org"  # whose data was looked for
    assert search.object_label == (
        "Audit trail search: Search: larder; Whose data it was: zed@example.org; From: 2025-03-01; page 1"
    )


def test_a_search_does_not_show_itself_but_the_next_shows_it(reader_client):
    first = reader_client.get(reverse("core:audit"))
    assert "audit.searched" not in [event.event for event in first.context["page_obj"]]
    second = reader_client.get(reverse("core:audit"), {"page": "2"})
    assert [event.event for event in second.context["page_obj"]][0] == "audit.searched"
    assert list(AuditEvent.objects.filter(event="audit.searched").values_list("object_label", flat=True)) == [
        "Audit trail search: everything; page 1",
        "Audit trail search: everything; page 1",  # page 2 of one page of events is its last, page 1
    ]


def test_a_search_with_wrong_filters_is_recorded_as_showing_everything(reader_client):
    reader_client.get(reverse("core:audit"), {"date_from": "2025-13-45"})
    search = AuditEvent.objects.get(event="audit.searched")
    assert search.object_label == "Audit trail search: everything (the filters given were wrong); page 1"


def test_a_refused_search_is_recorded_as_refused_not_as_a_search(client, user_with_role):
    client.force_login(user_with_role(Role.HUB_WORKER))
    assert client.get(reverse("core:audit"), {"q": "zed"}).status_code == 403
    assert not AuditEvent.objects.filter(event="audit.searched").exists()
    assert AuditEvent.objects.filter(event="access.refused").exists()


# --- Exporting ---


def test_the_export_holds_the_filtered_events_and_is_itself_recorded(reader_client):
    AuditEventFactory(subject="zed@example.org", purpose="triage", ip_address="192.0.2.1", changes={"name": ["A", "B"]})
    AuditEventFactory(subject="someone-else@example.org")
    response = reader_client.get(reverse("core:audit-export"), {"subject": "zed@example.org"})
    assert "attachment" in response["Content-Disposition"]
    rows = export_rows(response)
    assert rows[0][:3] == ["When", "Who", "Action"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Whose data"] == "zed@example.org"
    assert row["Purpose"] == "triage"
    assert row["IP address"] == "192.0.2.1"
    assert row["Changes"] == "name: A → B"

    export = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert export.purpose == "audit export"
    assert export.event == "audit.exported"
    assert "zed@example.org" in export.object_label


def test_the_export_cannot_carry_spreadsheet_formulas(reader_client):
    AuditEventFactory(actor=None, actor_label="=HYPERLINK(\"http://evil.example\")", subject="+1")
    rows = export_rows(reader_client.get(reverse("core:audit-export"), {"action": "viewed"}))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Who"].startswith("'=")
    assert row["Whose data"] == "'+1"


def test_the_export_makes_the_same_number_of_queries_however_many_events(reader_client):
    url = reverse("core:audit-export")

    def count():
        with CaptureQueriesContext(connection) as queries:
            export_rows(reader_client.get(url))
        return len(queries)

    count()
    AuditEventFactory.create_batch(3)
    few = count()
    AuditEventFactory.create_batch(80)
    assert count() == few


# --- Nobody changes or deletes it ---


def test_the_trail_cannot_be_changed_or_deleted_through_django_or_sql(db):
    event = AuditEventFactory(subject="resident@example.org", purpose="triage")
    table = AuditEvent._meta.db_table

    def refused(attempt):
        with pytest.raises(Exception), transaction.atomic():  # noqa: B017 - the model or the database refuses
            attempt()

    refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(purpose="tampered"))
    refused(lambda: AuditEvent.objects.filter(pk=event.pk).delete())
    refused(lambda: AuditEvent.objects.get(pk=event.pk).delete())

    def save_again():
        again = AuditEvent.objects.get(pk=event.pk)
        again.purpose = "tampered"
        again.save()

    refused(save_again)

    def raw(sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    refused(lambda: raw(f"UPDATE {table} SET purpose = %s WHERE id = %s", ["tampered", event.pk]))
    refused(lambda: raw(f"DELETE FROM {table} WHERE id = %s", [event.pk]))

    kept = AuditEvent.objects.get(pk=event.pk)
    assert (kept.purpose, kept.subject) == ("triage", "resident@example.org")


def test_there_is_no_page_to_change_or_delete_events(admin_client):
    event = AuditEventFactory()
    for suffix in (f"{event.uuid}/", f"{event.uuid}/edit/", f"{event.uuid}/delete/"):
        assert admin_client.post(reverse("core:audit") + suffix).status_code == 404
    assert admin_client.post(reverse("core:audit"), {"purpose": "tampered"}).status_code == 405
    assert AuditEvent.objects.get(pk=event.pk).purpose == "administration"


# --- In a browser, checked with axe-core ---


@pytest.mark.browser
def test_the_audit_trail_is_accessible(page, axe, user_with_role):
    from thriving.core.tests.test_users import sign_in

    AuditEventFactory.create_batch(60, ip_address="192.0.2.1")
    sign_in(page, user_with_role(Role.DATA_PROTECTION_OFFICER))
    page.goto(reverse("core:audit"))
    axe(page, "audit trail")
    page.get_by_label("From").fill("2025-03-20")
    page.get_by_label("To").fill("2025-03-01")
    page.get_by_role("button", name="Apply filters").click()
    assert "must be the same as or after" in page.locator(".govuk-error-summary").inner_text()
    axe(page, "audit trail, with errors")
