import datetime

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

# The models' defaults (enterprises.models.credit_status), as they stood when this was written.
VALID_DAYS = 30
SOURCE = (
    "(verify) 有效期无法律规定：《海关总署关于规范出具企业信用状况证明有关事项的通知》（署企函〔2022〕80号）"
    "及“出具企业信用状况证明”政务服务事项办事指南（行政确认，办结时限11个工作日，不收费）均未规定证明的有效期；"
    "30日为本系统参数，按《中华人民共和国民法典》第二百零一条自出具次日起算。"
)
VALID_DAYS_HELP = (
    "(verify) No law fixes it. Counted from the day after the day of issue (Civil Code, Art. 201): a "
    "certificate of 1 April valid for 30 days holds until 1 May."
)


def seed_policy(apps, schema_editor):
    """The validity in force from the first rulebook the system holds (Order 251, 2021-11-01)."""
    policy = apps.get_model("enterprises", "CreditStatusPolicy")
    policy.objects.get_or_create(
        effective_from=datetime.date(2021, 11, 1), defaults={"valid_days": VALID_DAYS, "source": SOURCE}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0010_public_objections"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CreditStatusNumberCounter",
            fields=[
                (
                    "year",
                    models.PositiveSmallIntegerField(primary_key=True, serialize=False, verbose_name="year"),
                ),
                ("last", models.PositiveIntegerField(default=0, verbose_name="last number")),
            ],
            options={
                "verbose_name": "credit status certificate number counter",
                "verbose_name_plural": "credit status certificate number counters",
            },
        ),
        migrations.CreateModel(
            name="CreditStatusPolicy",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("effective_from", models.DateField(unique=True, verbose_name="effective from")),
                (
                    "valid_days",
                    models.PositiveSmallIntegerField(
                        default=VALID_DAYS,
                        help_text=VALID_DAYS_HELP,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(366),
                        ],
                        verbose_name="valid for (days)",
                    ),
                ),
                ("source", models.TextField(default=SOURCE, verbose_name="source")),
            ],
            options={
                "verbose_name": "credit status certificate policy",
                "verbose_name_plural": "credit status certificate policies",
                "ordering": ["-effective_from"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalCreditStatusPolicy",
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
                ("effective_from", models.DateField(db_index=True, verbose_name="effective from")),
                (
                    "valid_days",
                    models.PositiveSmallIntegerField(
                        default=VALID_DAYS,
                        help_text=VALID_DAYS_HELP,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(366),
                        ],
                        verbose_name="valid for (days)",
                    ),
                ),
                ("source", models.TextField(default=SOURCE, verbose_name="source")),
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
                "verbose_name": "historical credit status certificate policy",
                "verbose_name_plural": "historical credit status certificate policies",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="CreditStatusCertificate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.CharField(max_length=30, unique=True, verbose_name="certificate number")),
                (
                    "grade",
                    models.CharField(
                        choices=[
                            ("advanced_certified", "Advanced certified enterprise"),
                            ("certified", "Certified enterprise"),
                            ("regular", "Regular enterprise"),
                            ("dishonest", "Dishonest enterprise"),
                            ("seriously_dishonest", "Seriously dishonest enterprise"),
                        ],
                        max_length=30,
                        verbose_name="grade",
                    ),
                ),
                ("grade_since", models.DateField(verbose_name="grade held since")),
                ("purpose", models.CharField(blank=True, max_length=200, verbose_name="purpose")),
                ("content", models.JSONField(default=dict, verbose_name="content")),
                ("issued_on", models.DateField(verbose_name="issued on")),
                ("valid_until", models.DateField(verbose_name="valid until")),
                ("issued_at", models.DateTimeField(auto_now_add=True, verbose_name="issued at")),
                (
                    "enterprise",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="credit_status_certificates",
                        to="enterprises.enterprise",
                        verbose_name="enterprise",
                    ),
                ),
                (
                    "issued_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="issued by",
                    ),
                ),
                (
                    "ledger_entry",
                    models.ForeignKey(
                        help_text="A later entry with another grade ends the certificate's validity.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="enterprises.ledgerentry",
                        verbose_name="latest ledger entry",
                    ),
                ),
                (
                    "rulebook",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="rulebooks.rulebook",
                        verbose_name="graded under",
                    ),
                ),
            ],
            options={
                "verbose_name": "credit status certificate",
                "verbose_name_plural": "credit status certificates",
                "ordering": ["-issued_on", "-id"],
                "indexes": [
                    models.Index(
                        fields=["enterprise", "-issued_on", "-id"], name="credit_status_enterprise_idx"
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("valid_until__gte", models.F("issued_on"))),
                        name="credit_status_valid_after_issue",
                    )
                ],
            },
        ),
        migrations.RunPython(seed_policy, migrations.RunPython.noop),
    ]
