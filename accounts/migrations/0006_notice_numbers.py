"""Document numbers in each directly-under customs' own format: its prefix and a counter per year."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

from accounts.offices import load_office_rows, read_office_rows

PREFIX = models.CharField(
    blank=True,
    help_text=(
        "Directly-under customs only: the words before the year in the numbers of its notices and "
        "decisions, such as 西关信字 for 西关信字〔2026〕12号. Empty: the office's full name followed by 信字."
    ),
    max_length=20,
    validators=[
        django.core.validators.RegexValidator(
            "^[^\\s〔〕\\[\\]()（）0-9]+$",
            "A prefix is the words before the year, such as 西关信字: no spaces, brackets or digits.",
        )
    ],
    verbose_name="document-number prefix",
)


def load_prefixes(apps, schema_editor):
    """The prefixes the office file ships (an administrator's own prefix is kept)."""
    load_office_rows(apps.get_model("accounts", "CustomsOffice"), read_office_rows())


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_superuser_is_administrator")]

    operations = [
        migrations.AddField(model_name="customsoffice", name="document_prefix", field=PREFIX),
        migrations.AddField(model_name="historicalcustomsoffice", name="document_prefix", field=PREFIX),
        migrations.CreateModel(
            name="DocumentNumberCounter",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("last", models.PositiveIntegerField(default=0, verbose_name="last number")),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.customsoffice",
                        verbose_name="customs office",
                    ),
                ),
            ],
            options={
                "verbose_name": "document number counter",
                "verbose_name_plural": "document number counters",
                "ordering": ["office", "-year"],
                "constraints": [
                    models.UniqueConstraint(fields=("office", "year"), name="one_document_counter_per_office_year")
                ],
            },
        ),
        migrations.RunPython(load_prefixes, migrations.RunPython.noop),
    ]
