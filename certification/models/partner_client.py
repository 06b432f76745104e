"""Partner customs administrations as API clients, and the log of what each verified.

A partner's system checks the AEO codes on its traders' declarations in batches; it is neither a
person nor a Chinese customs office, so it holds a key of its own rather than a user account.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.audit import AuditedHistoricalModel
from certification.models.catalogue import MutualRecognitionPartner


class PartnerClient(models.Model):
    """A partner administration's system; only the SHA-256 digest of its key is kept."""

    partner = models.ForeignKey(
        MutualRecognitionPartner,
        verbose_name=_("mutual-recognition partner"),
        on_delete=models.PROTECT,
        related_name="clients",
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("The administration or office, as it signs.")
    )
    key_digest = models.CharField(_("key digest"), max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("access allowed"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(bases=[AuditedHistoricalModel], excluded_fields=["key_digest"])

    class Meta:
        ordering = ["partner__economy_en", "name"]
        verbose_name = _("partner customs client")
        verbose_name_plural = _("partner customs clients")

    def __str__(self):
        return f"{self.name} ({self.partner})"


class PartnerVerification(models.Model):
    """One batch a partner verified: kept so that customs can tell what it answered, and when."""

    client = models.ForeignKey(
        PartnerClient,
        verbose_name=_("partner customs client"),
        on_delete=models.PROTECT,
        related_name="verifications",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)
    codes = models.PositiveIntegerField(_("AEO codes asked"))
    in_force = models.PositiveIntegerField(_("in force"))
    unknown = models.PositiveIntegerField(_("unknown"))
    answer_digest = models.CharField(
        _("answer digest"),
        max_length=64,
        help_text=_("SHA-256 of the signed answer, to match a copy a partner keeps."),
    )
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("partner verification")
        verbose_name_plural = _("partner verifications")

    def __str__(self):
        return f"{self.client} · {self.requested_at:%Y-%m-%d %H:%M}"
