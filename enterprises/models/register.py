"""The enterprise register and who may act for or look after each enterprise."""

import contextvars
from contextlib import contextmanager

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.audit import AuditedHistoricalModel
from accounts.models import BilingualNameMixin, CustomsOffice
from core.errors import InvariantViolation
from enterprises.uscc import validate_uscc
from rulebooks.models import AEO_GRADES, BusinessType, CreditGrade

AEO_CODE_PREFIX = "AEOCN"


_ledger_writing = contextvars.ContextVar("ledger_writing", default=False)


@contextmanager
def ledger_writing():
    """The credit ledger saving the grade it has just recorded: the only way a grade changes."""
    token = _ledger_writing.set(True)
    try:
        yield
    finally:
        _ledger_writing.reset(token)


class Enterprise(BilingualNameMixin, models.Model):
    uscc = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc]
    )
    customs_code = models.CharField(
        _("customs registration code"),
        max_length=10,
        unique=True,
        validators=[
            RegexValidator(
                r"^[0-9A-Z]{10}$",
                _("A customs registration code is 10 digits or capital letters."),
            )
        ],
    )
    name = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=100, blank=True)
    customs_office = models.ForeignKey(
        CustomsOffice,
        verbose_name=_("supervising customs office"),
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    business_types = models.ManyToManyField(
        BusinessType, verbose_name=_("business types"), blank=True, related_name="enterprises"
    )
    credit_grade = models.CharField(
        _("credit grade"),
        max_length=30,
        choices=CreditGrade.choices,
        default=CreditGrade.REGULAR,
    )
    # What cultivation selects candidates by, besides trade and compliance (brief, section 6).
    in_special_zone = models.BooleanField(
        _("in a special customs supervision zone"),
        default=False,
        help_text=_("A comprehensive bonded zone, bonded port or similar area under special supervision."),
    )
    is_key_industry = models.BooleanField(
        _("high-tech or key industry"),
        default=False,
        help_text=_("Recognised as a high-tech enterprise or in a key industry of the region."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # The history is read by enterprise and by date, never searched by code or grade: its copies of
    # the register's indexes would only slow the import that writes a history row per enterprise.
    history = HistoricalRecords(
        bases=[AuditedHistoricalModel],
        m2m_fields=[business_types],
        no_db_index=["uscc", "customs_code", "credit_grade", "customs_office"],
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        # The list's order; the trigram indexes of the search are in migration 0006 (PostgreSQL only).
        # The grade is matched exactly (no LIKE), so it needs no pattern index beside this one.
        indexes = [
            models.Index(fields=["name", "id"], name="enterprise_name_order_idx"),
            models.Index(fields=["credit_grade"], name="enterprise_grade_idx"),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        """The grade moves only with a ledger entry (`enterprises.ledger.ledger_record`)."""
        adding = self._state.adding
        stored = CreditGrade.REGULAR if adding else getattr(self, "_stored_grade", self.credit_grade)
        if self.credit_grade != stored and not _ledger_writing.get():
            raise InvariantViolation(f"{self.uscc}: credit grade changes only through the credit ledger")
        super().save(*args, **kwargs)
        self._stored_grade = self.credit_grade

    def get_absolute_url(self):
        return reverse("enterprise-detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_grade = instance.__dict__.get("credit_grade")
        return instance

    def refresh_from_db(self, *args, fields=None, **kwargs):
        super().refresh_from_db(*args, fields=fields, **kwargs)
        if fields is None or "credit_grade" in fields:
            self._stored_grade = self.credit_grade

    @property
    def is_aeo(self):
        return self.credit_grade in AEO_GRADES

    @property
    def aeo_code(self):
        """The code mutual-recognition partners use, for AEO grades only."""
        return f"{AEO_CODE_PREFIX}{self.customs_code}" if self.is_aeo else None


class EnterpriseMembership(models.Model):
    """Ties an enterprise user to the one enterprise they act for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="enterprise_membership",
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="members"
    )
    is_senior_manager = models.BooleanField(
        _("senior customs manager"),
        default=False,
        help_text=_("The enterprise's named contact for customs credit matters."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        verbose_name = _("enterprise membership")
        verbose_name_plural = _("enterprise memberships")

    def __str__(self):
        return f"{self.user} @ {self.enterprise}"


class CoordinatorAssignment(models.Model):
    """A coordinator looking after an enterprise; at most one active per enterprise."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="coordinator_assignments",
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.PROTECT,
        related_name="coordinator_assignments",
    )
    is_active = models.BooleanField(_("active"), default=True)
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        verbose_name = _("coordinator assignment")
        verbose_name_plural = _("coordinator assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(is_active=True),
                name="one_active_coordinator_per_enterprise",
            ),
        ]
        indexes = [
            models.Index(
                fields=["coordinator", "enterprise"],
                condition=Q(is_active=True),
                name="active_assignment_by_coord",
            )
        ]

    def __str__(self):
        return f"{self.coordinator} -> {self.enterprise}"


class EnterpriseEvent(models.Model):
    """A change that matters for credit; it can trigger an ad-hoc re-review."""

    class Kind(models.TextChoices):
        LEGAL_REPRESENTATIVE = "legal_representative", _("Change of legal representative")
        OWNERSHIP = "ownership", _("Change of ownership")
        PREMISES = "premises", _("Change of premises")
        MERGER = "merger", _("Merger")
        SPLIT = "split", _("Split")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    occurred_on = models.DateField(_("date of the change"))
    description = models.TextField(_("description"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("change event")
        verbose_name_plural = _("change events")

    def __str__(self):
        return f"{self.get_kind_display()} {self.occurred_on}"


class CorrectionRequest(models.Model):
    """An enterprise user asking customs to correct its register entry."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting an answer")
        ACCEPTED = "accepted", _("Corrected")
        REJECTED = "rejected", _("Rejected")

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="correction_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    field = models.CharField(_("what is wrong"), max_length=100)
    correct_value = models.TextField(_("what it should be"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")

    def __str__(self):
        return f"{self.enterprise} - {self.field}"


class ConflictOfInterest(models.Model):
    """A customs officer's declared interest in an enterprise: they may not audit or coordinate it."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="conflicts_of_interest",
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="conflicts_of_interest",
    )
    description = models.TextField(_("nature of the interest"))
    declared_at = models.DateTimeField(_("declared"), auto_now_add=True)

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["-declared_at", "-id"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["officer", "enterprise"], name="one_declaration_per_pair"),
        ]

    def __str__(self):
        return f"{self.officer} / {self.enterprise}"
