"""AEO certificates and the counter their numbers come from."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.audit import AuditedHistoricalModel
from enterprises.models import AEO_CODE_PREFIX, CaseFiling, Enterprise, LedgerEntry
from rulebooks.models import CreditGrade, Rulebook


class Certificate(models.Model):
    class Status(models.TextChoices):
        """Codes of the published API."""

        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        REVOKED = "revoked", _("Revoked")
        SURRENDERED = "surrendered", _("Surrendered")

    number = models.CharField(_("certificate number"), max_length=30, unique=True)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="certificates"
    )
    application = models.OneToOneField(
        "certification.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_certificate",
    )
    grade = models.CharField(_("grade"), max_length=30, choices=CreditGrade.choices)
    rulebook = models.ForeignKey(
        Rulebook, verbose_name=_("rulebook"), on_delete=models.PROTECT, related_name="certificates"
    )
    issued_on = models.DateField(_("issued on"))
    re_review_due = models.DateField(_("re-review due"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    status_reason = models.TextField(_("reason of the status"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ledger_entry = models.ForeignKey(
        LedgerEntry,
        verbose_name=_("ledger entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    suspended_on_filing = models.ForeignKey(
        CaseFiling,
        verbose_name=_("suspended on the case filing"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suspended_certificates",
        help_text=_("The open case filing the AEO measures are suspended for; empty otherwise."),
    )

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            # An enterprise holds one certificate in force (active or suspended) at a time.
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(status__in=["active", "suspended"]),
                name="one_certificate_in_force_per_enterprise",
            ),
        ]
        indexes = [models.Index(fields=["status", "re_review_due"], name="certificate_re_review_idx")]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("certificate-detail", args=[self.pk])

    @property
    def aeo_code(self):
        return f"{AEO_CODE_PREFIX}{self.enterprise.customs_code}"

    @property
    def in_force(self):
        return self.status in (self.Status.ACTIVE, self.Status.SUSPENDED)


class CertificateNumberCounter(models.Model):
    """The last certificate number issued in a year; numbers are never reused."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("certificate number counter")
        verbose_name_plural = _("certificate number counters")

    def __str__(self):
        return f"{self.year}: {self.last}"
