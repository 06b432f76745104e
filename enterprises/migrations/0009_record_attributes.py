from django.db import migrations, models

KINDS = [
    ("criminal_smuggling", "Criminal smuggling"),
    ("administrative_smuggling", "Administrative smuggling"),
    ("supervision_violation", "Supervision-rule violation"),
    ("obstruction", "Obstructing customs officers"),
    ("bribery", "Bribing customs officers"),
    ("criminal_food_safety", "Crime against the import/export food-safety rules"),
    ("criminal_cosmetics", "Crime against the import/export cosmetics rules"),
]


def _fields(model_name):
    return [
        migrations.AlterField(
            model_name=model_name,
            name="kind",
            field=models.CharField(choices=KINDS, max_length=30, verbose_name="kind"),
        ),
        migrations.AlterField(
            model_name=model_name,
            name="is_intentional",
            field=models.BooleanField(
                default=True,
                help_text="Off for a violation without subjective intent (非主观故意).",
                verbose_name="subjective intent",
            ),
        ),
        migrations.AddField(
            model_name=model_name,
            name="disclosed_on",
            field=models.DateField(
                blank=True,
                help_text=(
                    "The day the enterprise disclosed the violation to customs on its own, before customs "
                    "found it (主动披露). Empty: not voluntarily disclosed."
                ),
                null=True,
                verbose_name="voluntarily disclosed on",
            ),
        ),
        migrations.AddField(
            model_name=model_name,
            name="disclosure_basis",
            field=models.CharField(
                blank=True,
                db_default="",
                default="",
                help_text=(
                    "The GAC announcement on voluntary disclosure customs applied; left empty, the "
                    "rulebook's announcement in force on the day of the disclosure."
                ),
                max_length=200,
                verbose_name="disclosure basis",
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0008_case_filings")]

    operations = [*_fields("penalty"), *_fields("historicalpenalty")]
