"""The database's own guard on the audit trail: triggers that refuse UPDATE, DELETE and TRUNCATE.

Installed by migration core/0002. `suspend` exists for one reason: a test database must be
flushed between browser tests; nothing in the application calls it.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

SQLITE_ENABLE = [
    """CREATE TRIGGER IF NOT EXISTS core_auditevent_no_update BEFORE UPDATE ON core_auditevent
       BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS core_auditevent_no_delete BEFORE DELETE ON core_auditevent
       BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""",
]
SQLITE_SUSPEND = [
    "DROP TRIGGER IF EXISTS core_auditevent_no_update",
    "DROP TRIGGER IF EXISTS core_auditevent_no_delete",
]
POSTGRESQL_INSTALL = [
    """CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END; $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS core_auditevent_no_change ON core_auditevent",
    """CREATE TRIGGER core_auditevent_no_change BEFORE UPDATE OR DELETE ON core_auditevent
       FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only()""",
    "DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent",
    """CREATE TRIGGER core_auditevent_no_truncate BEFORE TRUNCATE ON core_auditevent
       FOR EACH STATEMENT EXECUTE FUNCTION core_auditevent_append_only()""",
]
POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS core_auditevent_no_change ON core_auditevent",
    "DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent",
    "DROP FUNCTION IF EXISTS core_auditevent_append_only()",
]


def _run(connection: BaseDatabaseWrapper, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(connection: BaseDatabaseWrapper) -> None:
    _run(connection, {"sqlite": SQLITE_ENABLE, "postgresql": POSTGRESQL_INSTALL}.get(connection.vendor, []))


def remove(connection: BaseDatabaseWrapper) -> None:
    _run(connection, {"sqlite": SQLITE_SUSPEND, "postgresql": POSTGRESQL_REMOVE}.get(connection.vendor, []))


def enable(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "postgresql":
        _run(connection, ["ALTER TABLE core_auditevent ENABLE TRIGGER USER"])
    else:
        install(connection)


def suspend(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "postgresql":
        _run(connection, ["ALTER TABLE core_auditevent DISABLE TRIGGER USER"])
    else:
        remove(connection)
