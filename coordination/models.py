"""Coordinators: who may look after AEO enterprises, where, how many, with which expertise."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.audit import AuditedHistoricalModel
from accounts.models import CustomsOffice
from rulebooks.models import BusinessType


class CoordinatorProfile(models.Model):
    """A coordinator of a directly-under customs; assignment balances load within the office."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.PROTECT,
        related_name="coordinator_profile",
    )
    office = models.ForeignKey(
        CustomsOffice,
        verbose_name=_("directly-under customs"),
        on_delete=models.PROTECT,
        related_name="coordinators",
        limit_choices_to={"level": CustomsOffice.Level.DIRECTLY_UNDER},
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), default=40, help_text=_("Enterprises this coordinator can look after at most.")
    )
    expertise = models.ManyToManyField(
        BusinessType, verbose_name=_("business-type expertise"), blank=True, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(bases=[AuditedHistoricalModel], m2m_fields=[expertise])

    class Meta:
        ordering = ["office__code", "user__username"]
        verbose_name = _("coordinator profile")
        verbose_name_plural = _("coordinator profiles")

    def __str__(self):
        return str(self.user)
