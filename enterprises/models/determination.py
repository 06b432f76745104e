"""Dishonest determination and what follows it: statements, repair, objections."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.audit import AuditedHistoricalModel
from enterprises.models.ledger import LedgerEntry
from enterprises.models.records import Penalty
from enterprises.models.register import Enterprise
from rulebooks.models import DishonestCriterion, PublicationLevel, Rulebook

# What the scheduled evaluation's figures mean, for pages and notices.
FIGURE_LABELS = {
    "records": _("Records counted"),
    "amount_total": _("Amount in total (RMB)"),
    "documents_last_year": _("Documents last year"),
    "per_thousand": _("Violations per 1,000 documents"),
    "customs_broker": _("Customs broker"),
    "oldest_due": _("Oldest amount fell due on"),
}


def _figure_value(value):
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return "—" if value is None else value


class DishonestProposal(models.Model):
    """A criterion found met for an enterprise: never a silent downgrade, always an officer's decision."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        NOTIFIED = "notified", _("Enterprise notified")
        DETERMINED = "determined", _("Determined")
        DROPPED = "dropped", _("Dropped")

    OPEN_STATUSES = (Status.PROPOSED, Status.NOTIFIED)

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="proposals"
    )
    rulebook = models.ForeignKey(
        Rulebook, verbose_name=_("rulebook"), on_delete=models.PROTECT, related_name="+"
    )
    criterion = models.ForeignKey(
        DishonestCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="proposals"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    evidence_date = models.DateField(_("latest evidence"), null=True, blank=True)
    grounds = models.TextField(_("grounds"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the scheduled evaluation proposed it."),
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    evaluated_on = models.DateField(_("last evaluated"), null=True, blank=True)
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("notified by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    notified_at = models.DateTimeField(_("notice sent"), null=True, blank=True)
    statement_due = models.DateField(_("statement due"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    drop_reason = models.TextField(_("reason for dropping"), blank=True)
    ledger_entry = models.OneToOneField(
        LedgerEntry,
        verbose_name=_("ledger entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="determination",
    )
    publication_level = models.CharField(
        _("publication level"), max_length=10, choices=PublicationLevel.choices, blank=True
    )
    published_until = models.DateField(_("published until"), null=True, blank=True)
    publication_withdrawn_at = models.DateTimeField(_("withdrawn from publication"), null=True, blank=True)
    repaired_by = models.ForeignKey(
        LedgerEntry,
        verbose_name=_("repaired by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repaired_determinations",
    )

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("dishonest proposal")
        verbose_name_plural = _("dishonest proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "criterion"],
                condition=Q(status__in=["proposed", "notified"]),
                name="one_open_proposal_per_criterion",
            ),
        ]
        indexes = [
            models.Index(fields=["enterprise", "criterion", "evidence_date"], name="proposal_evidence_idx"),
        ]

    def __str__(self):
        return f"{self.enterprise} - {self.criterion.display_article}"

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def figure_rows(self):
        """The figures as (label, value) pairs in the active language."""
        return [(FIGURE_LABELS.get(key, key), _figure_value(value)) for key, value in self.figures.items()]


class DishonestStatement(models.Model):
    """The enterprise stating its case within the statement period."""

    proposal = models.ForeignKey(
        DishonestProposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="statements"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("statement"))
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self):
        return f"{self.proposal_id} {self.submitted_at:%Y-%m-%d}"


class StatementAttachment(models.Model):
    statement = models.ForeignKey(
        DishonestStatement, verbose_name=_("statement"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="statements/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class RepairApplication(models.Model):
    """An enterprise asking to have its dishonest grade lifted after correcting its behaviour."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="repair_applications"
    )
    rulebook = models.ForeignKey(
        Rulebook, verbose_name=_("rulebook"), on_delete=models.PROTECT, related_name="+"
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applied by"), on_delete=models.PROTECT, related_name="+"
    )
    corrective_actions = models.TextField(_("how the behaviour was corrected"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    applied_at = models.DateTimeField(_("applied"), auto_now_add=True)
    answer_due = models.DateField(_("answer due"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    ledger_entry = models.OneToOneField(
        LedgerEntry,
        verbose_name=_("ledger entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repair_application",
    )

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["-applied_at", "-id"]
        verbose_name = _("credit repair application")
        verbose_name_plural = _("credit repair applications")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"], condition=Q(status="submitted"), name="one_pending_repair_application"
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} {self.applied_at:%Y-%m-%d}"


class Objection(models.Model):
    """An enterprise contesting a published record; customs re-checks within the rulebook's period."""

    class Status(models.TextChoices):
        OPEN = "open", _("Being re-checked")
        UPHELD = "upheld", _("Upheld: record withdrawn")
        REJECTED = "rejected", _("Rejected: record stands")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="objections"
    )
    penalty = models.ForeignKey(
        Penalty,
        verbose_name=_("penalty"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objections",
    )
    determination = models.ForeignKey(
        DishonestProposal,
        verbose_name=_("dishonesty record"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objections",
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    recheck_due = models.DateField(_("re-check due"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["-filed_at", "-id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        constraints = [
            models.CheckConstraint(
                condition=Q(penalty__isnull=True, determination__isnull=False)
                | Q(penalty__isnull=False, determination__isnull=True),
                name="objection_targets_one_record",
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} {self.filed_at:%Y-%m-%d}"

    @property
    def record(self):
        return self.penalty or self.determination
