"""The credit ledger: every grade change, with its legal basis. It is the only way a grade moves."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.errors import InvariantViolation
from enterprises.models.register import Enterprise
from rulebooks.models import CreditGrade, DishonestCriterion, Rulebook


class LedgerEntry(models.Model):
    """One grade decision. Append-only: a wrong entry is corrected by a newer one."""

    class Cause(models.TextChoices):
        REGISTRATION = "registration", _("Registration")
        DETERMINATION = "determination", _("Dishonest determination")
        REPAIR = "repair", _("Credit repair on application")
        AUTOMATIC_REPAIR = "automatic_repair", _("Automatic credit repair")
        CERTIFICATION = "certification", _("Certification")
        RE_REVIEW = "re_review", _("Re-review")
        CERTIFICATE_CHANGE = "certificate_change", _("Certificate suspended, revoked or surrendered")
        MIGRATION = "migration", _("Taken over from an earlier system")

    # ledger_latest_idx, which begins with the enterprise, serves its look-ups.
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        db_index=False,
    )
    previous_grade = models.CharField(
        _("previous grade"), max_length=30, choices=CreditGrade.choices, blank=True
    )
    grade = models.CharField(_("grade"), max_length=30, choices=CreditGrade.choices)
    effective_from = models.DateField(_("effective from"))
    cause = models.CharField(_("cause"), max_length=30, choices=Cause.choices)
    reason = models.TextField(_("reason"))
    rulebook = models.ForeignKey(
        Rulebook, verbose_name=_("rulebook"), on_delete=models.PROTECT, related_name="ledger_entries"
    )
    criterion = models.ForeignKey(
        DishonestCriterion,
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
    )
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-effective_from", "-id"]
        verbose_name = _("credit ledger entry")
        verbose_name_plural = _("credit ledger")
        indexes = [
            models.Index(fields=["enterprise", "-effective_from", "-id"], name="ledger_latest_idx"),
        ]

    def __str__(self):
        return f"{self.enterprise_id}: {self.previous_grade or '-'} -> {self.grade} ({self.effective_from})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise InvariantViolation("Ledger entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise InvariantViolation("Ledger entries are append-only.")

    @property
    def legal_basis(self):
        """The rulebook and, for determinations and repairs, the article applied."""
        if self.criterion_id:
            return f"{self.rulebook.display_title} {self.criterion.display_article}"
        return self.rulebook.display_title
