"""Credit cultivation: candidates in an office's pool, and the multi-year plans that coach them.

A plan carries milestones by phase, gaps against the standard items, guidance sessions and mock
reviews scored like a real certification; it ends in a recommendation to apply (opening a
pre-filled application) or an exit with a reason.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.audit import AuditedHistoricalModel
from accounts.models import CustomsOffice
from certification.models import Application, Result, StandardItem
from enterprises.models import Enterprise
from rulebooks.models import BusinessType, CreditGrade, Rulebook


class Candidate(models.Model):
    """An enterprise in an office's candidate pool: suggested by the nightly job or chosen by officers."""

    class Source(models.TextChoices):
        SELECTION = "selection", _("Chosen on the selection screen")
        SUGGESTION = "suggestion", _("Suggested by the nightly job")
        RECOMMENDATION = "recommendation", _("Recommended locally")

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        IN_POOL = "in_pool", _("In the pool")
        PLANNED = "planned", _("Cultivation plan opened")
        DISMISSED = "dismissed", _("Dismissed")

    OPEN_STATUSES = (Status.SUGGESTED, Status.IN_POOL)

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="candidacies"
    )
    office = models.ForeignKey(
        CustomsOffice, verbose_name=_("customs office"), on_delete=models.PROTECT, related_name="candidates"
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    reason = models.TextField(_("why it is a candidate"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    dismissal_reason = models.TextField(_("why it was dismissed"), blank=True)

    class Meta:
        ordering = ["-added_at", "-id"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(status__in=["suggested", "in_pool"]),
                name="one_open_candidacy_per_enterprise",
            )
        ]

    def __str__(self):
        return str(self.enterprise)


class CultivationPlan(models.Model):
    """A multi-year plan coaching one enterprise towards a target grade."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("In cultivation")
        RECOMMENDED = "recommended", _("Recommended to apply")
        EXITED = "exited", _("Exited")

    class ExitReason(models.TextChoices):
        WITHDREW = "withdrew", _("The enterprise withdrew")
        DISHONEST = "dishonest", _("The enterprise became dishonest")
        STALLED = "stalled", _("Stalled")
        CERTIFIED = "certified", _("Certified")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="cultivation_plans"
    )
    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("candidacy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
    )
    office = models.ForeignKey(
        CustomsOffice,
        verbose_name=_("cultivating customs office"),
        on_delete=models.PROTECT,
        related_name="cultivation_plans",
    )
    rulebook = models.ForeignKey(
        Rulebook, verbose_name=_("rulebook"), on_delete=models.PROTECT, related_name="cultivation_plans"
    )
    target_grade = models.CharField(_("target grade"), max_length=30, choices=CreditGrade.choices)
    business_types = models.ManyToManyField(BusinessType, verbose_name=_("business types"), related_name="+")
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible officers"), related_name="cultivation_plans"
    )
    starts_on = models.DateField(_("start"))
    target_on = models.DateField(_("target date"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    exit_reason = models.CharField(_("exit reason"), max_length=20, choices=ExitReason.choices, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cultivation_plan",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)

    history = HistoricalRecords(bases=[AuditedHistoricalModel], m2m_fields=[officers])

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("cultivation plan")
        verbose_name_plural = _("cultivation plans")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"], condition=Q(status="active"), name="one_active_plan_per_enterprise"
            ),
            models.CheckConstraint(
                condition=Q(target_on__gt=models.F("starts_on")), name="plan_ends_after_start"
            ),
        ]

    def __str__(self):
        return str(self.enterprise)

    def get_absolute_url(self):
        return reverse("plan-detail", args=[self.pk])

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE


class Milestone(models.Model):
    class Phase(models.TextChoices):
        DIAGNOSIS = "diagnosis", _("Diagnosis and gap analysis")
        IMPROVEMENT = "improvement", _("Improvement")
        PRE_REVIEW = "pre_review", _("Mock certification")
        APPLICATION = "application", _("Application")

    PHASE_ORDER = list(Phase.values)

    plan = models.ForeignKey(
        CultivationPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="milestones"
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(pgettext_lazy("milestone", "due on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        indexes = [
            models.Index(fields=["due_on"], condition=Q(completed_on__isnull=True), name="open_milestone_due")
        ]

    def __str__(self):
        return self.title


class MockReview(models.Model):
    """A pre-review of the plan's enterprise, scored by the certification scoring engine."""

    plan = models.ForeignKey(
        CultivationPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="mock_reviews"
    )
    held_on = models.DateField(_("held on"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), on_delete=models.PROTECT, related_name="+"
    )
    result = models.JSONField(_("scoring result"), default=dict)
    items_total = models.PositiveSmallIntegerField(_("items"))
    items_met = models.PositiveSmallIntegerField(_("items met"))
    passed = models.BooleanField(_("passes"))
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("mock review")
        verbose_name_plural = _("mock reviews")

    def __str__(self):
        return f"{self.plan} {self.held_on}"


class MockFinding(models.Model):
    review = models.ForeignKey(
        MockReview, verbose_name=_("mock review"), on_delete=models.CASCADE, related_name="findings"
    )
    item = models.ForeignKey(
        StandardItem, verbose_name=_("standard item"), on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(pgettext_lazy("mock audit", "finding"), max_length=20, choices=Result.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["item__order", "item__code"]
        verbose_name = _("mock finding")
        verbose_name_plural = _("mock findings")
        constraints = [models.UniqueConstraint(fields=["review", "item"], name="one_mock_finding_per_item")]

    def __str__(self):
        return f"{self.item.code}: {self.get_result_display()}"


class Gap(models.Model):
    """A standard item the enterprise does not yet meet, with who closes it and how far they are."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("progress", "Open")
        IN_PROGRESS = "in_progress", _("In progress")
        CLOSED = "closed", pgettext_lazy("progress", "Closed")

    plan = models.ForeignKey(
        CultivationPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="gaps"
    )
    item = models.ForeignKey(
        StandardItem, verbose_name=_("standard item"), on_delete=models.PROTECT, related_name="+"
    )
    finding = models.CharField(_("finding when found"), max_length=20, choices=Result.choices)
    found_in = models.ForeignKey(
        MockReview,
        verbose_name=_("found in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gaps_found",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cultivation_gaps",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    due_on = models.DateField(_("close by"), null=True, blank=True)
    progress = models.TextField(_("progress"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["item__order", "item__code"]
        verbose_name = _("gap")
        verbose_name_plural = _("gaps")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "item"], condition=~Q(status="closed"), name="one_open_gap_per_item"
            )
        ]

    def __str__(self):
        return f"{self.item.code} {self.plan}"

    @property
    def is_open(self):
        return self.status != self.Status.CLOSED


class GuidanceSession(models.Model):
    """Guidance given to one enterprise or, in a group session, to several plans at once."""

    class Kind(models.TextChoices):
        ONE_TO_ONE = "one_to_one", _("One-to-one")
        GROUP = "group", _("Group")

    class Mode(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        ONLINE = "online", _("Online")

    office = models.ForeignKey(
        CustomsOffice, verbose_name=_("customs office"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices)
    held_on = models.DateField(_("held on"))
    plans = models.ManyToManyField(CultivationPlan, verbose_name=_("plans"), related_name="sessions")
    attendees = models.TextField(_("attendees"))
    topics = models.TextField(_("topics"))
    notes = models.TextField(_("notes"), blank=True)
    follow_up = models.TextField(_("follow-up actions"), blank=True)
    shared_with_enterprise = models.BooleanField(
        _("share the notes with the enterprise"),
        default=True,
        help_text=_("Internal notes stay with customs when this is off."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("guidance session")
        verbose_name_plural = _("guidance sessions")

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_on}"
