"""Measures carry the kind of their figure (absolute floor, relative ceiling, flag, amount).

Existing databases hold the shipped measures with bare figures ("0.8" for the dishonest grade's
inspection rate), so the kinds, rates, bases and sources are loaded from the rulebook file here.
Measures of versions an administrator made take the kind of the shipped measure they were copied
from (same grade and code); a figure nothing explains stops the migration rather than be guessed.
"""

import json

from django.db import migrations, models

from rulebooks.reference import RULEBOOK_FILE, load_rulebooks

TYPED = ("kind", "metric", "basis", "inclusive", "source")


def set_kinds(apps, schema_editor):
    load_rulebooks(apps.get_model, only=("measures",))
    with open(RULEBOOK_FILE, encoding="utf-8") as handle:
        shipped = json.load(handle)["rulebooks"]
    Measure = apps.get_model("rulebooks", "Measure")
    codes = [spec["code"] for spec in shipped]
    by_key = {}
    for spec in shipped:
        for row in spec["measures"]:
            by_key.setdefault((row["grade"], row["code"]), row)
    unexplained = []
    for measure in Measure.objects.exclude(rulebook__code__in=codes).select_related("rulebook"):
        row = by_key.get((measure.grade, measure.code))
        if row is None:
            if measure.value.strip():
                unexplained.append(f"{measure.rulebook.code}/{measure.grade}/{measure.code}={measure.value}")
            continue
        for field in TYPED:
            setattr(measure, field, row.get(field, Measure._meta.get_field(field).get_default()))
        if row["kind"] == "flag":
            measure.value = ""
        measure.save()
    if unexplained:
        raise RuntimeError(
            "These measures have a figure of unknown kind; give each a kind in rulebooks.json "
            "or clear its value, then migrate again: " + ", ".join(unexplained)
        )
    if schema_editor.connection.vendor == "postgresql":
        # The constraints below are added in this transaction: settle the deferred checks first.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [("rulebooks", "0006_load_certification_parameters")]

    operations = [
        migrations.AddField(
            model_name="measure",
            name="kind",
            field=models.CharField(
                choices=[
                    ("absolute_floor", "Absolute floor"),
                    ("relative_ceiling", "Relative ceiling"),
                    ("flag", "Flag"),
                    ("amount", "Amount"),
                ],
                default="flag",
                help_text=(
                    "How the value is read: a floor or ceiling of a rate, a flag without a figure, an amount."
                ),
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="measure",
            name="value",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Floors and ceilings: a share from 0 to 1 (80% may be typed as 80%). Amounts: RMB. "
                    "Flags: empty."
                ),
                max_length=50,
                verbose_name="value",
            ),
        ),
        migrations.AddField(
            model_name="measure",
            name="metric",
            field=models.CharField(
                blank=True,
                choices=[
                    ("inspection_rate", "inspection rate"),
                    ("origin_verification_rate", "origin-verification sampling ratio"),
                ],
                help_text="The rate a floor or ceiling bounds.",
                max_length=30,
                verbose_name="rate",
            ),
        ),
        migrations.AddField(
            model_name="measure",
            name="basis",
            field=models.CharField(
                blank=True,
                choices=[
                    ("regular_enterprises", "enterprises under regular measures"),
                    ("all_enterprises", "all enterprises"),
                ],
                help_text="A relative ceiling is a share of the average rate of these enterprises.",
                max_length=30,
                verbose_name="relative to the average of",
            ),
        ),
        migrations.AddField(
            model_name="measure",
            name="inclusive",
            field=models.BooleanField(
                default=True,
                help_text=(
                    "On: the figure itself is allowed ('80% or more', 'at most 20%'). "
                    "Off: it is not ('below 20%')."
                ),
                verbose_name="figure included",
            ),
        ),
        migrations.AddField(
            model_name="measure",
            name="source",
            field=models.TextField(
                blank=True,
                help_text="Article and references; '(verify)' marks figures to check.",
                verbose_name="source",
            ),
        ),
        migrations.RunPython(set_kinds, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="measure",
            constraint=models.CheckConstraint(
                condition=~models.Q(kind="flag") | models.Q(value=""), name="measure_flag_has_no_value"
            ),
        ),
        migrations.AddConstraint(
            model_name="measure",
            constraint=models.CheckConstraint(
                condition=~models.Q(kind__in=["absolute_floor", "relative_ceiling", "amount"])
                | ~models.Q(value=""),
                name="measure_figure_has_a_value",
            ),
        ),
        migrations.AddConstraint(
            model_name="measure",
            constraint=models.CheckConstraint(
                condition=~models.Q(kind__in=["absolute_floor", "relative_ceiling"]) | ~models.Q(metric=""),
                name="measure_rate_has_a_metric",
            ),
        ),
        migrations.AddConstraint(
            model_name="measure",
            constraint=models.CheckConstraint(
                condition=(models.Q(kind="relative_ceiling") & ~models.Q(basis=""))
                | (~models.Q(kind="relative_ceiling") & models.Q(basis="")),
                name="measure_basis_only_for_relative_ceiling",
            ),
        ),
    ]
