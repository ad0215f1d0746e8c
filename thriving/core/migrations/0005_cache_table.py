"""The table of the shared cache (`thriving.core.cache.DatabaseCache`, used when no CACHE_URL is set),
created by `thriving migrate` so that operators need no `createcachetable` step. Django's own
command makes it, and leaves an existing table alone."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "thriving_cache"


def create_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_alter_membership_role"),
    ]

    operations = [
        migrations.RunPython(create_table, drop_table, elidable=False),
    ]
