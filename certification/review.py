"""The customs side of an application: acceptance, team, audit, findings, rectification, clock, decision."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.audit import record_activity
from accounts.models import Role
from accounts.selectors import customs_staff
from certification import financial_status, workflow
from certification.applications import _store_evidence
from certification.certificates import (
    certificate_issue,
    certificate_re_reviewed,
    certificate_revoke_on_re_review,
)
from certification.clock import clock
from certification.models import Application, ApplicationItem, AuditVisit, Evidence, Result, TeamMember
from certification.scoring import Finding, ScoringRules, score
from core.display import format_date, format_date_lazy
from core.errors import InvalidState, required_text
from core.uploads import validate_uploads
from enterprises.models import ConflictOfInterest

MIN_TEAM = 2
Rectification = ApplicationItem.Rectification


def outcome(application):
    """The scoring result of the application's current findings."""
    return score(ScoringRules.of(application.rulebook), findings(application))


def findings(application):
    rows = application.items.select_related("item").order_by("item__order", "item__code")
    return [Finding(row.item.code, row.item.part, row.finding, row.item.bonus_points) for row in rows]


RECTIFICATION_BODY = gettext_lazy(
    "The certification team asks %(enterprise)s to rectify %(count)s items of application %(number)s by "
    "%(due)s. Answer each item with evidence on the application page."
)
REVIEWED_NOTE = gettext_lazy(
    "Every rectification answer is reviewed; the application page shows the results."
)
AUDIT_BODY = gettext_lazy(
    "The certification team will audit %(enterprise)s on site on %(day)s at %(place)s for application "
    "%(number)s. Agenda: %(agenda)s"
)


def _simple(name, *, reason_required, message=None):
    """A service that only moves the application with a reason (accept, return, pause, ...)."""

    def service(*, actor, application, reason=""):
        reason = required_text(reason, "reason", message) if reason_required else (reason or "").strip()
        with transaction.atomic():
            application = workflow.locked(application)
            workflow.check(actor, application, name)
            _before(name, application)
            workflow.move(application, name, actor, reason=reason)
        return application

    service.__name__ = f"application_{name}"
    return service


def _before(name, application):
    """The field changes that go with a step, beyond the status."""
    today = timezone.localdate()
    if name == "return":
        application.clock_started_on = None
    elif name == "pause":
        application.paused_on = today
        application.paused_from_status = application.status
    elif name == "terminate":
        _end_pause(application, today)


def _end_pause(application, today):
    application.paused_days += (today - application.paused_on).days
    application.paused_on = None


application_accept = _simple("accept", reason_required=False)
application_return = _simple(
    "return", reason_required=True, message=gettext_lazy("Say what material is missing.")
)
application_pause = _simple(
    "pause", reason_required=True, message=gettext_lazy("Give the case that was filed.")
)
application_terminate = _simple("terminate", reason_required=True, message=gettext_lazy("Give the reason."))


def application_resume(*, actor, application, reason=""):
    with transaction.atomic():
        application = workflow.locked(application)
        workflow.check(actor, application, "resume")
        to_status = application.paused_from_status
        _end_pause(application, timezone.localdate())
        application.paused_from_status = ""
        workflow.move(application, "resume", actor, reason=(reason or "").strip(), to_status=to_status)
    return application


def clock_extend(*, actor, application, reason):
    reason = required_text(reason, "reason", gettext_lazy("Give the reason for the extension."))
    with transaction.atomic():
        application = workflow.locked(application)
        workflow.check(actor, application, "extend")
        application.extended = True
        workflow.move(application, "extend", actor, reason=reason)
    return application


def team_candidates(application):
    """Officers of the enterprise's directly-under customs without a declared conflict of interest."""
    conflicted = ConflictOfInterest.objects.filter(enterprise=application.enterprise).values("officer")
    return (
        customs_staff(application.enterprise.customs_office, (Role.OFFICER,))
        .exclude(pk__in=conflicted)
        .select_related("office")
        .order_by("office__path", "full_name", "username")
    )


def team_form(*, actor, application, officers, leader):
    """Replace the team: at least two officers of the competent office, none conflicted."""
    officers = list(dict.fromkeys(officers or ()))
    if len(officers) < MIN_TEAM:
        raise ValidationError({"officers": _("A certification team has at least two officers.")})
    if leader not in officers:
        raise ValidationError({"leader": _("The leader must be one of the team.")})
    with transaction.atomic():
        application = workflow.locked(application)
        workflow.check(actor, application, "team")
        allowed = set(
            team_candidates(application).filter(pk__in=[o.pk for o in officers]).values_list("pk", flat=True)
        )
        refused = [str(officer) for officer in officers if officer.pk not in allowed]
        if refused:
            raise ValidationError(
                {
                    "officers": _(
                        "%(names)s cannot serve: not an officer of the competent customs, "
                        "or a declared conflict of interest with the enterprise."
                    )
                    % {"names": ", ".join(refused)}
                }
            )
        application.team.all().delete()
        TeamMember.objects.bulk_create(
            TeamMember(application=application, officer=officer, is_leader=officer == leader)
            for officer in officers
        )
        workflow.move(application, "team", actor, reason=", ".join(str(officer) for officer in officers))
    return application


def audit_plan(*, actor, application, visit_on, place, agenda):
    place = required_text(place, "place", _("Say where the audit takes place."))
    agenda = required_text(agenda, "agenda", _("Give the agenda."))
    if visit_on is None or visit_on < timezone.localdate():
        raise ValidationError({"visit_on": _("An on-site audit is planned for today or later.")})
    with transaction.atomic():
        application = workflow.locked(application)
        workflow.check(actor, application, "audit")
        if application.team.count() < MIN_TEAM:
            raise InvalidState(_("Form a team of at least two officers first."))
        visit = AuditVisit.objects.create(
            application=application, visit_on=visit_on, place=place, agenda=agenda, planned_by=actor
        )
        workflow.move(
            application,
            "audit",
            actor,
            reason=f"{visit_on.isoformat()} {place}",
            note=format_lazy("{} {}", format_date_lazy(visit_on), place),
            enterprise_body=AUDIT_BODY,
            day=format_date_lazy(visit_on),
            place=place,
            agenda=agenda,
        )
    return visit


def audit_pending(application, today=None):
    """The first on-site audit while it is still ahead (planned for a later day, not confirmed as held
    earlier): the team records no finding before it."""
    first = application.visits.order_by("visit_on", "id").first()
    if first is None or first.held_on is not None or first.visit_on <= (today or timezone.localdate()):
        return None
    return first


def audit_held(*, actor, application, held_on):
    """The team confirms that the first on-site audit took place earlier than planned, on `held_on`."""
    today = timezone.localdate()
    if held_on is None or held_on > today:
        raise ValidationError({"held_on": _("Give the day the audit took place: today or earlier.")})
    with transaction.atomic():
        application = workflow.locked(application)
        workflow.check(actor, application, "finding")
        visit = audit_pending(application, today)
        if visit is None:
            raise InvalidState(_("No on-site audit is waiting for its planned day."))
        visit.held_on = held_on
        visit.save(update_fields=["held_on"])
        record_activity(actor=actor, verb="audit.held_earlier", target=application, note=held_on.isoformat())
    return visit


def finding_record(*, actor, application_item, finding="", notes="", files=()):
    """The team's finding on one item; an item computed from the financial figures takes their result."""
    notes = (notes or "").strip()
    if financial_status.is_computed(application_item):
        finding = financial_status.computed_result(application_item, "finding")
        notes = notes or financial_status.note(financial_status.assessment(application_item))
    if finding not in Result.values:
        raise ValidationError({"finding": _("Choose the finding.")})
    if finding in (Result.BASICALLY_MEETS, Result.FAILS) and not notes:
        raise ValidationError({"notes": _("Note what falls short of the standard.")})
    files = validate_uploads(files)
    with transaction.atomic():
        application = workflow.locked(application_item.application)
        workflow.check(actor, application, "finding")
        visit = audit_pending(application)
        if visit is not None:
            raise InvalidState(
                _(
                    "The on-site audit is planned for %(day)s: record findings once it has taken place, or "
                    "confirm the day it was held if that was earlier."
                )
                % {"day": format_date(visit.visit_on)}
            )
        application_item = ApplicationItem.objects.select_for_update().get(pk=application_item.pk)
        application_item.finding = finding
        application_item.finding_notes = notes
        application_item.found_by = actor
        application_item.found_at = timezone.now()
        application_item.save()
        _store_evidence(application_item, files, Evidence.Stage.FINDING, actor)
    return application_item


def findings_record(*, actor, application, findings):
    """Several findings at once (the team's table on an on-site day): `findings` maps an item row id
    to (finding, notes). All are recorded, or none: each error comes back under "<row id>:<field>"."""
    errors = {}
    with transaction.atomic():
        rows = {row.pk: row for row in application.items.filter(pk__in=list(findings))}
        for pk, (finding, notes) in findings.items():
            try:
                finding_record(actor=actor, application_item=rows[pk], finding=finding, notes=notes)
            except ValidationError as error:
                errors.update({f"{pk}:{field}": texts for field, texts in error.message_dict.items()})
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise ValidationError(errors)
    return len(findings)


def rectifiable_items(application):
    return application.items.filter(
        finding__in=(Result.BASICALLY_MEETS, Result.FAILS), item__rectifiable=True
    ).select_related("item")


def rectification_request(*, actor, application, requests, due):
    """Put items to rectification: `requests` maps an item row id to what the enterprise must do."""
    requests = {
        int(pk): (text or "").strip() for pk, text in (requests or {}).items() if (text or "").strip()
    }
    if not requests:
        raise ValidationError({"requests": _("Say what to rectify for at least one item.")})
    if due is None or due <= timezone.localdate():
        raise ValidationError({"due": _("The deadline must be after today.")})
    with transaction.atomic():
        application = workflow.locked(application)
        workflow.check(actor, application, "rectification")
        items = {row.pk: row for row in rectifiable_items(application).select_for_update(of=("self",))}
        if set(requests) - set(items):
            raise ValidationError(
                {"requests": _("Only items found short of the standard that allow rectification.")}
            )
        for pk, text in requests.items():
            row = items[pk]
            row.rectification, row.rectification_due, row.rectification_request = (
                Rectification.REQUESTED,
                due,
                text,
            )
            row.rectification_answer = row.rectification_note = ""
            row.save()
        count = len(requests)
        reason = ngettext("%(count)d item by %(due)s", "%(count)d items by %(due)s", count)
        workflow.move(
            application,
            "rectification",
            actor,
            reason=reason % {"count": count, "due": format_date(due)},
            enterprise_body=RECTIFICATION_BODY,
            count=count,
            due=format_date_lazy(due),
        )
    return application


def rectification_review(*, actor, application_item, accept, note=""):
    """The team accepts an answer (the item then meets the standard) or rejects it with a note."""
    note = (note or "").strip()
    if not accept and not note:
        raise ValidationError({"note": _("Say why the answer is not accepted.")})
    with transaction.atomic():
        application = workflow.locked(application_item.application)
        workflow.check(actor, application, "review")
        application_item = ApplicationItem.objects.select_for_update().get(pk=application_item.pk)
        if application_item.rectification != Rectification.ANSWERED:
            raise InvalidState(_("This item has no answer to review."))
        application_item.rectification = Rectification.ACCEPTED if accept else Rectification.REJECTED
        application_item.rectification_note = note
        if accept:
            application_item.finding = Result.MEETS
            application_item.found_by, application_item.found_at = actor, timezone.now()
        application_item.save()
        workflow.move(
            application,
            "review",
            actor,
            reason=f"{application_item.item.code}: {note}",
            note=REVIEWED_NOTE,
        )
    return application_item


def rectification_close(*, actor, application):
    """Back to the audit for rescoring, once every answer is reviewed and every deadline passed."""
    today = timezone.localdate()
    with transaction.atomic():
        application = workflow.locked(application)
        workflow.check(actor, application, "close_rectification")
        rows = application.items.filter(rectification__in=(Rectification.REQUESTED, Rectification.ANSWERED))
        if rows.filter(rectification=Rectification.ANSWERED).exists():
            raise InvalidState(_("Review every answer first."))
        if rows.filter(rectification_due__gte=today).exists():
            raise InvalidState(_("Some items can still be answered; wait for their deadline."))
        rows.update(
            rectification=Rectification.REJECTED, rectification_note=_("Not answered by the deadline.")
        )
        workflow.move(application, "close_rectification", actor)
    return application


DECISION_BODY = gettext_lazy(
    "Customs has decided on application %(number)s of %(enterprise)s: %(status)s "
    "(decision %(decision)s). %(note)s"
)


def application_certify(*, actor, application, decision_number):
    """Certify (or, for a re-review, confirm) when the findings pass; issues the certificate."""
    decision_number = required_text(decision_number, "decision_number", _("Give the decision number."))
    with transaction.atomic():
        application = workflow.locked(application)
        workflow.check(actor, application, "certify")
        result = outcome(application)
        if not result.passed:
            raise InvalidState(
                _("The findings do not pass; refuse the application or ask for rectification.")
            )
        application.result = result.as_dict()
        application.decision_number = decision_number
        workflow.move(
            application,
            "certify",
            actor,
            reason=decision_number,
            note="",
            enterprise_body=DECISION_BODY,
            decision=decision_number,
        )
        if application.is_re_review:
            certificate_re_reviewed(actor=actor, application=application)
        else:
            certificate_issue(actor=actor, application=application, decision_number=decision_number)
    return application


def application_refuse(*, actor, application, decision_number, reason):
    """Refuse; a failed re-review revokes the certificate and sets the grade back."""
    decision_number = required_text(decision_number, "decision_number", _("Give the decision number."))
    reason = required_text(reason, "reason", _("Give the reason for refusing."))
    with transaction.atomic():
        application = workflow.locked(application)
        workflow.check(actor, application, "refuse")
        application.result = outcome(application).as_dict()
        application.decision_number = decision_number
        workflow.move(
            application,
            "refuse",
            actor,
            reason=reason,
            enterprise_body=DECISION_BODY,
            decision=decision_number,
        )
        if application.is_re_review:
            certificate_revoke_on_re_review(actor=actor, application=application, reason=reason)
    return application


def terminate_long_pauses(*, as_of):
    """Scheduled: end every application paused longer than the rulebook allows."""
    terminated = 0
    for application in Application.objects.filter(status=Application.Status.PAUSED).select_related(
        "rulebook"
    ):
        limit = clock(application, as_of).pause_ends_application_on
        if limit and as_of > limit:
            with transaction.atomic():
                application = workflow.locked(application)
                if application.status != Application.Status.PAUSED:
                    continue
                _end_pause(application, as_of)
                workflow.move(
                    application,
                    "terminate",
                    None,
                    reason=_("Paused for more than %(months)d months.")
                    % {"months": application.rulebook.pause_limit_months},
                )
            terminated += 1
    return {"created": terminated}
