"""Cases filed against an enterprise: credit events that suspend the AEO measures while they are open.

Order 251 (and Order 282 after it): a criminal case filed (刑事立案) for a suspected offence connected
with customs functions suspends the advanced certified enterprise's measures (must); an
administrative case filed for investigation (立案调查) may suspend them, at the officer's choice.
The filing is recorded when the case is filed, not when a penalty is decided; when it closes,
without liability the measures resume, with liability the penalty decision goes into the credit
records, where the dishonest criteria read it (docs/rules.md).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.audit import AuditedHistoricalModel
from enterprises.models.records import Penalty
from enterprises.models.register import Enterprise


class CaseFiling(models.Model):
    class Kind(models.TextChoices):
        CRIMINAL = "criminal", _("Criminal case filed")
        ADMINISTRATIVE = "administrative", _("Administrative case filed")

    class Outcome(models.TextChoices):
        NO_LIABILITY = "no_liability", _("Closed without liability")
        LIABILITY = "liability", _("Liability established")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="case_filings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    case_number = models.CharField(
        _("filing number"),
        max_length=60,
        unique=True,
        help_text=_("The number of the filing decision, for example 西关缉刑立字〔2026〕12号."),
    )
    filing_authority = models.CharField(
        _("filing authority"), max_length=200, help_text=_("For example 西宁海关缉私局.")
    )
    filed_on = models.DateField(_("filed on"))
    description = models.TextField(_("suspected offence"), blank=True)
    suspends_measures = models.BooleanField(
        _("AEO measures suspended"),
        default=False,
        help_text=_(
            "Always for a criminal case; for an administrative case when the officer decides to suspend."
        ),
    )
    closed_on = models.DateField(_("case closed on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("outcome note"), blank=True)
    penalty = models.ForeignKey(
        Penalty,
        verbose_name=_("penalty decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_filings",
        help_text=_("The penalty or judgment recorded in the credit records when liability was established."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["-filed_on", "-id"]
        verbose_name = _("case filing")
        verbose_name_plural = _("case filings")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="criminal") | Q(suspends_measures=True),
                name="criminal_filing_suspends_measures",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True, outcome="")
                | Q(closed_on__isnull=False, outcome__in=["no_liability", "liability"]),
                name="closed_filing_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("filed_on")),
                name="filing_closes_after_filed",
            ),
            models.CheckConstraint(
                condition=Q(penalty__isnull=True) | Q(outcome="liability"),
                name="filing_penalty_only_with_liability",
            ),
        ]
        indexes = [
            # The suspension job's look-up: the open filings that suspend the measures.
            models.Index(
                fields=["enterprise", "filed_on"],
                condition=Q(closed_on__isnull=True, suspends_measures=True),
                name="open_suspending_filing_idx",
            )
        ]

    def __str__(self):
        return f"{self.case_number} {self.get_kind_display()}"

    @property
    def is_open(self):
        return self.closed_on is None

    def is_open_on(self, day):
        return self.filed_on <= day and (self.closed_on is None or self.closed_on > day)
