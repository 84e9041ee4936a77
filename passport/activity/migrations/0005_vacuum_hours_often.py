"""Have PostgreSQL vacuum the hours entries after a few thousand changed rows rather than a fifth of the table.

The impact refresh checks its hours tally with an index-only scan of `confirmed_hours` (8.5M entries at national
scale). Every confirmation leaves its table page "not all-visible" until a vacuum, and the scan then reads that page
for each of its entries: 7,300 confirmations left 102,000 entries to fetch from the table. By default autovacuum
waits for 20% of the rows (2M) to change, which at human rates is months; and with so few dead rows it skips the
index clean-up, which leaves those pages not all-visible, so the clean-up is turned on (3.5 s a vacuum at 10M rows).
SQLite has no such setting."""

from django.db import migrations

SETTINGS = ("autovacuum_vacuum_scale_factor", "autovacuum_vacuum_threshold",
            "autovacuum_vacuum_insert_scale_factor", "autovacuum_vacuum_insert_threshold", "vacuum_index_cleanup")


def vacuum_often(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("ALTER TABLE activity_hoursentry SET (autovacuum_vacuum_scale_factor = 0, "
                           "autovacuum_vacuum_threshold = 2000, autovacuum_vacuum_insert_scale_factor = 0, "
                           "autovacuum_vacuum_insert_threshold = 10000, vacuum_index_cleanup = on)")


def vacuum_by_default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE activity_hoursentry RESET ({', '.join(SETTINGS)})")


class Migration(migrations.Migration):
    dependencies = [
        ("activity", "0004_confirmed_hours"),
    ]

    operations = [
        migrations.RunPython(vacuum_often, vacuum_by_default),
    ]
