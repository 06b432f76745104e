"""Enterprise users asking customs to correct their register entry, and customs answering."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import record_activity
from accounts.models import Role, User
from core.errors import InvalidState, NotPermitted
from enterprises.models import CorrectionRequest, Enterprise
from enterprises.services import require_register_keeper
from notifications.services import notify_users

REQUESTED_SUBJECT = gettext_lazy("Correction requested: %(enterprise)s")
REQUESTED_BODY = gettext_lazy("%(field)s should be: %(value)s")
ANSWERED_SUBJECT = gettext_lazy("Your correction request: %(status)s")


def _officers_of(enterprise):
    """Officers of the supervising office and of the directly-under customs above it."""
    office = enterprise.customs_office
    return User.objects.filter(role=Role.OFFICER, is_active=True, office__in=[office, office.parent_id])


def correction_request_create(*, actor, enterprise, field, correct_value):
    membership = getattr(actor, "enterprise_membership", None)
    if actor.role != Role.ENTERPRISE or membership is None or membership.enterprise_id != enterprise.pk:
        raise NotPermitted(_("Only the enterprise's own users request corrections of its entry."))
    field, correct_value = field.strip(), correct_value.strip()
    with transaction.atomic():
        # One request at a time per enterprise, so the same request sent twice is made once.
        Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        open_request = CorrectionRequest.objects.filter(
            enterprise=enterprise,
            field=field,
            correct_value=correct_value,
            status=CorrectionRequest.Status.OPEN,
        ).first()
        if open_request:
            return open_request
        request = CorrectionRequest(
            enterprise=enterprise, requested_by=actor, field=field, correct_value=correct_value
        )
        request.full_clean()
        request.save()
        record_activity(actor=actor, verb="correction.requested", target=enterprise, note=request.field)
        notify_users(
            _officers_of(enterprise),
            subject=REQUESTED_SUBJECT,
            body=REQUESTED_BODY,
            context=lambda: {
                "enterprise": enterprise.display_name,
                "field": request.field,
                "value": request.correct_value,
            },
            link=reverse("enterprise-detail", args=[enterprise.pk]),
            email=False,
        )
    return request


def correction_request_answer(*, actor, request, accept, answer):
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Say what was done, or why the entry stays as it is.")})
    with transaction.atomic():
        request = (
            CorrectionRequest.objects.select_for_update()
            .select_related("enterprise__customs_office")
            .get(pk=request.pk)
        )
        require_register_keeper(actor, request.enterprise.customs_office)
        if request.status != CorrectionRequest.Status.OPEN:
            raise InvalidState(_("This request has already been answered."))
        request.status = CorrectionRequest.Status.ACCEPTED if accept else CorrectionRequest.Status.REJECTED
        request.answer = answer
        request.answered_by = actor
        request.answered_at = timezone.now()
        request.save()
        record_activity(
            actor=actor,
            verb="correction.answered",
            target=request.enterprise,
            changes={"status": [CorrectionRequest.Status.OPEN, request.status]},
            note=answer,
        )
        notify_users(
            [request.requested_by],
            subject=ANSWERED_SUBJECT,
            body="%(answer)s",
            context=lambda: {"status": request.get_status_display(), "answer": answer},
            link=reverse("enterprise-detail", args=[request.enterprise_id]),
        )
    return request
