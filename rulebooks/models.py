"""The law as data. Grades carry the integration contract's codes."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.audit import AuditedHistoricalModel
from accounts.models import BilingualNameMixin
from rulebooks.citations import cited, uncited
from rulebooks.working_days import FIRST_CALENDAR_YEAR, LAST_CALENDAR_YEAR, clean_calendar_year


class CreditGrade(models.TextChoices):
    """Credit grade codes of the published API; a rulebook says which apply when."""

    ADVANCED_CERTIFIED = "advanced_certified", _("Advanced certified enterprise")
    CERTIFIED = "certified", _("Certified enterprise")
    REGULAR = "regular", _("Regular enterprise")
    DISHONEST = "dishonest", _("Dishonest enterprise")
    SERIOUSLY_DISHONEST = "seriously_dishonest", _("Seriously dishonest enterprise")


AEO_GRADES = frozenset({CreditGrade.ADVANCED_CERTIFIED, CreditGrade.CERTIFIED})
# No certification application is open from these: a dishonest enterprise repairs its credit first,
# an advanced certified one holds the highest grade already.
NO_APPLICATION_GRADES = frozenset(
    {CreditGrade.ADVANCED_CERTIFIED, CreditGrade.DISHONEST, CreditGrade.SERIOUSLY_DISHONEST}
)


class BusinessType(BilingualNameMixin, models.Model):
    """A kind of customs business (consignee/consignor, broker, ...): an enterprise has several."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("business type")
        verbose_name_plural = _("business types")

    def __str__(self):
        return self.display_name


class ScoringMethod(models.TextChoices):
    """How certification findings become a result (domain brief, section 5)."""

    POINTS = "points", _("Points method")
    COUNT = "count", _("Count method")


class Rulebook(models.Model):
    """One version of the credit regulations, in force from `effective_from` to `effective_to`.

    Every determination, repair, certificate and ledger entry points at the rulebook it was made
    under, so a rulebook that is in use is never edited: a new version is made instead.
    """

    code = models.SlugField(_("code"), max_length=50, unique=True)
    title = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300)
    source = models.TextField(
        _("source"),
        blank=True,
        help_text=_(
            "Where the text and figures come from; '(verify)' marks what the published text did not confirm."
        ),
    )
    effective_from = models.DateField(_("effective from"), unique=True)
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    statement_period_working_days = models.PositiveSmallIntegerField(
        _("statement period (working days)"),
        default=5,
        help_text=_("Time an enterprise has to state its case after a pre-notice."),
    )
    automatic_repair_months = models.PositiveSmallIntegerField(
        _("automatic repair after (months)"),
        default=24,
        help_text=_("Consecutive months with no criterion met after which customs restores the grade."),
    )
    repair_answer_days = models.PositiveSmallIntegerField(_("repair answer period (days)"), default=20)
    objection_recheck_days = models.PositiveSmallIntegerField(
        _("objection re-check period (days)"), default=20
    )
    reconsideration_days = models.PositiveSmallIntegerField(
        _("administrative reconsideration within (days)"),
        default=60,
        help_text=_("Stated in every decision: Administrative Reconsideration Law (2023 revision), Art. 20."),
    )
    litigation_months = models.PositiveSmallIntegerField(
        _("administrative litigation within (months)"),
        default=6,
        help_text=_("Stated in every decision: Administrative Procedure Law, Art. 46."),
    )
    penalty_publication_months = models.PositiveSmallIntegerField(
        _("penalty publication period (months)"),
        default=12,
        help_text=_("How long a penalty stays on the public credit page."),
    )
    re_review_years = models.PositiveSmallIntegerField(_("re-review period (years)"), default=5)
    application_bar_months = models.PositiveSmallIntegerField(_("application bar (months)"), default=12)
    certification_days = models.PositiveSmallIntegerField(
        _("certification period (days)"),
        default=90,
        help_text=_("Customs decides on an application within this many days of its submission."),
    )
    certification_extension_days = models.PositiveSmallIntegerField(
        _("certification extension (days)"), default=30, help_text=_("Granted at most once.")
    )
    pause_limit_months = models.PositiveSmallIntegerField(
        _("longest pause (months)"),
        default=3,
        help_text=_("An application paused by a case filed longer than this is terminated."),
    )
    scoring_method = models.CharField(
        _("scoring method"), max_length=10, choices=ScoringMethod.choices, default=ScoringMethod.COUNT
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (points method)"), default=95, help_text=_("100 plus deductions and bonus.")
    )
    bonus_cap = models.PositiveSmallIntegerField(_("bonus points at most (points method)"), default=2)
    max_basically_meets = models.PositiveSmallIntegerField(
        _("'basically meets' items allowed (count method)"), null=True, blank=True
    )
    max_basically_meets_key_parts = models.PositiveSmallIntegerField(
        _("'basically meets' items allowed in internal control and trade security"),
        null=True,
        blank=True,
        help_text=_("Empty: no separate limit."),
    )

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("rulebook")
        verbose_name_plural = _("rulebooks")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="rulebook_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return self.title_en if (get_language() or "").startswith("en") else self.title

    def covers(self, day):
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


class BilingualTitleMixin:
    @property
    def display_title(self):
        return self.title_en if (get_language() or "").startswith("en") and self.title_en else self.title

    def __str__(self):
        return self.display_title


class RulebookGrade(BilingualNameMixin, models.Model):
    """A grade a rulebook knows, in its order from best to worst."""

    RULEBOOK_PART = True

    rulebook = models.ForeignKey(
        Rulebook, verbose_name=_("rulebook"), on_delete=models.CASCADE, related_name="grades"
    )
    grade = models.CharField(_("grade"), max_length=30, choices=CreditGrade.choices)
    name = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=200)
    is_aeo = models.BooleanField(_("AEO grade"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["rulebook", "order"]
        verbose_name = _("rulebook grade")
        verbose_name_plural = _("rulebook grades")
        constraints = [
            models.UniqueConstraint(fields=["rulebook", "grade"], name="one_grade_per_rulebook"),
        ]

    def __str__(self):
        return self.display_name


class PublicationLevel(models.TextChoices):
    MINOR = "minor", _("Minor")
    GENERAL = "general", _("General")
    SERIOUS = "serious", _("Serious")


class PublicationPeriod(models.Model):
    """How long a dishonesty record of a level stays public under a rulebook."""

    RULEBOOK_PART = True

    rulebook = models.ForeignKey(
        Rulebook, verbose_name=_("rulebook"), on_delete=models.CASCADE, related_name="publication_periods"
    )
    level = models.CharField(_("level"), max_length=10, choices=PublicationLevel.choices)
    min_months = models.PositiveSmallIntegerField(_("at least (months)"), default=0)
    max_months = models.PositiveSmallIntegerField(_("at most (months)"))
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["rulebook", "max_months"]
        verbose_name = _("publication period")
        verbose_name_plural = _("publication periods")
        constraints = [
            models.UniqueConstraint(fields=["rulebook", "level"], name="one_period_per_level"),
            models.CheckConstraint(
                condition=models.Q(max_months__gte=models.F("min_months")), name="publication_min_le_max"
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()}: {self.min_months}-{self.max_months}"


class CriterionKind(models.TextChoices):
    """What evidence a dishonest criterion looks at; the evaluation has one query per kind."""

    CRIMINAL_SMUGGLING = "criminal_smuggling", _("Criminal liability for smuggling")
    ADMINISTRATIVE_SMUGGLING = "administrative_smuggling", _("Smuggling punished administratively")
    SUPERVISION_VIOLATIONS = "supervision_violations", _("Supervision-rule violations above a ratio")
    TAX_ARREARS = "tax_arrears", _("Tax unpaid after it fell due")
    FINE_ARREARS = "fine_arrears", _("Fines or confiscations unpaid after they fell due")
    OBSTRUCTION = "obstruction", _("Obstructing customs officers")
    BRIBERY = "bribery", _("Bribing customs officers")
    # The code predates the wording: the offences need not be smuggling (Order 251 Art. 23(1)).
    SERIOUS_SMUGGLING = (
        "serious_smuggling",
        _("Crime against the import/export food-safety or cosmetics rules, or smuggling solid waste"),
    )
    SOLID_WASTE_FINE = "solid_waste_fine", _("Large fine for illegally importing solid waste")
    OTHER_BY_LAW = "other_by_law", _("Other cases set by law")


# The parameters each kind needs; `clean()` refuses a criterion without them.
REQUIRED_PARAMETERS = {
    CriterionKind.SUPERVISION_VIOLATIONS: (
        "window_months",
        "ratio_per_thousand",
        "ratio_per_thousand_broker",
        "fine_threshold",
        "fine_threshold_broker",
    ),
    CriterionKind.TAX_ARREARS: ("overdue_months",),
    CriterionKind.FINE_ARREARS: ("overdue_months", "amount_threshold"),
    CriterionKind.SOLID_WASTE_FINE: ("amount_threshold",),
}
PENALTY_KINDS = (
    CriterionKind.CRIMINAL_SMUGGLING,
    CriterionKind.ADMINISTRATIVE_SMUGGLING,
    CriterionKind.OBSTRUCTION,
    CriterionKind.BRIBERY,
    CriterionKind.SERIOUS_SMUGGLING,
)


class DishonestCriterion(BilingualTitleMixin, models.Model):
    """One ground for determining an enterprise dishonest, with its thresholds and periods."""

    RULEBOOK_PART = True

    rulebook = models.ForeignKey(
        Rulebook, verbose_name=_("rulebook"), on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.SlugField(_("code"), max_length=30)
    article = models.CharField(
        _("article"),
        max_length=50,
        null=True,
        blank=True,
        help_text=_("For example 'Art. 22(3)'. Empty while the published text does not confirm the number."),
    )
    title = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=CriterionKind.choices)
    resulting_grade = models.CharField(
        _("resulting grade"),
        max_length=30,
        choices=[
            (CreditGrade.DISHONEST, CreditGrade.DISHONEST.label),
            (CreditGrade.SERIOUSLY_DISHONEST, CreditGrade.SERIOUSLY_DISHONEST.label),
        ],
        default=CreditGrade.DISHONEST,
    )
    serious_list = models.BooleanField(
        _("serious-dishonesty list"),
        default=False,
        help_text=_("Listed enterprises cannot apply for credit repair."),
    )
    publication_level = models.CharField(
        _("publication level"),
        max_length=10,
        choices=PublicationLevel.choices,
        default=PublicationLevel.GENERAL,
    )
    evaluated = models.BooleanField(
        _("evaluated on schedule"),
        default=True,
        help_text=_("Off for grounds that only an officer can establish."),
    )
    window_months = models.PositiveSmallIntegerField(
        _("look-back window (months)"),
        null=True,
        blank=True,
        help_text=_(
            "Records older than this do not count. Empty where the law states no window: records then "
            "count for the rulebook's automatic-repair period."
        ),
    )
    ratio_per_thousand = models.DecimalField(
        _("violations per 1,000 documents (non-brokers)"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
    )
    ratio_per_thousand_broker = models.DecimalField(
        _("violations per 1,000 documents (brokers)"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
    )
    fine_threshold = models.DecimalField(
        _("fine total above (non-brokers, RMB)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    fine_threshold_broker = models.DecimalField(
        _("fine total above (brokers, RMB)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    count_unintentional_non_broker = models.BooleanField(
        _("count unintentional violations of non-brokers"), default=False
    )
    overdue_months = models.PositiveSmallIntegerField(
        _("unpaid for more than (months)"), null=True, blank=True
    )
    amount_threshold = models.DecimalField(
        _("amount above (RMB)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    repair_waiting_months = models.PositiveSmallIntegerField(
        _("repair possible after (months)"),
        null=True,
        blank=True,
        help_text=_("Empty: credit repair by application is not possible."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["rulebook", "order"]
        verbose_name = _("dishonest criterion")
        verbose_name_plural = _("dishonest criteria")
        constraints = [
            models.UniqueConstraint(fields=["rulebook", "code"], name="criterion_code_per_rulebook"),
        ]

    @property
    def display_article(self):
        """The article as the reader's language cites it (`rulebooks.citations`).

        Where the article is not known the citation says so, rather than show a number borrowed
        from another rulebook.
        """
        return cited(self.article) if self.article else uncited()

    def clean(self):
        missing = [field for field in REQUIRED_PARAMETERS.get(self.kind, ()) if getattr(self, field) is None]
        if missing:
            raise ValidationError(
                {field: _("This kind of criterion needs this parameter.") for field in missing}
            )

    @property
    def repairable(self):
        return self.repair_waiting_months is not None and not self.serious_list


# The measure whose presence for a grade gives its enterprises a coordinator: GAC Announcement 2018
# No. 181 serves advanced certified enterprises; each rulebook says which of its grades get one.
COORDINATOR_MEASURE = "coordinator"


class MeasureKind(models.TextChoices):
    """How a measure's figure is read, so that no consuming system misreads 0.8 as a share of a rate."""

    ABSOLUTE_FLOOR = "absolute_floor", _("Absolute floor")
    RELATIVE_CEILING = "relative_ceiling", _("Relative ceiling")
    FLAG = "flag", _("Flag")
    AMOUNT = "amount", _("Amount")


class MeasureMetric(models.TextChoices):
    """The rate a floor or ceiling bounds."""

    INSPECTION_RATE = "inspection_rate", _("inspection rate")
    ORIGIN_VERIFICATION_RATE = "origin_verification_rate", _("origin-verification sampling ratio")


class MeasureBasis(models.TextChoices):
    """Whose average rate a relative ceiling is a share of."""

    REGULAR_ENTERPRISES = "regular_enterprises", _("enterprises under regular measures")
    ALL_ENTERPRISES = "all_enterprises", _("all enterprises")


RATE_KINDS = (MeasureKind.ABSOLUTE_FLOOR, MeasureKind.RELATIVE_CEILING)
FIGURE_KINDS = (*RATE_KINDS, MeasureKind.AMOUNT)


def _rate(text):
    """A share written as 0..1 or as a percentage ('80%', '80 %'), as a Decimal in 0..1; None if neither."""
    text = (text or "").strip()
    percent = text.endswith("%")
    try:
        figure = Decimal(text.rstrip("%").strip())
    except InvalidOperation:
        return None
    if not figure.is_finite():
        return None
    figure = figure / 100 if percent else figure
    return figure if 0 <= figure <= 1 else None


def _percent(share):
    """0.2 -> '20%', 0.125 -> '12.5%'."""
    return f"{(share * 100).normalize():f}%"


class Measure(BilingualTitleMixin, models.Model):
    """A differentiated administrative measure that applies to a grade under a rulebook.

    `kind` says how `value` is read: an absolute floor of a rate (dishonest enterprises: inspection
    rate 80 % or more), a ceiling relative to the average rate of `basis` (advanced certified: below
    20 % of it), a flag (the measure applies, no figure) or an amount in RMB. Rates are shares in 0..1.
    """

    RULEBOOK_PART = True

    rulebook = models.ForeignKey(
        Rulebook, verbose_name=_("rulebook"), on_delete=models.CASCADE, related_name="measures"
    )
    grade = models.CharField(_("grade"), max_length=30, choices=CreditGrade.choices)
    code = models.SlugField(_("code"), max_length=50)
    title = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=MeasureKind.choices,
        default=MeasureKind.FLAG,
        help_text=_(
            "How the value is read: a floor or ceiling of a rate, a flag without a figure, an amount."
        ),
    )
    value = models.CharField(
        _("value"),
        max_length=50,
        blank=True,
        help_text=_(
            "Floors and ceilings: a share from 0 to 1 (80% may be typed as 80%). Amounts: RMB. Flags: empty."
        ),
    )
    metric = models.CharField(
        _("rate"),
        max_length=30,
        choices=MeasureMetric.choices,
        blank=True,
        help_text=_("The rate a floor or ceiling bounds."),
    )
    basis = models.CharField(
        _("relative to the average of"),
        max_length=30,
        choices=MeasureBasis.choices,
        blank=True,
        help_text=_("A relative ceiling is a share of the average rate of these enterprises."),
    )
    inclusive = models.BooleanField(
        _("figure included"),
        default=True,
        help_text=_(
            "On: the figure itself is allowed ('80% or more', 'at most 20%'). Off: it is not ('below 20%')."
        ),
    )
    source = models.TextField(
        _("source"), blank=True, help_text=_("Article and references; '(verify)' marks figures to check.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["rulebook", "grade", "order"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.UniqueConstraint(fields=["rulebook", "grade", "code"], name="measure_code_per_grade"),
            models.CheckConstraint(
                condition=~models.Q(kind=MeasureKind.FLAG) | models.Q(value=""),
                name="measure_flag_has_no_value",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=FIGURE_KINDS) | ~models.Q(value=""),
                name="measure_figure_has_a_value",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=RATE_KINDS) | ~models.Q(metric=""),
                name="measure_rate_has_a_metric",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind=MeasureKind.RELATIVE_CEILING) & ~models.Q(basis=""))
                | (~models.Q(kind=MeasureKind.RELATIVE_CEILING) & models.Q(basis="")),
                name="measure_basis_only_for_relative_ceiling",
            ),
        ]

    def clean(self):
        errors = {}
        if self.kind == MeasureKind.FLAG and self.value.strip():
            errors["value"] = _("A flag has no figure: leave the value empty.")
        elif self.kind in RATE_KINDS:
            share = _rate(self.value)
            if share is None:
                errors["value"] = _("Give a share from 0 to 1, or a percentage from 0% to 100%.")
            else:
                self.value = f"{share.normalize():f}"
        elif self.kind == MeasureKind.AMOUNT:
            try:
                amount = Decimal(self.value.strip())
            except InvalidOperation:
                amount = None
            if amount is None or not amount.is_finite() or amount < 0:
                errors["value"] = _("Give an amount in RMB, such as 500000.")
        if self.kind in RATE_KINDS and not self.metric:
            errors["metric"] = _("Say which rate this bounds.")
        if self.kind not in RATE_KINDS and self.metric:
            errors["metric"] = _("Only a floor or a ceiling bounds a rate.")
        if self.kind == MeasureKind.RELATIVE_CEILING and not self.basis:
            errors["basis"] = _("A relative ceiling needs the average it is relative to.")
        if self.kind != MeasureKind.RELATIVE_CEILING and self.basis:
            errors["basis"] = _("Only a relative ceiling is relative to an average.")
        if self.code == COORDINATOR_MEASURE and self.kind != MeasureKind.FLAG:
            errors["kind"] = _("The coordinator measure is a flag: a grade either gets a coordinator or not.")
        if errors:
            raise ValidationError(errors)

    @property
    def unit(self):
        """What `value` is in, for the integration API: a share of 1, RMB, or nothing for a flag."""
        if self.kind in RATE_KINDS:
            return "fraction"
        return "CNY" if self.kind == MeasureKind.AMOUNT else None

    @property
    def reading(self):
        """The figure as a sentence in the reader's language ('查验率不低于80%'); empty for a flag."""
        if self.kind in RATE_KINDS:
            share = _rate(self.value)
            if share is None:
                return ""
            rate = MeasureMetric(self.metric).label if self.metric in MeasureMetric.values else self.metric
            if self.kind == MeasureKind.ABSOLUTE_FLOOR:
                text = (
                    gettext("%(rate)s at least %(share)s")
                    if self.inclusive
                    else gettext("%(rate)s above %(share)s")
                )
                return capfirst(text % {"rate": rate, "share": _percent(share)})
            basis = MeasureBasis(self.basis).label if self.basis in MeasureBasis.values else self.basis
            text = (
                gettext("average %(rate)s at most %(share)s of the average %(rate)s of %(basis)s")
                if self.inclusive
                else gettext("average %(rate)s below %(share)s of the average %(rate)s of %(basis)s")
            )
            return capfirst(text % {"rate": rate, "share": _percent(share), "basis": basis})
        if self.kind == MeasureKind.AMOUNT and self.value:
            return gettext("RMB %(amount)s") % {"amount": self.value}
        return ""


class RecordRuleKind(models.TextChoices):
    """Which penalties a dated rule leaves out of the credit criteria, and which date of theirs decides."""

    UNINTENTIONAL_NON_BROKER = (
        "unintentional_non_broker",
        _("Violations without subjective intent of non-brokers left out of the supervision-rule criterion"),
    )
    VOLUNTARY_DISCLOSURE = (
        "voluntary_disclosure",
        _("Voluntarily disclosed violations left out of the credit criteria"),
    )


class RecordRule(BilingualTitleMixin, models.Model):
    """A GAC announcement that, for a stated period, leaves some penalties out of the credit criteria.

    A dated rule, not a permanent one: it applies only to penalties whose date lies in
    [`effective_from`, `effective_to`], the day of the penalty decision for violations without
    subjective intent (非主观故意, GAC Announcement 2023 No. 170), the day of the disclosure for a
    voluntary disclosure (主动披露), which the announcement then in force governs. A voluntarily
    disclosed penalty is left out only when it is a warning or a fine of at most `fine_limit`.
    """

    RULEBOOK_PART = True

    rulebook = models.ForeignKey(
        Rulebook, verbose_name=_("rulebook"), on_delete=models.CASCADE, related_name="record_rules"
    )
    code = models.SlugField(_("code"), max_length=50)
    kind = models.CharField(_("kind"), max_length=30, choices=RecordRuleKind.choices)
    title = models.CharField(
        _("title (Chinese)"), max_length=200, help_text=_("The announcement's number and title.")
    )
    title_en = models.CharField(_("title (English)"), max_length=300)
    effective_from = models.DateField(_("applies from"))
    effective_to = models.DateField(
        _("applies until"), null=True, blank=True, help_text=_("Empty: no end date is stated.")
    )
    fine_limit = models.DecimalField(
        _("fine at most (RMB)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Voluntary disclosure: a warning or a fine up to this amount is left out."),
    )
    source = models.TextField(
        _("source"),
        blank=True,
        help_text=_(
            "Where the text and dates come from; '(verify)' marks what the published text did not confirm."
        ),
    )

    class Meta:
        ordering = ["rulebook", "kind", "effective_from"]
        verbose_name = _("record rule")
        verbose_name_plural = _("record rules")
        constraints = [
            models.UniqueConstraint(fields=["rulebook", "code"], name="record_rule_code_per_rulebook"),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="record_rule_ends_after_it_starts",
            ),
        ]

    def clean(self):
        if self.kind == RecordRuleKind.VOLUNTARY_DISCLOSURE and self.fine_limit is None:
            raise ValidationError({"fine_limit": _("A voluntary-disclosure rule needs its fine limit.")})

    def covers(self, day):
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


class WorkingCalendarYear(models.Model):
    """One year of the State Council's holiday notice (国务院办公厅关于<year>年部分节假日安排的通知).

    Its holiday periods are not working days and its make-up working days (调休上班: a Saturday or
    Sunday worked instead) are; a year without a row counts Monday to Friday. Seeded from
    `data/working_calendar.json`, entered by administrators when the next notice is published
    (`rulebooks.services.working_calendar_year_create` / `_update`), read whole and cached by
    `rulebooks.working_days`.
    """

    year = models.PositiveSmallIntegerField(
        _("year"),
        primary_key=True,
        validators=[MinValueValidator(FIRST_CALENDAR_YEAR), MaxValueValidator(LAST_CALENDAR_YEAR)],
    )
    notice = models.CharField(
        _("notice"),
        max_length=200,
        help_text=_("The State Council's notice, such as 国务院办公厅关于2026年部分节假日安排的通知."),
    )
    notice_number = models.CharField(
        _("document number"), max_length=50, blank=True, help_text=_("For example 国办发明电〔2024〕12号.")
    )
    notice_date = models.DateField(_("notice dated"), null=True, blank=True)
    source = models.TextField(
        _("source"),
        blank=True,
        help_text=_("Where the dates were checked: the official publication, or the reprints compared."),
    )
    # [{"name": "春节", "from": "2026-02-15", "to": "2026-02-23"}, ...] and ["2026-02-14", ...]
    holidays = models.JSONField(_("holidays"), default=list, blank=True)
    make_up_working_days = models.JSONField(_("make-up working days"), default=list, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who entered or last changed it; empty for the shipped data."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["-year"]
        verbose_name = _("working-day calendar")
        verbose_name_plural = _("working-day calendars")

    def __str__(self):
        return str(self.year)

    def clean(self):
        """The year's days in stored form (ISO dates, in order), or every problem with them."""
        if self.year is not None:
            self.holidays, self.make_up_working_days = clean_calendar_year(
                self.year, self.holidays, self.make_up_working_days
            )
