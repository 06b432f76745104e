"""Credit status certificates (企业信用状况证明): customs' signed statement of an enterprise's credit.

A certificate is issued at once from the ledger and is never changed afterwards: what it states is
what the ledger said on its day. Whether it may still be relied on is worked out when it is read
(`CreditStatusCertificate.validity_on`): until its last valid day, and only while no later ledger
entry has changed the grade it states.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.audit import AuditedHistoricalModel
from core.errors import InvariantViolation
from enterprises.models.ledger import LedgerEntry
from enterprises.models.register import Enterprise
from rulebooks.models import CreditGrade, Rulebook

CONTEXT = "credit status certificate"

# No law, GAC notice or service guide sets how long a credit status certificate stays valid:
# 署企函〔2022〕80号 and the customs service guide for 出具企业信用状况证明 (行政确认, 11 working days,
# free of charge) say who issues it and how, not for how long it holds. 30 days is this system's
# own choice, an administrator's parameter (CreditStatusPolicy), to be checked against the practice
# of the issuing customs.
DEFAULT_VALID_DAYS = 30
DEFAULT_POLICY_SOURCE = (
    "(verify) 有效期无法律规定：《海关总署关于规范出具企业信用状况证明有关事项的通知》（署企函〔2022〕80号）"
    "及“出具企业信用状况证明”政务服务事项办事指南（行政确认，办结时限11个工作日，不收费）均未规定证明的有效期；"
    "30日为本系统参数，按《中华人民共和国民法典》第二百零一条自出具次日起算。"
)


class CreditStatusPolicy(models.Model):
    """How long the credit status certificates issued from `effective_from` on stay valid.

    An administrator's parameter, not the law's (see DEFAULT_POLICY_SOURCE): the newest row in effect
    on the day of issue applies; with no row, the field defaults do. A certificate keeps the validity
    it was issued with.
    """

    effective_from = models.DateField(_("effective from"), unique=True)
    valid_days = models.PositiveSmallIntegerField(
        _("valid for (days)"),
        default=DEFAULT_VALID_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text=_(
            "(verify) No law fixes it. Counted from the day after the day of issue (Civil Code, "
            "Art. 201): a certificate of 1 April valid for 30 days holds until 1 May."
        ),
    )
    source = models.TextField(_("source"), default=DEFAULT_POLICY_SOURCE)

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("credit status certificate policy")
        verbose_name_plural = _("credit status certificate policies")

    def __str__(self):
        return f"{self.effective_from}: {self.valid_days}"

    def valid_until(self, issued_on):
        """The last day a certificate issued on `issued_on` holds (the day of issue is not counted)."""
        return issued_on + datetime.timedelta(days=self.valid_days)


class CreditStatusCertificateQuerySet(models.QuerySet):
    def with_validity(self):
        """Annotated with `grade_changed_on`: the first day a ledger entry recorded after the
        certificate's own gave another grade (None while the grade it states stands)."""
        later = (
            LedgerEntry.objects.filter(enterprise=OuterRef("enterprise"), pk__gt=OuterRef("ledger_entry"))
            .exclude(grade=OuterRef("grade"))
            .order_by("effective_from", "id")
            .values("effective_from")[:1]
        )
        return self.annotate(grade_changed_on=Subquery(later))


class CreditStatusCertificate(models.Model):
    """One issued certificate: what the ledger said on `issued_on`, frozen. Append-only."""

    class Validity(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        SUPERSEDED = "superseded", _("Superseded by a change of grade")

    number = models.CharField(pgettext_lazy(CONTEXT, "certificate number"), max_length=30, unique=True)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="credit_status_certificates",
        db_index=False,  # credit_status_enterprise_idx begins with it
    )
    ledger_entry = models.ForeignKey(
        LedgerEntry,
        verbose_name=_("latest ledger entry"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A later entry with another grade ends the certificate's validity."),
    )
    grade = models.CharField(_("grade"), max_length=30, choices=CreditGrade.choices)
    grade_since = models.DateField(_("grade held since"))
    rulebook = models.ForeignKey(
        Rulebook,
        verbose_name=_("graded under"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    content = models.JSONField(_("content"), default=dict)
    issued_on = models.DateField(pgettext_lazy(CONTEXT, "issued on"))
    valid_until = models.DateField(_("valid until"))
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy(CONTEXT, "issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CreditStatusCertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("credit status certificate")
        verbose_name_plural = _("credit status certificates")
        indexes = [
            models.Index(fields=["enterprise", "-issued_on", "-id"], name="credit_status_enterprise_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("issued_on")), name="credit_status_valid_after_issue"
            ),
        ]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise InvariantViolation("Credit status certificates are never changed once issued.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise InvariantViolation("Credit status certificates are never deleted.")

    def validity_on(self, day):
        """Valid, expired or superseded on `day`; read from a queryset `with_validity()`.

        Superseded from the day a later ledger entry changed the grade, whatever the date; expired
        after `valid_until`, its last valid day.
        """
        changed_on = self.grade_changed_on
        if changed_on is not None and changed_on <= day:
            return self.Validity.SUPERSEDED
        if day > self.valid_until:
            return self.Validity.EXPIRED
        return self.Validity.VALID

    @property
    def validity(self):
        """Today's validity (see `validity_on`)."""
        return self.validity_on(timezone.localdate())


class CreditStatusNumberCounter(models.Model):
    """The last credit status certificate number of a year; numbers are never reused."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("credit status certificate number counter")
        verbose_name_plural = _("credit status certificate number counters")

    def __str__(self):
        return f"{self.year}: {self.last}"
