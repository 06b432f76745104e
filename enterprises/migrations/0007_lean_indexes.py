"""Indexes no query uses, dropped: each one cost every write, the import's above all (docs/performance.md).

- the pattern (LIKE) indexes PostgreSQL gets beside the unique USCC and customs code, and beside the
  grade: both codes and the grade are only ever matched exactly;
- the history's copies of the register's indexes on the codes, the grade and the office: the history
  is read by enterprise and by date;
- the ledger's index on the enterprise alone, which ledger_latest_idx (enterprise first) serves.
"""

import django.core.validators
import django.db.models.deletion
import enterprises.uscc
from django.db import migrations, models


PATTERN_INDEXED = ["uscc", "customs_code"]  # unique, so Django made their LIKE indexes itself


def pattern_index(schema_editor, column):
    return schema_editor._create_index_name("enterprises_enterprise", [column], suffix="_like")


def drop_pattern_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in PATTERN_INDEXED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {pattern_index(schema_editor, column)}")


def create_pattern_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in PATTERN_INDEXED:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {pattern_index(schema_editor, column)} "
            f"ON enterprises_enterprise ({column} varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_activity_chain"),
        ("enterprises", "0006_search_indexes"),
        ("rulebooks", "0006_load_certification_parameters"),
    ]

    operations = [
        migrations.RunPython(drop_pattern_indexes, create_pattern_indexes),
        migrations.AlterField(
            model_name="enterprise",
            name="credit_grade",
            field=models.CharField(
                choices=[
                    ("advanced_certified", "Advanced certified enterprise"),
                    ("certified", "Certified enterprise"),
                    ("regular", "Regular enterprise"),
                    ("dishonest", "Dishonest enterprise"),
                    ("seriously_dishonest", "Seriously dishonest enterprise"),
                ],
                default="regular",
                max_length=30,
                verbose_name="credit grade",
            ),
        ),
        migrations.AlterField(
            model_name="historicalenterprise",
            name="credit_grade",
            field=models.CharField(
                choices=[
                    ("advanced_certified", "Advanced certified enterprise"),
                    ("certified", "Certified enterprise"),
                    ("regular", "Regular enterprise"),
                    ("dishonest", "Dishonest enterprise"),
                    ("seriously_dishonest", "Seriously dishonest enterprise"),
                ],
                default="regular",
                max_length=30,
                verbose_name="credit grade",
            ),
        ),
        migrations.AlterField(
            model_name="historicalenterprise",
            name="customs_code",
            field=models.CharField(
                max_length=10,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[0-9A-Z]{10}$", "A customs registration code is 10 digits or capital letters."
                    )
                ],
                verbose_name="customs registration code",
            ),
        ),
        migrations.AlterField(
            model_name="historicalenterprise",
            name="customs_office",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="accounts.customsoffice",
                verbose_name="supervising customs office",
            ),
        ),
        migrations.AlterField(
            model_name="historicalenterprise",
            name="uscc",
            field=models.CharField(
                max_length=18,
                validators=[enterprises.uscc.validate_uscc],
                verbose_name="unified social credit code",
            ),
        ),
        migrations.AlterField(
            model_name="ledgerentry",
            name="enterprise",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="ledger_entries",
                to="enterprises.enterprise",
                verbose_name="enterprise",
            ),
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(fields=["credit_grade"], name="enterprise_grade_idx"),
        ),
    ]
