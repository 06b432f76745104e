"""Dated rules that leave penalties out of the credit criteria (issue 20, section 2).

Adds the record rules (GAC Announcement 2023 No. 170 on violations without subjective intent of
non-brokers; the announcements on voluntary disclosure, 2019 No. 161, 2022 No. 54, 2023 No. 127 and
2025 No. 194), names serious-list item 1 as Order 251 Art. 23(1) reads it, and refreshes the shipped
rulebooks from rulebooks/data/rulebooks.json.
"""

import django.db.models.deletion
from django.db import migrations, models

from rulebooks.reference import load_rulebooks


def load(apps, schema_editor):
    load_rulebooks(apps.get_model)


CRITERION_KINDS = [
    ("criminal_smuggling", "Criminal liability for smuggling"),
    ("administrative_smuggling", "Smuggling punished administratively"),
    ("supervision_violations", "Supervision-rule violations above a ratio"),
    ("tax_arrears", "Tax unpaid after it fell due"),
    ("fine_arrears", "Fines or confiscations unpaid after they fell due"),
    ("obstruction", "Obstructing customs officers"),
    ("bribery", "Bribing customs officers"),
    (
        "serious_smuggling",
        "Crime against the import/export food-safety or cosmetics rules, or smuggling solid waste",
    ),
    ("solid_waste_fine", "Large fine for illegally importing solid waste"),
    ("other_by_law", "Other cases set by law"),
]


class Migration(migrations.Migration):
    dependencies = [("rulebooks", "0009_order282_corrections")]

    operations = [
        migrations.AlterField(
            model_name="dishonestcriterion",
            name="kind",
            field=models.CharField(choices=CRITERION_KINDS, max_length=30, verbose_name="kind"),
        ),
        migrations.CreateModel(
            name="RecordRule",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(verbose_name="code")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            (
                                "unintentional_non_broker",
                                "Violations without subjective intent of non-brokers left out of the "
                                "supervision-rule criterion",
                            ),
                            ("voluntary_disclosure", "Voluntarily disclosed violations left out of the credit criteria"),
                        ],
                        max_length=30,
                        verbose_name="kind",
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        help_text="The announcement's number and title.", max_length=200, verbose_name="title (Chinese)"
                    ),
                ),
                ("title_en", models.CharField(max_length=300, verbose_name="title (English)")),
                ("effective_from", models.DateField(verbose_name="applies from")),
                (
                    "effective_to",
                    models.DateField(
                        blank=True, help_text="Empty: no end date is stated.", null=True, verbose_name="applies until"
                    ),
                ),
                (
                    "fine_limit",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="Voluntary disclosure: a warning or a fine up to this amount is left out.",
                        max_digits=14,
                        null=True,
                        verbose_name="fine at most (RMB)",
                    ),
                ),
                (
                    "source",
                    models.TextField(
                        blank=True,
                        help_text=(
                            "Where the text and dates come from; '(verify)' marks what the published text did "
                            "not confirm."
                        ),
                        verbose_name="source",
                    ),
                ),
                (
                    "rulebook",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="record_rules",
                        to="rulebooks.rulebook",
                        verbose_name="rulebook",
                    ),
                ),
            ],
            options={
                "verbose_name": "record rule",
                "verbose_name_plural": "record rules",
                "ordering": ["rulebook", "kind", "effective_from"],
                "constraints": [
                    models.UniqueConstraint(fields=("rulebook", "code"), name="record_rule_code_per_rulebook"),
                    models.CheckConstraint(
                        condition=models.Q(effective_to__isnull=True)
                        | models.Q(effective_to__gte=models.F("effective_from")),
                        name="record_rule_ends_after_it_starts",
                    ),
                ],
            },
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
