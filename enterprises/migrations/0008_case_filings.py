"""Case filings: criminal and administrative cases filed against an enterprise, as credit events."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0007_lean_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalCaseFiling",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("request_id", models.CharField(blank=True, max_length=64, verbose_name="request id")),
                (
                    "ip_address",
                    models.GenericIPAddressField(blank=True, null=True, verbose_name="IP address"),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("criminal", "Criminal case filed"),
                            ("administrative", "Administrative case filed"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "case_number",
                    models.CharField(
                        db_index=True,
                        help_text="The number of the filing decision, for example 西关缉刑立字〔2026〕12号.",
                        max_length=60,
                        verbose_name="filing number",
                    ),
                ),
                (
                    "filing_authority",
                    models.CharField(
                        help_text="For example 西宁海关缉私局.",
                        max_length=200,
                        verbose_name="filing authority",
                    ),
                ),
                ("filed_on", models.DateField(verbose_name="filed on")),
                ("description", models.TextField(blank=True, verbose_name="suspected offence")),
                (
                    "suspends_measures",
                    models.BooleanField(
                        default=False,
                        help_text="Always for a criminal case; for an administrative case when the officer decides to suspend.",
                        verbose_name="AEO measures suspended",
                    ),
                ),
                ("closed_on", models.DateField(blank=True, null=True, verbose_name="case closed on")),
                (
                    "outcome",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("no_liability", "Closed without liability"),
                            ("liability", "Liability established"),
                        ],
                        max_length=20,
                        verbose_name="outcome",
                    ),
                ),
                ("outcome_note", models.TextField(blank=True, verbose_name="outcome note")),
                ("created_at", models.DateTimeField(blank=True, editable=False, verbose_name="recorded")),
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
                    "enterprise",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="enterprises.enterprise",
                        verbose_name="enterprise",
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
                (
                    "penalty",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The penalty or judgment recorded in the credit records when liability was established.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="enterprises.penalty",
                        verbose_name="penalty decision",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recorded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical case filing",
                "verbose_name_plural": "historical case filings",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="CaseFiling",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("criminal", "Criminal case filed"),
                            ("administrative", "Administrative case filed"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "case_number",
                    models.CharField(
                        help_text="The number of the filing decision, for example 西关缉刑立字〔2026〕12号.",
                        max_length=60,
                        unique=True,
                        verbose_name="filing number",
                    ),
                ),
                (
                    "filing_authority",
                    models.CharField(
                        help_text="For example 西宁海关缉私局.",
                        max_length=200,
                        verbose_name="filing authority",
                    ),
                ),
                ("filed_on", models.DateField(verbose_name="filed on")),
                ("description", models.TextField(blank=True, verbose_name="suspected offence")),
                (
                    "suspends_measures",
                    models.BooleanField(
                        default=False,
                        help_text="Always for a criminal case; for an administrative case when the officer decides to suspend.",
                        verbose_name="AEO measures suspended",
                    ),
                ),
                ("closed_on", models.DateField(blank=True, null=True, verbose_name="case closed on")),
                (
                    "outcome",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("no_liability", "Closed without liability"),
                            ("liability", "Liability established"),
                        ],
                        max_length=20,
                        verbose_name="outcome",
                    ),
                ),
                ("outcome_note", models.TextField(blank=True, verbose_name="outcome note")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="recorded")),
                (
                    "enterprise",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="case_filings",
                        to="enterprises.enterprise",
                        verbose_name="enterprise",
                    ),
                ),
                (
                    "penalty",
                    models.ForeignKey(
                        blank=True,
                        help_text="The penalty or judgment recorded in the credit records when liability was established.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="case_filings",
                        to="enterprises.penalty",
                        verbose_name="penalty decision",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recorded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "case filing",
                "verbose_name_plural": "case filings",
                "ordering": ["-filed_on", "-id"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("closed_on__isnull", True), ("suspends_measures", True)),
                        fields=["enterprise", "filed_on"],
                        name="open_suspending_filing_idx",
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("kind", "criminal"), _negated=True),
                            ("suspends_measures", True),
                            _connector="OR",
                        ),
                        name="criminal_filing_suspends_measures",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("closed_on__isnull", True), ("outcome", "")),
                            models.Q(
                                ("closed_on__isnull", False), ("outcome__in", ["no_liability", "liability"])
                            ),
                            _connector="OR",
                        ),
                        name="closed_filing_has_outcome",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("closed_on__isnull", True),
                            ("closed_on__gte", models.F("filed_on")),
                            _connector="OR",
                        ),
                        name="filing_closes_after_filed",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("penalty__isnull", True), ("outcome", "liability"), _connector="OR"
                        ),
                        name="filing_penalty_only_with_liability",
                    ),
                ],
            },
        ),
    ]
