"""Order 251 and Order 282 as the published texts read them (issue 20, section 1).

Adds the `source` notes, lets a criterion's article be unknown,
and refreshes the shipped rulebooks from rulebooks/data/rulebooks.json in databases that already
hold them: Order 282's title and middle grade (常规企业), Order 251's regular tier, Order 282's
articles (unknown until its text is confirmed, never Order 251's numbers), Order 251's ungraded
publication period, and look-back windows only where the text states one (criterion 3).
"""

from django.db import migrations, models

from rulebooks.reference import load_rulebooks


def load(apps, schema_editor):
    load_rulebooks(apps.get_model)


SOURCE_HELP = (
    "Where the text and figures come from; '(verify)' marks what the published text did not confirm."
)


class Migration(migrations.Migration):
    dependencies = [("rulebooks", "0008_working_calendar")]

    operations = [
        migrations.AddField(
            model_name="rulebook",
            name="source",
            field=models.TextField(blank=True, help_text=SOURCE_HELP, verbose_name="source"),
        ),
        migrations.AddField(
            model_name="historicalrulebook",
            name="source",
            field=models.TextField(blank=True, help_text=SOURCE_HELP, verbose_name="source"),
        ),
        migrations.AddField(
            model_name="rulebookgrade",
            name="source",
            field=models.TextField(blank=True, verbose_name="source"),
        ),
        migrations.AddField(
            model_name="publicationperiod",
            name="source",
            field=models.TextField(blank=True, verbose_name="source"),
        ),
        migrations.AddField(
            model_name="dishonestcriterion",
            name="source",
            field=models.TextField(blank=True, verbose_name="source"),
        ),
        migrations.AlterField(
            model_name="dishonestcriterion",
            name="article",
            field=models.CharField(
                blank=True,
                help_text="For example 'Art. 22(3)'. Empty while the published text does not confirm the number.",
                max_length=50,
                null=True,
                verbose_name="article",
            ),
        ),
        migrations.AlterField(
            model_name="dishonestcriterion",
            name="window_months",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text=(
                    "Records older than this do not count. Empty where the law states no window: records then "
                    "count for the rulebook's automatic-repair period."
                ),
                null=True,
                verbose_name="look-back window (months)",
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
