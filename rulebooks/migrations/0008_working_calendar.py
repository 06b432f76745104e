"""The working-day calendar in the database, one row per year of the State Council's holiday notice,
seeded with the shipped years of rulebooks/data/working_calendar.json."""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from rulebooks.working_days import load_working_calendar


def load(apps, schema_editor):
    load_working_calendar(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("rulebooks", "0007_measure_kind"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalWorkingCalendarYear",
            fields=[
                ("request_id", models.CharField(blank=True, max_length=64, verbose_name="request id")),
                (
                    "ip_address",
                    models.GenericIPAddressField(blank=True, null=True, verbose_name="IP address"),
                ),
                (
                    "year",
                    models.PositiveSmallIntegerField(
                        db_index=True,
                        validators=[
                            django.core.validators.MinValueValidator(2000),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="year",
                    ),
                ),
                (
                    "notice",
                    models.CharField(
                        help_text="The State Council's notice, such as 国务院办公厅关于2026年部分节假日安排的通知.",
                        max_length=200,
                        verbose_name="notice",
                    ),
                ),
                (
                    "notice_number",
                    models.CharField(
                        blank=True,
                        help_text="For example 国办发明电〔2024〕12号.",
                        max_length=50,
                        verbose_name="document number",
                    ),
                ),
                ("notice_date", models.DateField(blank=True, null=True, verbose_name="notice dated")),
                (
                    "source",
                    models.TextField(
                        blank=True,
                        help_text="Where the dates were checked: the official publication, or the reprints compared.",
                        verbose_name="source",
                    ),
                ),
                ("holidays", models.JSONField(blank=True, default=list, verbose_name="holidays")),
                (
                    "make_up_working_days",
                    models.JSONField(blank=True, default=list, verbose_name="make-up working days"),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="last changed")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "entered_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Who entered or last changed it; empty for the shipped data.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="entered by",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical working-day calendar",
                "verbose_name_plural": "historical working-day calendars",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="WorkingCalendarYear",
            fields=[
                (
                    "year",
                    models.PositiveSmallIntegerField(
                        primary_key=True,
                        serialize=False,
                        validators=[
                            django.core.validators.MinValueValidator(2000),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="year",
                    ),
                ),
                (
                    "notice",
                    models.CharField(
                        help_text="The State Council's notice, such as 国务院办公厅关于2026年部分节假日安排的通知.",
                        max_length=200,
                        verbose_name="notice",
                    ),
                ),
                (
                    "notice_number",
                    models.CharField(
                        blank=True,
                        help_text="For example 国办发明电〔2024〕12号.",
                        max_length=50,
                        verbose_name="document number",
                    ),
                ),
                ("notice_date", models.DateField(blank=True, null=True, verbose_name="notice dated")),
                (
                    "source",
                    models.TextField(
                        blank=True,
                        help_text="Where the dates were checked: the official publication, or the reprints compared.",
                        verbose_name="source",
                    ),
                ),
                ("holidays", models.JSONField(blank=True, default=list, verbose_name="holidays")),
                (
                    "make_up_working_days",
                    models.JSONField(blank=True, default=list, verbose_name="make-up working days"),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="last changed")),
                (
                    "entered_by",
                    models.ForeignKey(
                        blank=True,
                        help_text="Who entered or last changed it; empty for the shipped data.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="entered by",
                    ),
                ),
            ],
            options={
                "verbose_name": "working-day calendar",
                "verbose_name_plural": "working-day calendars",
                "ordering": ["-year"],
            },
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
