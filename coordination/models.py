"""Coordinators: who may look after AEO enterprises, where, how many, with which expertise."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.audit import AuditedHistoricalModel
from accounts.models import CustomsOffice, UploadedDocument
from rulebooks.models import BusinessType


class CoordinatorProfile(models.Model):
    """A coordinator of a directly-under customs; assignment balances load within the office."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.PROTECT,
        related_name="coordinator_profile",
    )
    office = models.ForeignKey(
        CustomsOffice,
        verbose_name=_("directly-under customs"),
        on_delete=models.PROTECT,
        related_name="coordinators",
        limit_choices_to={"level": CustomsOffice.Level.DIRECTLY_UNDER},
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), default=40, help_text=_("Enterprises this coordinator can look after at most.")
    )
    expertise = models.ManyToManyField(
        BusinessType, verbose_name=_("business-type expertise"), blank=True, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(bases=[AuditedHistoricalModel], m2m_fields=[expertise])

    class Meta:
        ordering = ["office__code", "user__username"]
        verbose_name = _("coordinator profile")
        verbose_name_plural = _("coordinator profiles")

    def __str__(self):
        return str(self.user)


class Case(models.Model):
    """A matter an enterprise brings to its coordinator, served within the category's deadline."""

    class Category(models.TextChoices):
        POLICY_CONSULTATION = "policy_consultation", _("Policy consultation")
        DIFFICULT_MATTER = "difficult_matter", _("Difficult customs matter")
        RECTIFICATION_GUIDANCE = "rectification_guidance", _("Rectification guidance")
        COMPLAINT = "complaint", _("Complaint")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("case status", "Open")
        IN_PROGRESS = "in_progress", _("In progress")
        CLOSED = "closed", _("Closed")

    # Service deadlines in calendar days, by category: the coordination service standard.
    SERVICE_DAYS = {
        Category.POLICY_CONSULTATION: 5,
        Category.DIFFICULT_MATTER: 10,
        Category.RECTIFICATION_GUIDANCE: 10,
        Category.COMPLAINT: 15,
    }

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="cases"
    )
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_cases",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    due_on = models.DateField(_("serve by"))
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("comment on the service"), blank=True)

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [models.Index(fields=["coordinator", "status", "due_on"], name="case_queue_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="case_rating_one_to_five",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.subject}"

    def get_absolute_url(self):
        return reverse("case-detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status != self.Status.CLOSED


class CaseAttachment(UploadedDocument):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="cases/%Y/%m/")

    class Meta(UploadedDocument.Meta):
        verbose_name = _("case attachment")
        verbose_name_plural = _("case attachments")


class ServiceLogEntry(models.Model):
    """One contact with the enterprise on a case: when, with whom, how, who from customs, the result."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Telephone")
        ONLINE = "online", _("Online")
        MEETING = "meeting", _("Meeting at customs")
        SITE_VISIT = "site_visit", _("Site visit")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="log")
    contact_at = models.DateTimeField(_("time of contact"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    people = models.CharField(_("people contacted"), max_length=300)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("customs staff involved"), related_name="+"
    )
    departments = models.CharField(_("departments involved"), max_length=300, blank=True)
    result = models.TextField(_("result"))
    next_action = models.CharField(
        _("next action"),
        max_length=300,
        blank=True,
        help_text=_("What happens next and who does it, for whoever picks the case up."),
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("logged by"), on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField(_("logged"), auto_now_add=True)

    class Meta:
        ordering = ["contact_at", "id"]
        verbose_name = _("service log entry")
        verbose_name_plural = _("service log")

    def __str__(self):
        return f"{self.contact_at:%Y-%m-%d} {self.get_channel_display()}"
