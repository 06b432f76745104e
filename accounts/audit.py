"""The audit trail: who changed what, when, and from which request.

Two kinds of history, as the architecture asks:
- field-level history of every domain model comes from django-simple-history;
  each historical row also records the request id and client address;
- business events are `ActivityEntry` rows written by services through
  `record_activity`, in the same transaction as the change, each linked to the one
  before it by hash (`accounts.chain`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.request_context import request_metadata


class AuditedHistoricalModel(models.Model):
    """Extra columns on every historical table: the request a change came from."""

    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        abstract = True


def stamp_historical_record(sender, history_instance, **kwargs):
    """simple-history hook: copy the current request's id and address onto the row."""
    history_instance.request_id, history_instance.ip_address = request_metadata()


def record_activity(*, actor, verb, target, changes=None, note=""):
    """Append one business event about `target` to the activity log."""
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import ActivityEntry

    request_id, ip_address = request_metadata()
    return ActivityEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        changes=changes or {},
        note=note,
        request_id=request_id,
        ip_address=ip_address,
    )


def record_activities(*, actor, verb, targets, note=""):
    """The same business event about many objects (a scheduled job's run), in one INSERT per 1,000."""
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import ActivityEntry

    request_id, ip_address = request_metadata()
    entries = [
        ActivityEntry(
            actor=actor if getattr(actor, "pk", None) else None,
            verb=verb,
            target_type=ContentType.objects.get_for_model(target),
            target_id=str(target.pk),
            target_repr=str(target)[:255],
            note=note,
            request_id=request_id,
            ip_address=ip_address,
        )
        for target in targets
    ]
    ActivityEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)
