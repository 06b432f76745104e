"""The law as data. Grades carry the integration contract's codes."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.audit import AuditedHistoricalModel
from accounts.models import BilingualNameMixin
from rulebooks.citations import cited


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
    SERIOUS_SMUGGLING = "serious_smuggling", _("Criminal smuggling of food, cosmetics or solid waste")
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
    CriterionKind.SOLID_WASTE_FINE: ("window_months", "amount_threshold"),
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
    article = models.CharField(_("article"), max_length=50, help_text=_("For example 'Art. 22(3)'."))
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
        help_text=_("Records older than this do not count."),
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

    class Meta:
        ordering = ["rulebook", "order"]
        verbose_name = _("dishonest criterion")
        verbose_name_plural = _("dishonest criteria")
        constraints = [
            models.UniqueConstraint(fields=["rulebook", "code"], name="criterion_code_per_rulebook"),
        ]

    @property
    def display_article(self):
        """The article as the reader's language cites it (`rulebooks.citations`)."""
        return cited(self.article)

    def clean(self):
        missing = [field for field in REQUIRED_PARAMETERS.get(self.kind, ()) if getattr(self, field) is None]
        if missing:
            raise ValidationError(
                {field: _("This kind of criterion needs this parameter.") for field in missing}
            )

    @property
    def repairable(self):
        return self.repair_waiting_months is not None and not self.serious_list


class Measure(BilingualTitleMixin, models.Model):
    """A differentiated administrative measure that applies to a grade under a rulebook."""

    RULEBOOK_PART = True

    rulebook = models.ForeignKey(
        Rulebook, verbose_name=_("rulebook"), on_delete=models.CASCADE, related_name="measures"
    )
    grade = models.CharField(_("grade"), max_length=30, choices=CreditGrade.choices)
    code = models.SlugField(_("code"), max_length=50)
    title = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300)
    value = models.CharField(
        _("value"),
        max_length=50,
        blank=True,
        help_text=_("A figure other systems apply, such as an inspection-rate factor."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["rulebook", "grade", "order"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.UniqueConstraint(fields=["rulebook", "grade", "code"], name="measure_code_per_grade"),
        ]
