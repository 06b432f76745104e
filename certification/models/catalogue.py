"""The certification standards of a rulebook and the mutual-recognition partners."""

from django.db import models
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.audit import AuditedHistoricalModel
from accounts.models import BilingualNameMixin
from certification.finance import ABOVE, AT_LEAST, AT_MOST, INDICATORS, in_order
from rulebooks.models import AEO_GRADES, BilingualTitleMixin, BusinessType, CreditGrade, Rulebook


class StandardPart(models.TextChoices):
    """The parts of a standard. An individual standard's items belong to these parts too; the
    catalogue's first in-house version filed them under a part of their own."""

    INTERNAL_CONTROL = "internal_control", _("Internal control")
    FINANCIAL_STATUS = "financial_status", _("Financial status")
    LAW_ABIDING = "law_abiding", _("Law-abiding compliance")
    TRADE_SECURITY = "trade_security", _("Trade security")
    BONUS = "bonus", _("Bonus items")
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
    "meets_with": gettext_lazy("Meets the standard when %(value)s or more of the indicators are met."),
    "basically_meets_with": gettext_lazy(
        "Basically meets it when fewer but at least %(value)s are met; fails when fewer still."
    ),
}
TESTS = {
    AT_MOST: gettext_lazy("%(indicator)s: at most %(threshold)s."),
    AT_LEAST: gettext_lazy("%(indicator)s: at least %(threshold)s."),
    ABOVE: gettext_lazy("%(indicator)s: above %(threshold)s."),
}
PRODUCTION_SPLIT = gettext_lazy("%(production)s for production enterprises, %(other)s for others")
PERCENT = {"max_debt_ratio", "max_error_rate"}


def _threshold(value, percent):
    return f"{value * 100:g}%" if percent else f"{value:g}"


def indicator_sentences(indicators):
    """One sentence per indicator of a computed financial item, with its threshold(s)."""
    sentences = []
    for name, spec in in_order(indicators):
        indicator = INDICATORS[name]
        if isinstance(spec, dict):
            shown = PRODUCTION_SPLIT % {
                "production": _threshold(spec["production"], indicator.percent),
                "other": _threshold(spec["non_production"], indicator.percent),
            }
        else:
            shown = _threshold(spec, indicator.percent)
        sentences.append(TESTS[indicator.test] % {"indicator": indicator.label, "threshold": shown})
    return sentences


def parameter_sentence(key, value):
    if key not in PARAMETER_SENTENCES:
        return f"{key}: {value}"
    if not isinstance(value, int | float) or isinstance(value, bool):
        shown = str(value)
    else:
        shown = f"{value * 100:g}%" if key in PERCENT else f"{value:g}"
    return PARAMETER_SENTENCES[key] % {"value": shown}


class CertificationStandard(BilingualNameMixin, models.Model):
    """A published standard a certified grade is assessed against (《海关高级认证企业标准》, ...):
    the announcement that published it and the day it applies from. Its items are the rulebook's
    items of the same grade."""

    RULEBOOK_PART = True

    rulebook = models.ForeignKey(
        Rulebook, verbose_name=_("rulebook"), on_delete=models.CASCADE, related_name="certification_standards"
    )
    grade = models.CharField(
        _("grade"), max_length=30, choices=[(g.value, g.label) for g in CreditGrade if g in AEO_GRADES]
    )
    name = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=200)
    announcement = models.CharField(_("announcement"), max_length=100)
    applied_from = models.DateField(_("applied from"))
    source = models.TextField(_("sources and notes"), blank=True)
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Whether the item wording was checked against the published text; see the notes."),
    )

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["rulebook", "grade"]
        verbose_name = _("certification standard")
        verbose_name_plural = _("certification standards")
        constraints = [
            models.UniqueConstraint(fields=["rulebook", "grade"], name="one_standard_per_grade_per_rulebook"),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.announcement})"


class StandardItem(BilingualTitleMixin, models.Model):
    """One item of a certification standard, assessed by the enterprise and the team.

    An item of the general standard (通用标准) applies to every applicant of its grade, or, with a
    business type, is the general standard's version for that type (a customs broker's); an item of
    an individual standard (单项标准) applies to the business type's applicants.
    """

    RULEBOOK_PART = True

    rulebook = models.ForeignKey(
        Rulebook, verbose_name=_("rulebook"), on_delete=models.CASCADE, related_name="standard_items"
    )
    grade = models.CharField(
        _("standard of the grade"),
        max_length=30,
        choices=[(g.value, g.label) for g in CreditGrade if g in AEO_GRADES],
        default=CreditGrade.ADVANCED_CERTIFIED,
    )
    code = models.CharField(_("code"), max_length=20)
    part = models.CharField(_("part"), max_length=20, choices=StandardPart.choices)
    individual = models.BooleanField(
        _("individual standard"),
        default=False,
        help_text=_("An item of a business type's individual standard."),
    )
    business_type = models.ForeignKey(
        BusinessType,
        verbose_name=_("business type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The individual standard's business type; for a general-standard item, the business type whose "
            "version of the general standard it belongs to, empty when it applies to all."
        ),
    )
    number = models.CharField(_("number as published"), max_length=20, blank=True)
    section = models.CharField(_("section (Chinese)"), max_length=100)
    section_en = models.CharField(_("section (English)"), max_length=200)
    title = models.CharField(_("title (Chinese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=1000)
    guidance = models.TextField(_("guidance (Chinese)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    rectifiable = models.BooleanField(
        _("allows rectification"), default=True, help_text=_("Off for items a past fact decides.")
    )
    superseded = models.BooleanField(
        _("superseded"),
        default=False,
        help_text=_("Kept for the applications assessed against it; a new application never gets it."),
    )
    bonus_points = models.PositiveSmallIntegerField(
        _("bonus points"), default=0, help_text=_("A bonus item of the points method adds these when met.")
    )
    parameters = models.JSONField(
        _("parameters"), default=dict, blank=True, help_text=_("Thresholds of financial ratios, for example.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    verified = models.BooleanField(
        _("verified"), default=False, help_text=_("Whether two independent sources agree on the wording.")
    )
    source = models.TextField(_("sources and notes"), blank=True)

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["rulebook", "order", "code"]
        verbose_name = _("standard item")
        verbose_name_plural = _("standards catalogue")
        constraints = [
            models.UniqueConstraint(fields=["rulebook", "code"], name="standard_item_code_per_rulebook"),
        ]

    def __str__(self):
        """The code and the start of the title: the 2026 items' titles run to a paragraph."""
        return f"{self.code} {Truncator(self.display_title).chars(60)}"

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
        sentences = []
        for key, value in self.parameters.items():
            if key == "indicators" and isinstance(value, dict) and set(value) <= set(INDICATORS):
                sentences += indicator_sentences(value)
            else:
                sentences.append(parameter_sentence(key, value))
        return sentences


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
