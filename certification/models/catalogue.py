"""The certification standards of a rulebook and the mutual-recognition partners."""

from django.db import models
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.audit import AuditedHistoricalModel
from rulebooks.models import BilingualTitleMixin, BusinessType, Rulebook


class StandardPart(models.TextChoices):
    """The four parts of the general standard, and the individual standards per business type."""

    INTERNAL_CONTROL = "internal_control", _("Internal control")
    FINANCIAL_STATUS = "financial_status", _("Financial status")
    LAW_ABIDING = "law_abiding", _("Law-abiding compliance")
    TRADE_SECURITY = "trade_security", _("Trade security")
    INDIVIDUAL = "individual", _("Individual standard")


# Parts whose "basically meets" items some points-method versions limit separately.
KEY_PARTS = (StandardPart.INTERNAL_CONTROL, StandardPart.TRADE_SECURITY)


# The thresholds an item's `parameters` hold, as the enterprise reads them. Ratios in PERCENT are
# stored as fractions (0.95) and shown as percentages; a key not listed shows as "key: value".
PARAMETER_SENTENCES = {
    "max_debt_ratio": gettext_lazy("Debt ratio (liabilities to assets) at most %(value)s."),
    "consecutive_years": gettext_lazy("Failing only when it holds for %(value)s consecutive years."),
    "min_current_ratio": gettext_lazy(
        "Current ratio (current assets to current liabilities) at least %(value)s."
    ),
    "min_operating_cash_flow": gettext_lazy("Net operating cash flow at least %(value)s."),
    "window_months": gettext_lazy("Counted over the last %(value)s months."),
    "ratio_per_thousand": gettext_lazy("At most %(value)s per thousand of the declarations."),
    "ratio_per_thousand_broker": gettext_lazy("For a customs broker, at most %(value)s per thousand."),
    "max_error_rate": gettext_lazy("Error rate at most %(value)s."),
    "cctv_retention_days": gettext_lazy("Video surveillance recordings kept at least %(value)s days."),
}
PERCENT = {"max_debt_ratio", "max_error_rate"}


def parameter_sentence(key, value):
    if key not in PARAMETER_SENTENCES:
        return f"{key}: {value}"
    if not isinstance(value, int | float) or isinstance(value, bool):
        shown = str(value)
    else:
        shown = f"{value * 100:g}%" if key in PERCENT else f"{value:g}"
    return PARAMETER_SENTENCES[key] % {"value": shown}


class StandardItem(BilingualTitleMixin, models.Model):
    """One item of a rulebook's standards catalogue, assessed by the enterprise and the team."""

    RULEBOOK_PART = True

    rulebook = models.ForeignKey(
        Rulebook, verbose_name=_("rulebook"), on_delete=models.CASCADE, related_name="standard_items"
    )
    code = models.CharField(_("code"), max_length=20)
    part = models.CharField(_("part"), max_length=20, choices=StandardPart.choices)
    business_type = models.ForeignKey(
        BusinessType,
        verbose_name=_("business type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for items of the general standard."),
    )
    section = models.CharField(_("section (Chinese)"), max_length=100)
    section_en = models.CharField(_("section (English)"), max_length=200)
    title = models.CharField(_("title (Chinese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=400)
    guidance = models.TextField(_("guidance (Chinese)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    rectifiable = models.BooleanField(
        _("allows rectification"), default=True, help_text=_("Off for items a past fact decides.")
    )
    advanced_only = models.BooleanField(
        _("advanced certification only"),
        default=False,
        help_text=_("Not assessed for the lighter certified grade."),
    )
    bonus_points = models.PositiveSmallIntegerField(
        _("bonus points"), default=0, help_text=_("A bonus item of the points method adds these when met.")
    )
    parameters = models.JSONField(
        _("parameters"), default=dict, blank=True, help_text=_("Thresholds of financial ratios, for example.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["rulebook", "order", "code"]
        verbose_name = _("standard item")
        verbose_name_plural = _("standards catalogue")
        constraints = [
            models.UniqueConstraint(fields=["rulebook", "code"], name="standard_item_code_per_rulebook"),
        ]

    def __str__(self):
        return f"{self.code} {self.display_title}"

    @property
    def display_section(self):
        return (
            self.section_en if (get_language() or "").startswith("en") and self.section_en else self.section
        )

    @property
    def display_guidance(self):
        english = (get_language() or "").startswith("en") and self.guidance_en
        return self.guidance_en if english else self.guidance

    @property
    def display_parameters(self):
        """The item's thresholds as sentences in the reader's language."""
        return [parameter_sentence(key, value) for key, value in self.parameters.items()]


class PartnerQuerySet(models.QuerySet):
    def in_force(self, day):
        """The arrangements in force on `day`: those signed but not yet put into force are left out."""
        return self.filter(in_force_on__lte=day)


def partner_totals(partners):
    """{"economies": n, "countries": n} of `partners`, for the counts pages and certificates print."""
    partners = list(partners)
    return {"economies": len(partners), "countries": sum(partner.countries for partner in partners)}


class MutualRecognitionPartner(models.Model):
    """An economy whose customs have an AEO mutual-recognition arrangement with China (domain brief,
    section 9), with the day it was signed and the day it was put into force."""

    economy = models.CharField(_("economy (Chinese)"), max_length=100)
    economy_en = models.CharField(_("economy (English)"), max_length=200, unique=True)
    countries = models.PositiveSmallIntegerField(_("countries or regions"), default=1)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_month_only = models.BooleanField(
        _("signing month only"), default=False, help_text=_("Only the month of the signing is known.")
    )
    in_force_on = models.DateField(
        _("in force from"),
        null=True,
        blank=True,
        help_text=_("Empty while the arrangement is signed but not yet put into force."),
    )
    announcement = models.CharField(
        _("announcement"), max_length=100, blank=True, help_text=_("The announcement that put it into force.")
    )
    source = models.TextField(_("sources and notes"), blank=True)
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_(
            "Whether at least two independent sources agree on the dates; unverified dates are kept editable."
        ),
    )

    objects = PartnerQuerySet.as_manager()

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = [
            models.F("in_force_on").asc(nulls_last=True),
            models.F("signed_on").asc(nulls_last=True),
            "economy_en",
        ]
        verbose_name = _("mutual-recognition partner")
        verbose_name_plural = _("mutual-recognition partners")

    def __str__(self):
        return self.display_economy

    def in_force_by(self, day):
        return self.in_force_on is not None and self.in_force_on <= day

    @property
    def display_economy(self):
        return self.economy_en if (get_language() or "").startswith("en") else self.economy
