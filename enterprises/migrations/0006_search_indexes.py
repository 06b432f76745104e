"""Indexes for searching two million enterprises (EXPLAIN plans in docs/performance.md).

- trigram GIN indexes on the Chinese name and the upper-cased English name: the search is a
  substring match (`LIKE '%...%'`), which no B-tree can serve;
- (name, id), the register's default order, so a page of the list reads 20 index entries instead
  of sorting the register.
The trigram indexes are PostgreSQL's (pg_trgm); the embedded SQLite of the demo scans instead.
"""

from django.db import migrations, models

TRIGRAM_INDEXES = [
    ("enterprise_name_trgm", "name"),
    ("enterprise_name_en_trgm", "upper(name_en::text)"),
]


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON enterprises_enterprise "
            f"USING gin ({expression} gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _ in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0005_cultivation_flags")]

    operations = [
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(fields=["name", "id"], name="enterprise_name_order_idx"),
        ),
    ]
