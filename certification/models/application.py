"""A certification application (or a re-review) and everything recorded while it runs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.audit import AuditedHistoricalModel
from accounts.models import UploadedDocument
from certification.models.catalogue import StandardItem
from enterprises.models import Enterprise
from rulebooks.models import BusinessType, CreditGrade, Rulebook


class Result(models.TextChoices):
    """An item's self-assessment or finding."""

    MEETS = "meets", _("Meets")
    BASICALLY_MEETS = "basically_meets", _("Basically meets")
    FAILS = "fails", _("Fails")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class Application(models.Model):
    class Kind(models.TextChoices):
        CERTIFICATION = "certification", _("Certification")
        RE_REVIEW = "re_review", _("Re-review")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for more material")
        ACCEPTED = "accepted", _("Accepted")
        UNDER_AUDIT = "under_audit", _("Under audit")
        RECTIFICATION = "rectification", _("Rectification")
        PAUSED = "paused", _("Paused")
        CERTIFIED = "certified", _("Certified")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        TERMINATED = "terminated", _("Terminated")

    # Statuses in which the certification clock runs (or is paused) and customs still has to act.
    OPEN_STATUSES = (
        Status.SUBMITTED,
        Status.ACCEPTED,
        Status.UNDER_AUDIT,
        Status.RECTIFICATION,
        Status.PAUSED,
    )
    CLOSED_STATUSES = (Status.CERTIFIED, Status.REFUSED, Status.WITHDRAWN, Status.TERMINATED)

    class ReReviewTrigger(models.TextChoices):
        PERIODIC = "periodic", _("Periodic re-review")
        CASE_FILED = "case_filed", _("A case was filed")
        CHANGE_EVENT = "change_event", _("A change of the enterprise")
        RISK_ALERT = "risk_alert", _("A risk alert")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="applications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CERTIFICATION)
    rulebook = models.ForeignKey(
        Rulebook, verbose_name=_("rulebook"), on_delete=models.PROTECT, related_name="applications"
    )
    target_grade = models.CharField(_("grade applied for"), max_length=30, choices=CreditGrade.choices)
    business_types = models.ManyToManyField(BusinessType, verbose_name=_("business types"), related_name="+")
    production_enterprise = models.BooleanField(
        _("production enterprise"),
        default=False,
        help_text=_("Some financial thresholds differ for production enterprises."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    certificate = models.ForeignKey(
        "certification.Certificate",
        verbose_name=_("certificate under re-review"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="re_reviews",
    )
    trigger = models.CharField(
        _("re-review trigger"), max_length=20, choices=ReReviewTrigger.choices, blank=True
    )
    receipt_number = models.CharField(_("receipt number"), max_length=30, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for a re-review the schedule opened."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    clock_started_on = models.DateField(_("clock started"), null=True, blank=True)
    extended = models.BooleanField(_("extended"), default=False)
    paused_on = models.DateField(_("paused since"), null=True, blank=True)
    paused_from_status = models.CharField(_("status before the pause"), max_length=20, blank=True)
    paused_days = models.PositiveIntegerField(_("days paused before"), default=0)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    result = models.JSONField(_("scoring result"), default=dict, blank=True)

    history = HistoricalRecords(bases=[AuditedHistoricalModel], m2m_fields=[business_types])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("certification application")
        verbose_name_plural = _("certification applications")
        constraints = [
            # One application in progress per enterprise: a second would split the audit.
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=~Q(status__in=["certified", "refused", "withdrawn", "terminated"]),
                name="one_open_application_per_enterprise",
            ),
        ]
        indexes = [models.Index(fields=["status", "clock_started_on"], name="application_clock_idx")]

    def __str__(self):
        return self.receipt_number or _("Draft application %(id)s") % {"id": self.pk}

    def get_absolute_url(self):
        return reverse("application-detail", args=[self.pk])

    @property
    def is_re_review(self):
        return self.kind == self.Kind.RE_REVIEW


class ApplicationItem(models.Model):
    """One applicable standard item: the enterprise's self-assessment beside the team's finding."""

    class Rectification(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ANSWERED = "answered", pgettext_lazy("rectification status", "Answered")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="items"
    )
    item = models.ForeignKey(
        StandardItem, verbose_name=_("standard item"), on_delete=models.PROTECT, related_name="+"
    )
    self_assessment = models.CharField(
        _("self-assessment"), max_length=20, choices=Result.choices, blank=True
    )
    explanation = models.TextField(_("explanation"), blank=True)
    finding = models.CharField(_("finding"), max_length=20, choices=Result.choices, blank=True)
    finding_notes = models.TextField(_("notes of the team"), blank=True)
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("found by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    found_at = models.DateTimeField(_("found"), null=True, blank=True)
    rectification = models.CharField(
        _("rectification"), max_length=10, choices=Rectification.choices, blank=True
    )
    rectification_due = models.DateField(_("rectify by"), null=True, blank=True)
    rectification_request = models.TextField(_("what to rectify"), blank=True)
    rectification_answer = models.TextField(_("rectification answer"), blank=True)
    rectification_note = models.TextField(_("team's note on the answer"), blank=True)

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["application", "item__order", "item__code"]
        verbose_name = _("application item")
        verbose_name_plural = _("application items")
        constraints = [
            models.UniqueConstraint(fields=["application", "item"], name="one_row_per_item_per_application"),
        ]

    def __str__(self):
        return str(self.item)


class Evidence(UploadedDocument):
    """A document supporting a self-assessment, a finding or a rectification answer."""

    class Stage(models.TextChoices):
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
        FINDING = "finding", _("Finding")
        RECTIFICATION = "rectification", _("Rectification")

    application_item = models.ForeignKey(
        ApplicationItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="evidence"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")

    class Meta(UploadedDocument.Meta):
        verbose_name = _("evidence document")
        verbose_name_plural = _("evidence documents")


class Transition(models.Model):
    """One step of an application: who moved it, when, from which status to which, and why."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20, choices=Application.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Application.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")

    def __str__(self):
        return f"{self.action}: {self.from_status} -> {self.to_status}"


class TeamMember(models.Model):
    """An officer on the certification team of an application."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="team"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="+"
    )
    is_leader = models.BooleanField(_("team leader"), default=False)

    class Meta:
        ordering = ["-is_leader", "id"]
        verbose_name = _("team member")
        verbose_name_plural = _("certification team")
        constraints = [
            models.UniqueConstraint(fields=["application", "officer"], name="officer_once_per_team"),
        ]

    def __str__(self):
        return str(self.officer)


class AuditVisit(models.Model):
    """An on-site audit the team has planned."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="visits"
    )
    visit_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=300)
    agenda = models.TextField(_("agenda"))
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("planned by"), on_delete=models.PROTECT, related_name="+"
    )
    # Set when the team confirms the audit took place before the planned day (review.audit_held).
    held_on = models.DateField(_("took place on"), null=True, blank=True)

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["visit_on", "id"]
        verbose_name = _("on-site audit")
        verbose_name_plural = _("on-site audits")

    def __str__(self):
        return f"{self.visit_on} {self.place}"
