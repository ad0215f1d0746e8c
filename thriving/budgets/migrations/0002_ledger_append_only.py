"""The ledger is append-only in the database itself: triggers refuse UPDATE, DELETE and TRUNCATE
of movements and entries, as they do for the audit trail (`thriving/core/audit_guard.py`)."""

from django.db import migrations

from thriving.core import audit_guard

TABLES = ["budgets_movement", "budgets_entry"]


def install(apps, schema_editor):
    for table in TABLES:
        audit_guard.install_table(schema_editor.connection, table)


def remove(apps, schema_editor):
    for table in TABLES:
        audit_guard.remove_table(schema_editor.connection, table)


class Migration(migrations.Migration):
    dependencies = [("budgets", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
