"""Long operations a user asked for and follows on a page of their own while a worker runs them."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Operation(models.Model):
    """An import, a large export or a mock review, queued by a request and run by a Celery worker.

    The requester alone sees it (`/operations/<pk>/`): its status, how far it got (`done` of `total`,
    live from `background.progress` while it runs) and then its result: a summary (`result`), a file
    to download (`result_file`) or the error, written in the requester's language.
    """

    class Kind(models.TextChoices):
        IMPORT = "import", _("Import")
        EXPORT = "export", _("Export")
        MOCK_REVIEW = "mock_review", _("Mock review")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    FINISHED = (Status.SUCCEEDED, Status.FAILED)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="operations",
        verbose_name=_("requested by"),
    )
    # The worker writes the result and any error in the language the requester used.
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    # The uploaded input (an import's file), deleted once the operation has finished.
    source = models.FileField(_("source file"), upload_to="operations/sources/%Y/%m/", blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveBigIntegerField(_("done"), default=0)
    total = models.PositiveBigIntegerField(_("total"), null=True, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    result_file = models.FileField(_("result file"), upload_to="operations/results/%Y/%m/", blank=True)
    result_file_name = models.CharField(_("result file name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background operation")
        verbose_name_plural = _("background operations")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="operation_requester_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")) | models.Q(total__isnull=True),
                name="operation_done_within_total",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.subject}".strip()

    def get_absolute_url(self):
        return reverse("operation-detail", kwargs={"pk": self.pk})

    @property
    def is_finished(self):
        return self.status in self.FINISHED
