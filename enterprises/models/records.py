"""Credit information: the records the dishonest criteria are evaluated against."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.audit import AuditedHistoricalModel
from enterprises.models.register import Enterprise


class Penalty(models.Model):
    """A penalty decision against an enterprise."""

    class Kind(models.TextChoices):
        CRIMINAL_SMUGGLING = "criminal_smuggling", _("Criminal smuggling")
        ADMINISTRATIVE_SMUGGLING = "administrative_smuggling", _("Administrative smuggling")
        SUPERVISION_VIOLATION = "supervision_violation", _("Supervision-rule violation")
        OBSTRUCTION = "obstruction", _("Obstructing customs officers")
        BRIBERY = "bribery", _("Bribing customs officers")
        # Offences of the serious-dishonesty list that need not be smuggling (Order 251 Art. 23(1)).
        CRIMINAL_FOOD_SAFETY = "criminal_food_safety", _("Crime against the import/export food-safety rules")
        CRIMINAL_COSMETICS = "criminal_cosmetics", _("Crime against the import/export cosmetics rules")

    class Subject(models.TextChoices):
        GENERAL = "general", _("General goods")
        FOOD = "food", _("Food")
        COSMETICS = "cosmetics", _("Cosmetics")
        SOLID_WASTE = "solid_waste", _("Solid waste")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="penalties"
    )
    case_number = models.CharField(_("case number"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    subject = models.CharField(
        _("goods concerned"), max_length=20, choices=Subject.choices, default=Subject.GENERAL
    )
    decided_on = models.DateField(_("decided on"))
    amount = models.DecimalField(
        _("fine (RMB)"), max_digits=14, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    is_intentional = models.BooleanField(
        _("subjective intent"),
        default=True,
        help_text=_("Off for a violation without subjective intent (非主观故意)."),
    )
    disclosed_on = models.DateField(
        _("voluntarily disclosed on"),
        null=True,
        blank=True,
        help_text=_(
            "The day the enterprise disclosed the violation to customs on its own, before customs found it "
            "(主动披露). Empty: not voluntarily disclosed."
        ),
    )
    disclosure_basis = models.CharField(
        _("disclosure basis"),
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text=_(
            "The GAC announcement on voluntary disclosure customs applied; left empty, the rulebook's "
            "announcement in force on the day of the disclosure."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    publication_withdrawn_at = models.DateTimeField(
        _("withdrawn from publication"),
        null=True,
        blank=True,
        help_text=_("Set when an objection to the published record was upheld."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("penalty")
        verbose_name_plural = _("penalties")
        indexes = [models.Index(fields=["kind", "decided_on", "enterprise"], name="penalty_kind_date_idx")]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="penalty_amount_not_negative")]

    def __str__(self):
        return f"{self.case_number} {self.get_kind_display()}"

    @property
    def voluntarily_disclosed(self):
        return self.disclosed_on is not None

    def clean(self):
        errors = {}
        goods = OFFENCE_GOODS.get(self.kind)
        if goods and self.subject != goods:
            errors["subject"] = _("%(kind)s concerns %(goods)s: set the goods concerned to it.") % {
                "kind": self.get_kind_display(),
                "goods": self.Subject(goods).label,
            }
        if self.disclosure_basis and self.disclosed_on is None:
            errors["disclosure_basis"] = _("A basis needs the day of the voluntary disclosure.")
        if self.disclosed_on is not None:
            if self.kind != self.Kind.SUPERVISION_VIOLATION:
                errors["disclosed_on"] = _(
                    "Only violations of customs supervision rules are voluntarily disclosed, not %(kind)s."
                ) % {"kind": self.get_kind_display()}
            elif self.decided_on and self.disclosed_on > self.decided_on:
                errors["disclosed_on"] = _(
                    "The disclosure comes before customs finds the violation, so before the penalty decision."
                )
        if errors:
            raise ValidationError(errors)


# The goods the offences of the serious-dishonesty list concern.
OFFENCE_GOODS = {
    Penalty.Kind.CRIMINAL_FOOD_SAFETY: Penalty.Subject.FOOD,
    Penalty.Kind.CRIMINAL_COSMETICS: Penalty.Subject.COSMETICS,
}


class Arrear(models.Model):
    """Tax, or a fine or confiscated amount, that fell due; open until paid."""

    class Kind(models.TextChoices):
        TAX = "tax", _("Tax")
        FINE = "fine", _("Fine or confiscated amount")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="arrears"
    )
    reference = models.CharField(_("reference"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(
        _("amount (RMB)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    due_on = models.DateField(_("due on"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["-due_on", "-id"]
        verbose_name = _("arrear")
        verbose_name_plural = _("arrears")
        indexes = [models.Index(fields=["kind", "due_on", "enterprise"], name="arrear_kind_due_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="arrear_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.reference} {self.get_kind_display()}"

    def is_unpaid_on(self, day):
        return self.paid_on is None or self.paid_on > day


class DocumentCount(models.Model):
    """One year's declarations, filing lists and transport manifests of an enterprise."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="document_counts"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    declarations = models.PositiveIntegerField(_("declarations"), default=0)
    filing_lists = models.PositiveIntegerField(_("filing lists"), default=0)
    manifests = models.PositiveIntegerField(_("transport manifests"), default=0)

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["-year"]
        verbose_name = _("yearly document count")
        verbose_name_plural = _("yearly document counts")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="one_document_count_per_year"),
        ]

    def __str__(self):
        return f"{self.enterprise_id} {self.year}: {self.total}"

    @property
    def total(self):
        return self.declarations + self.filing_lists + self.manifests
