"""Inbound recognition: a foreign trading partner of a Chinese enterprise that a partner's customs
certified as an AEO. Under the arrangement China's customs grants the recognised benefits on the
shipments between them, so the partner's identifier is recorded and looked up here."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.audit import AuditedHistoricalModel
from certification.models.catalogue import MutualRecognitionPartner
from enterprises.models import Enterprise


class ForeignAeo(models.Model):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="foreign_aeos"
    )
    name = models.CharField(_("foreign trading partner"), max_length=200)
    partner = models.ForeignKey(
        MutualRecognitionPartner,
        verbose_name=_("certified by the customs of"),
        on_delete=models.PROTECT,
        related_name="foreign_aeos",
    )
    identifier = models.CharField(
        _("AEO identifier"), max_length=50, db_index=True, help_text=_("As the partner's customs issued it.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("foreign AEO trading partner")
        verbose_name_plural = _("foreign AEO trading partners")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "partner", "identifier"],
                name="one_record_per_foreign_aeo_and_enterprise",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.identifier})"
