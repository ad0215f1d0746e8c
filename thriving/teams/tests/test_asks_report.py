"""The report of asks across teams: counts by theme and outcome, the median days to an answer,
overdue asks, filters, who may see it, its query count, and the audited CSV download."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from thriving.core.models import AuditEvent, Role
from thriving.places.tests.factories import LocalityFactory
from thriving.teams.models import Ask
from thriving.teams.tests.factories import AskFactory, TeamFactory

REPORT = "/asks/report/"
CSV = "/asks/report/download/"


@pytest.fixture
def asks(db):
    now = timezone.now()
    north = TeamFactory(name="North Team", slug="north", locality=LocalityFactory(name="Northfield", slug="northfield"))
    south = TeamFactory(name="South Team", slug="south", locality=LocalityFactory(name="Southwick", slug="southwick"))
    created = now - datetime.timedelta(days=10)
    made = {
        "granted": AskFactory(team=north, theme=Ask.Theme.DATA_SHARING, status=Ask.Status.GRANTED, created_at=created,
                              answered_at=created + datetime.timedelta(days=2)),
        "declined": AskFactory(team=north, theme=Ask.Theme.DATA_SHARING, status=Ask.Status.DECLINED, answer="No",
                               kind=Ask.Kind.BLOCKER, created_at=created,
                               answered_at=created + datetime.timedelta(days=4)),
        "overdue": AskFactory(team=south, theme=Ask.Theme.FUNDING, title="=Overdue money", created_at=created,
                              due_by=now - datetime.timedelta(days=1)),
        "escalated": AskFactory(team=south, theme=Ask.Theme.FUNDING, status=Ask.Status.ESCALATED, created_at=created),
        "withdrawn": AskFactory(team=south, theme=Ask.Theme.PREMISES, status=Ask.Status.WITHDRAWN, created_at=created),
        "old": AskFactory(team=north, theme=Ask.Theme.PREMISES, created_at=now - datetime.timedelta(days=800)),
    }
    return made


def _row(body: str, theme: str) -> list[str]:
    start = body.index(f'data-testid="theme-{theme}"')
    row = body[start:body.index("</tr>", start)]
    return [cell.split(">", 1)[1].split("<", 1)[0] for cell in row.split('<td class="govuk-table__cell')[1:]]


def test_the_report_counts_asks_by_theme_and_outcome(client, user_with_role, asks):
    client.force_login(user_with_role(Role.BOARD_MEMBER))
    response = client.get(REPORT)
    assert response.status_code == 200
    body = response.content.decode()
    # awaiting, granted, declined, escalated, withdrawn, all, median days
    assert _row(body, "data_sharing") == ["0", "1", "1", "0", "0", "2", "3.0"]
    assert _row(body, "funding") == ["1", "0", "0", "1", "0", "2", "–"]
    assert _row(body, "premises") == ["0", "0", "0", "0", "1", "1", "–"]  # the 800-day-old ask is outside the period
    assert _row(body, "all") == ["1", "1", "1", "1", "1", "5", "3.0"]
    assert 'data-testid="asks-overdue-count">1<' in body
    overdue = body[body.index('data-testid="table-overdue"'):]
    assert "=Overdue money" in overdue
    assert asks["overdue"].enabler.full_name in overdue
    assert "South Team" in overdue
    assert 'role="img"' in body
    assert "Asks by theme" in body
    # No one but enablers is named: not whoever made the asks.
    for ask in asks.values():
        if ask.created_by is not None:
            assert ask.created_by.full_name not in body


@pytest.mark.parametrize(("query", "total"), [
    ("team=north", "2"), ("locality=southwick", "3"), ("theme=funding", "2"), ("kind=blocker", "1"),
    (f"date_from={(timezone.localdate() - datetime.timedelta(days=900)).isoformat()}", "6"),
])
def test_the_report_filters(client, user_with_role, asks, query, total):
    client.force_login(user_with_role(Role.ANALYST))
    body = client.get(f"{REPORT}?{query}").content.decode()
    assert f'data-testid="asks-total">{total}<' in body


def test_bad_filters_are_all_shown_at_once(client, user_with_role, asks):
    client.force_login(user_with_role(Role.ANALYST))
    response = client.get(f"{REPORT}?date_from=2026-02-30&team=nowhere&theme=nonsense")
    assert response.status_code == 400
    body = response.content.decode()
    for message in ("Enter a real &#x27;from&#x27; date", "Choose a team from the list",
                    "Choose a theme from the list"):
        assert message in body
    assert client.get(f"{CSV}?date_from=2026-02-30").status_code == 400


@pytest.mark.parametrize(("role", "status"), [
    (Role.ENABLER, 200), (Role.BOARD_MEMBER, 200), (Role.ANALYST, 200), (Role.ADMINISTRATOR, 200),
    (Role.TEAM_MEMBER, 403), (Role.HUB_WORKER, 403), (Role.COACH, 403),
])
def test_who_may_see_the_report(client, user_with_role, role, status):
    client.force_login(user_with_role(role))
    assert client.get(REPORT).status_code == status
    assert client.get(CSV).status_code == status


def test_the_report_is_not_for_the_signed_out(client):
    assert client.get(REPORT).status_code == 302


def test_the_report_makes_the_same_queries_however_many_asks(client, user_with_role, asks):
    client.force_login(user_with_role(Role.ANALYST))

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(REPORT).status_code == 200
        return len(captured)

    count()  # the first request of all also sets up the site's settings
    few = count()
    for n in range(8):
        team = TeamFactory()
        AskFactory(team=team, due_by=timezone.now() - datetime.timedelta(hours=n + 1))
        AskFactory(team=team, status=Ask.Status.GRANTED, answered_at=timezone.now())
    many = count()
    assert many == few, many
    assert 'data-testid="asks-overdue-count">9<' in client.get(REPORT).content.decode()


def test_the_csv_download_is_audited_and_safe_for_spreadsheets(client, user_with_role, asks):
    analyst = user_with_role(Role.ANALYST)
    client.force_login(analyst)
    response = client.get(f"{CSV}?theme=funding")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.getvalue().decode()
    assert body.startswith("\ufeff")  # so spreadsheets read the file as UTF-8
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:6] == ["team", "locality", "kind", "theme", "title", "outcome"]
    assert len(rows) == 3
    titles = {row[4] for row in rows[1:]}
    assert "'=Overdue money" in titles  # a formula is never run by a spreadsheet
    overdue = next(row for row in rows[1:] if row[4] == "'=Overdue money")
    assert overdue[-1] == "yes"
    assert asks["overdue"].detail not in body
    event = AuditEvent.objects.get(event="asks.exported")
    assert event.actor == analyst
    assert event.action == AuditEvent.Action.EXPORTED
    assert "Money and budgets" in event.object_label
