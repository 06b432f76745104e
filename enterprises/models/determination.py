"""Dishonest determination and what follows it: statements, repair, objections."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.audit import AuditedHistoricalModel
from enterprises.models.ledger import LedgerEntry
from enterprises.models.records import Penalty
from enterprises.models.register import Enterprise
from rulebooks.models import CreditGrade, DishonestCriterion, PublicationLevel, Rulebook

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
    notice_number = models.CharField(
        _("notice number"),
        max_length=60,
        blank=True,
        help_text=_("Issued from the directly-under customs' register when the pre-notice is sent."),
    )
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
            models.UniqueConstraint(
                fields=["notice_number"], condition=~Q(notice_number=""), name="notice_number_unique"
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
    final = models.BooleanField(
        _("nothing more to state"),
        default=False,
        help_text=_(
            "The enterprise declared this its last statement: customs may decide before the period ends."
        ),
    )
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
    """Someone contesting published credit information; customs re-checks within the rulebook's period.

    Anyone may object: the enterprise's own users from its pages, and any natural person, legal person
    or unincorporated organisation from the public lookup (Order 251 Art. 10, verify the number).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Being re-checked")
        UPHELD = "upheld", _("Upheld: information corrected")
        REJECTED = "rejected", _("Rejected: information stands")

    class ObjectorKind(models.TextChoices):
        ENTERPRISE = "enterprise", _("The enterprise itself")
        NATURAL_PERSON = "natural_person", pgettext_lazy("objector", "Natural person")
        LEGAL_PERSON = "legal_person", pgettext_lazy("objector", "Legal person")
        ORGANISATION = "organisation", pgettext_lazy("objector", "Unincorporated organisation")

    PUBLIC_KINDS = (ObjectorKind.NATURAL_PERSON, ObjectorKind.LEGAL_PERSON, ObjectorKind.ORGANISATION)

    class Item(models.TextChoices):
        """The published information objected to."""

        GRADE = "grade", _("Credit grade")
        CERTIFICATE = "certificate", _("Certificate status")
        DETERMINATION = "determination", _("Dishonesty record")
        PENALTY = "penalty", _("Administrative penalty")

    reference = models.CharField(_("reference number"), max_length=30, blank=True)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="objections"
    )
    item = models.CharField(_("information objected to"), max_length=20, choices=Item.choices)
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
    certificate_number = models.CharField(_("certificate number"), max_length=30, blank=True)
    published_value = models.CharField(
        _("as published"),
        max_length=100,
        blank=True,
        help_text=_("The grade or certificate status the public saw when the objection was filed."),
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for an objection from the public lookup."),
    )
    objector_kind = models.CharField(
        _("objector"), max_length=20, choices=ObjectorKind.choices, default=ObjectorKind.ENTERPRISE
    )
    objector_name = models.CharField(_("objector's name"), max_length=200, blank=True)
    objector_id_number = models.CharField(
        _("identity card number or USCC"),
        max_length=18,
        blank=True,
        help_text=_(
            "A natural person's resident identity card number; otherwise the unified social credit code."
        ),
    )
    contact_phone = models.CharField(_("phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Language of the objector's answer by e-mail."),
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
                condition=Q(item="penalty", penalty__isnull=False, determination__isnull=True)
                | Q(item="determination", penalty__isnull=True, determination__isnull=False)
                | (
                    Q(item="certificate", penalty__isnull=True, determination__isnull=True)
                    & ~Q(certificate_number="")
                )
                | Q(item="grade", penalty__isnull=True, determination__isnull=True),
                name="objection_targets_one_record",
            ),
            models.CheckConstraint(
                condition=Q(objector_kind="enterprise", filed_by__isnull=False)
                | (
                    ~Q(objector_kind="enterprise")
                    & Q(filed_by__isnull=True)
                    & ~Q(objector_name="")
                    & ~Q(objector_id_number="")
                    & ~Q(contact_email="")
                ),
                name="objection_has_an_identified_objector",
            ),
            models.UniqueConstraint(
                fields=["reference"], condition=~Q(reference=""), name="objection_reference_unique"
            ),
        ]

    def __str__(self):
        return self.reference or f"{self.enterprise} {self.filed_at:%Y-%m-%d}"

    @property
    def record(self):
        """The penalty or dishonesty record objected to; None for a grade or a certificate status."""
        return self.penalty or self.determination

    @property
    def published_grade_display(self):
        """The grade the public saw when a grade objection was filed, by its name."""
        if self.published_value in CreditGrade.values:
            return CreditGrade(self.published_value).label
        return self.published_value

    @property
    def is_public(self):
        """Filed from the public lookup by someone other than the enterprise's users."""
        return self.objector_kind != self.ObjectorKind.ENTERPRISE


class ObjectionAttachment(models.Model):
    """Evidence an objector attached; stored privately, opened only by those who see the objection."""

    objection = models.ForeignKey(
        Objection, verbose_name=_("objection"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="objections/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("objection attachment")
        verbose_name_plural = _("objection attachments")

    def __str__(self):
        return self.original_name
