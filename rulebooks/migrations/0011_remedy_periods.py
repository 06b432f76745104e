"""The remedy periods every decision states (issue 20, section 5): administrative reconsideration
within 60 days (Administrative Reconsideration Law, 2023 revision, Art. 20) and administrative
litigation within 6 months (Administrative Procedure Law, Art. 46)."""

from django.db import migrations, models

from rulebooks.reference import load_rulebooks


def load(apps, schema_editor):
    load_rulebooks(apps.get_model)


def fields():
    return [
        (
            "reconsideration_days",
            models.PositiveSmallIntegerField(
                default=60,
                help_text="Stated in every decision: Administrative Reconsideration Law (2023 revision), Art. 20.",
                verbose_name="administrative reconsideration within (days)",
            ),
        ),
        (
            "litigation_months",
            models.PositiveSmallIntegerField(
                default=6,
                help_text="Stated in every decision: Administrative Procedure Law, Art. 46.",
                verbose_name="administrative litigation within (months)",
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [("rulebooks", "0010_record_rules")]

    operations = [
        *(
            migrations.AddField(model_name=model, name=name, field=field)
            for model in ("rulebook", "historicalrulebook")
            for name, field in fields()
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
