"""The database's own guard on append-only tables: triggers that refuse UPDATE, DELETE and
TRUNCATE. The audit trail (`core_auditevent`, installed by migration core/0002) is one; an app
whose table must be append-only too (the budgets ledger) installs the same guard from its own
migration with `install_table` and names the table in `APPEND_ONLY` so tests can lift it.

`suspend` exists for one reason: a test database must be flushed between browser tests; nothing
in the application calls it.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

# Every append-only table and the message the database refuses a change with.
APPEND_ONLY: dict[str, str] = {
    "core_auditevent": "the audit trail is append-only",
    "budgets_movement": "the ledger is append-only: correct a movement with a reversal",
    "budgets_entry": "the ledger is append-only: correct a movement with a reversal",
}


def _sqlite_enable(table: str, message: str) -> list[str]:
    return [
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}
       BEGIN SELECT RAISE(ABORT, '{message}'); END""",
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table}
       BEGIN SELECT RAISE(ABORT, '{message}'); END""",
    ]


def _sqlite_suspend(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_no_update", f"DROP TRIGGER IF EXISTS {table}_no_delete"]


def _postgresql_install(table: str, message: str) -> list[str]:
    return [
        f"""CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql""",
        f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}",
        f"""CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table}
       FOR EACH ROW EXECUTE FUNCTION {table}_append_only()""",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
       FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()""",
    ]


def _postgresql_remove(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        f"DROP FUNCTION IF EXISTS {table}_append_only()",
    ]


def _run(connection: BaseDatabaseWrapper, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _existing(connection: BaseDatabaseWrapper) -> list[str]:
    tables = set(connection.introspection.table_names())
    return [table for table in APPEND_ONLY if table in tables]


def install_table(connection: BaseDatabaseWrapper, table: str) -> None:
    """Make one table append-only (called by the migration that creates it)."""
    message = APPEND_ONLY[table]
    if connection.vendor == "sqlite":
        _run(connection, _sqlite_enable(table, message))
    elif connection.vendor == "postgresql":
        _run(connection, _postgresql_install(table, message))


def remove_table(connection: BaseDatabaseWrapper, table: str) -> None:
    if connection.vendor == "sqlite":
        _run(connection, _sqlite_suspend(table))
    elif connection.vendor == "postgresql":
        _run(connection, _postgresql_remove(table))


def install(connection: BaseDatabaseWrapper) -> None:
    """The audit trail's guard (migration core/0002)."""
    install_table(connection, "core_auditevent")


def remove(connection: BaseDatabaseWrapper) -> None:
    remove_table(connection, "core_auditevent")


def enable(connection: BaseDatabaseWrapper) -> None:
    """Every append-only table's guard on again, after `suspend`."""
    for table in _existing(connection):
        if connection.vendor == "postgresql":
            _run(connection, [f"ALTER TABLE {table} ENABLE TRIGGER USER"])
        else:
            install_table(connection, table)


def suspend(connection: BaseDatabaseWrapper) -> None:
    """Lift every append-only table's guard, for the flush between browser tests only."""
    for table in _existing(connection):
        if connection.vendor == "postgresql":
            _run(connection, [f"ALTER TABLE {table} DISABLE TRIGGER USER"])
        else:
            remove_table(connection, table)
