"""Cases: an enterprise asks, its coordinator serves within the deadline, logs every contact, closes.

Writes check the actor against the case: the enterprise's own users open and rate; the case's
coordinator, or an officer with the enterprise in their jurisdiction, logs and closes.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q, Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import record_activity
from accounts.models import Role
from accounts.selectors import customs_staff, offices_in_jurisdiction
from coordination.models import Case, CaseAttachment, ServiceLogEntry
from core.display import format_date
from core.errors import InvalidState, NotPermitted, required_text
from core.uploads import validate_uploads
from enterprises.models import CoordinatorAssignment, Enterprise
from enterprises.notices import notify_enterprise_users, officers_of
from enterprises.permissions import require_enterprise_user
from notifications.services import notify_users, reminder_send, reminders_sent

MIN_SITE_VISIT_OFFICERS = 2
NEXT_ACTION_MAX_LENGTH = ServiceLogEntry._meta.get_field("next_action").max_length

OPENED_TITLE = gettext_lazy("New case from %(enterprise)s: %(subject)s")
OPENED_BODY = gettext_lazy("%(enterprise)s opened a case (%(category)s). Serve it by %(due)s.")
CLOSED_TITLE = gettext_lazy("Case closed: %(subject)s")
CLOSED_BODY = gettext_lazy(
    'Your case "%(subject)s" has been closed: %(outcome)s You can rate the service on its page.'
)
OVERDUE_TITLE = gettext_lazy("Case past its deadline: %(enterprise)s")
OVERDUE_BODY = gettext_lazy(
    'The case "%(subject)s" of %(enterprise)s (coordinator: %(coordinator)s) was due on %(due)s '
    "and is still open."
)


def contact_staff_choices(enterprise):
    """Who may be logged as customs staff at a contact with `enterprise` (two of them make a site
    visit): officers and coordinators of its customs."""
    return customs_staff(enterprise.customs_office, (Role.OFFICER, Role.COORDINATOR))


def may_serve(actor, case):
    """The case's coordinator, or an officer of the enterprise's jurisdiction."""
    if actor is None:
        return True
    if actor.role == Role.COORDINATOR:
        return case.coordinator_id == actor.pk
    return actor.role in (Role.OFFICER, Role.ADMINISTRATOR) and (
        offices_in_jurisdiction(actor).filter(pk=case.enterprise.customs_office_id).exists()
    )


def may_log_expression(actor):
    """`may_serve` on an open case, as a boolean over Case rows: a list asks once, not once per row."""
    if actor.role == Role.COORDINATOR:
        serving = Q(coordinator=actor)
    elif actor.role in (Role.OFFICER, Role.ADMINISTRATOR):
        serving = Q(enterprise__customs_office__in=offices_in_jurisdiction(actor))
    else:
        return Value(False, output_field=BooleanField())
    return ExpressionWrapper(serving & ~Q(status=Case.Status.CLOSED), output_field=BooleanField())


def _locked(case):
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("enterprise__customs_office")
        .get(pk=case.pk)
    )


def case_open(*, actor, enterprise, category, subject, description, files=()):
    """Open a case, routed to the enterprise's coordinator; the same case sent again while it is
    open returns it instead of opening a second."""
    require_enterprise_user(actor, enterprise, _("Only the enterprise's own users open its cases."))
    if category not in Case.Category.values:
        raise ValidationError({"category": _("Choose the kind of case.")})
    subject = required_text(subject, "subject", _("Give the case a subject."))
    description = required_text(description, "description", _("Describe the matter."))
    files = validate_uploads(files)
    today = timezone.localdate()
    with transaction.atomic():
        # Cases of one enterprise are opened one at a time, so a form sent twice (a double click,
        # a retried request) finds the case the first one opened and opens no second one.
        Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        already_open = (
            Case.objects.filter(
                enterprise=enterprise, category=category, subject=subject, description=description
            )
            .exclude(status=Case.Status.CLOSED)
            .first()
        )
        if already_open:
            return already_open
        assignment = CoordinatorAssignment.objects.filter(enterprise=enterprise, is_active=True).first()
        case = Case.objects.create(
            enterprise=enterprise,
            category=category,
            subject=subject,
            description=description,
            coordinator=assignment.coordinator if assignment else None,
            opened_by=actor,
            due_on=today + datetime.timedelta(days=Case.SERVICE_DAYS[category]),
        )
        CaseAttachment.store(files, uploaded_by=actor, case=case)
        record_activity(actor=actor, verb="case.opened", target=case)
        notify_users(
            [case.coordinator] if case.coordinator else officers_of(enterprise),
            subject=OPENED_TITLE,
            body=OPENED_BODY,
            context=lambda: {
                "enterprise": enterprise.display_name,
                "subject": subject,
                "category": case.get_category_display(),
                "due": format_date(case.due_on),
            },
            link=case.get_absolute_url(),
        )
    return case


def case_log(*, actor, case, contact_at, channel, people, officers, departments="", result, next_action=""):
    """Record one contact; the customs staff listed are officers or coordinators of the enterprise's
    customs, and a site visit needs at least two of them present. The same contact logged twice by
    the same person is recorded once. The case page and the queue's quick log both come here."""
    people = required_text(people, "people", _("Say whom you were in contact with."))
    result = required_text(result, "result", _("Record the result of the contact."))
    next_action = (next_action or "").strip()
    if len(next_action) > NEXT_ACTION_MAX_LENGTH:
        raise ValidationError(
            {
                "next_action": _("Keep the next action to %(count)d characters at most.")
                % {"count": NEXT_ACTION_MAX_LENGTH}
            }
        )
    officers = list(dict.fromkeys(officers or ()))  # one officer named twice is still one
    if channel not in ServiceLogEntry.Channel.values:
        raise ValidationError({"channel": _("Choose how the contact took place.")})
    if channel == ServiceLogEntry.Channel.SITE_VISIT and len(officers) < MIN_SITE_VISIT_OFFICERS:
        raise ValidationError({"officers": _("A site visit is made by at least two customs officers.")})
    if contact_at is None or contact_at > timezone.now():
        raise ValidationError({"contact_at": _("The contact cannot be in the future.")})
    with transaction.atomic():
        case = _locked(case)
        if not may_serve(actor, case):
            raise NotPermitted(_("Only the case's coordinator or the enterprise's officers serve it."))
        if not case.is_open:
            raise InvalidState(_("This case is closed."))
        staff = contact_staff_choices(case.enterprise).filter(pk__in=[officer.pk for officer in officers])
        if staff.count() != len(officers):
            raise ValidationError(
                {"officers": _("List only officers and coordinators of the enterprise's customs.")}
            )
        logged = case.log.filter(
            contact_at=contact_at, channel=channel, people=people, result=result, logged_by=actor
        ).first()
        if logged:  # the same contact sent twice
            return logged
        entry = ServiceLogEntry.objects.create(
            case=case,
            contact_at=contact_at,
            channel=channel,
            people=people,
            departments=(departments or "").strip(),
            result=result,
            next_action=next_action,
            logged_by=actor,
        )
        entry.officers.set(officers)
        if case.status == Case.Status.OPEN:
            case.status = Case.Status.IN_PROGRESS
            case.save(update_fields=["status"])
        record_activity(actor=actor, verb="case.logged", target=case, note=result)
    return entry


def case_close(*, actor, case, outcome):
    outcome = required_text(outcome, "outcome", _("Record the outcome."))
    with transaction.atomic():
        case = _locked(case)
        if not may_serve(actor, case):
            raise NotPermitted(_("Only the case's coordinator or the enterprise's officers serve it."))
        if not case.is_open:
            raise InvalidState(_("This case is closed."))
        if not case.log.exists():
            raise InvalidState(_("Log at least one contact before closing the case."))
        case.status, case.outcome, case.closed_at = Case.Status.CLOSED, outcome, timezone.now()
        case.save()
        record_activity(actor=actor, verb="case.closed", target=case, note=outcome)
        notify_enterprise_users(
            enterprise_id=case.enterprise_id,
            subject=CLOSED_TITLE,
            body=CLOSED_BODY,
            context=lambda: {"subject": case.subject, "outcome": outcome},
            link=case.get_absolute_url(),
        )
    return case


def case_rate(*, actor, case, rating, comment=""):
    if rating not in range(1, 6):
        raise ValidationError({"rating": _("Rate the service from 1 to 5.")})
    with transaction.atomic():
        case = _locked(case)
        require_enterprise_user(actor, case.enterprise, _("Only the enterprise's own users rate its cases."))
        if case.is_open:
            raise InvalidState(_("A case can be rated once it is closed."))
        if case.rating is not None:
            raise InvalidState(_("This case has been rated already."))
        case.rating, case.rating_comment = rating, (comment or "").strip()
        case.save(update_fields=["rating", "rating_comment"])
        record_activity(actor=actor, verb="case.rated", target=case, changes={"rating": [None, rating]})
    return case


def escalate_overdue_cases(*, as_of):
    """Scheduled: a case still open past its deadline goes to the head of the directly-under customs."""
    sent = reminders_sent(["case-overdue"], as_of - datetime.timedelta(days=366))
    overdue = Case.objects.exclude(status=Case.Status.CLOSED).filter(due_on__lt=as_of)
    created = 0
    for case in overdue.select_related("enterprise__customs_office__parent", "coordinator").order_by(
        "due_on", "pk"
    ):
        if ("case-overdue", f"case:{case.pk}", case.due_on) in sent:
            continue
        office = case.enterprise.customs_office
        directly_under = office if office.level == "directly_under" else office.parent
        head = directly_under.head if directly_under else None
        created += reminder_send(
            kind="case-overdue",
            subject=case,
            due_on=case.due_on,
            recipients=[head] if head else officers_of(case.enterprise),
            title=OVERDUE_TITLE,
            body=OVERDUE_BODY,
            context=lambda case=case: {
                "enterprise": case.enterprise.display_name,
                "subject": case.subject,
                "coordinator": str(case.coordinator or "—"),
                "due": format_date(case.due_on),
            },
            link=case.get_absolute_url(),
        )
        Case.objects.filter(pk=case.pk, escalated_at__isnull=True).update(escalated_at=timezone.now())
    return {"created": created}
