"""The enterprise's side of an application: scope, self-assessment, evidence, submission, withdrawal."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from certification import financial_status, workflow
from certification.catalogue import applicable_items
from certification.eligibility import application_bar, grade_refusal
from certification.models import Application, ApplicationItem, Evidence, Result
from core.display import format_date
from core.errors import InvalidState, required_text
from core.uploads import validate_uploads
from enterprises.permissions import require_enterprise_user, require_officer_of
from rulebooks.models import CreditGrade
from rulebooks.selectors import rulebook_in_force

EXPLAINED_RESULTS = (Result.BASICALLY_MEETS, Result.FAILS, Result.NOT_APPLICABLE)


def _checked_scope(enterprise, rulebook, target_grade, business_types):
    business_types = list(business_types or ())
    if not business_types:
        raise ValidationError({"business_types": _("Choose at least one business type.")})
    registered = set(enterprise.business_types.values_list("pk", flat=True))
    if any(business_type.pk not in registered for business_type in business_types):
        raise ValidationError(
            {"business_types": _("Apply only for business types the enterprise is registered for.")}
        )
    problem = grade_refusal(enterprise, rulebook, target_grade)
    if problem:
        raise ValidationError({"target_grade": problem})
    return business_types


def _sync_items(application):
    """One row per applicable item; assessments of items that still apply are kept."""
    wanted = {
        item.pk: item
        for item in applicable_items(
            application.rulebook, application.business_types.all(), application.target_grade
        )
    }
    application.items.exclude(item_id__in=wanted).delete()
    present = set(application.items.values_list("item_id", flat=True))
    ApplicationItem.objects.bulk_create(
        ApplicationItem(application=application, item=item)
        for pk, item in wanted.items()
        if pk not in present
    )


def _open(*, actor, enterprise, target_grade, business_types, production_enterprise=False, reason=""):
    rulebook = rulebook_in_force()
    business_types = _checked_scope(enterprise, rulebook, target_grade, business_types)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                enterprise=enterprise,
                rulebook=rulebook,
                target_grade=target_grade,
                production_enterprise=bool(production_enterprise),
                created_by=actor,
            )
            application.business_types.set(business_types)
            _sync_items(application)
            workflow.move(application, "create", actor, to_status=Application.Status.DRAFT, reason=reason)
    except IntegrityError as error:
        raise InvalidState(_("The enterprise already has an application in progress.")) from error
    return application


def application_create(*, actor, enterprise, target_grade, business_types, production_enterprise=False):
    """A draft for `business_types` and `target_grade`, with the standard items that apply."""
    require_enterprise_user(
        actor, enterprise, _("Only the enterprise's own users apply for its certification.")
    )
    return _open(
        actor=actor,
        enterprise=enterprise,
        target_grade=target_grade,
        business_types=business_types,
        production_enterprise=production_enterprise,
    )


def application_open_recommended(*, actor, enterprise, target_grade, business_types, assessments, reason):
    """A draft customs opens for the enterprise when cultivation recommends applying, with the
    self-assessment pre-filled (`assessments`: item code -> (result, explanation)); the
    enterprise's users check it, add evidence and submit it themselves."""
    require_officer_of(actor, enterprise, _("Only officers of the enterprise's customs recommend it."))
    with transaction.atomic():
        application = _open(
            actor=actor,
            enterprise=enterprise,
            target_grade=target_grade,
            business_types=business_types,
            reason=reason,
        )
        rows = [row for row in application.items.select_related("item") if row.item.code in assessments]
        for row in rows:
            row.self_assessment, row.explanation = assessments[row.item.code]
        ApplicationItem.objects.bulk_update(rows, ["self_assessment", "explanation"])
    return application


def application_change_scope(*, actor, application, target_grade, business_types, production_enterprise=None):
    with transaction.atomic():
        application = workflow.locked(application)
        workflow.check(actor, application, "edit")
        application.rulebook = rulebook_in_force()
        business_types = _checked_scope(
            application.enterprise, application.rulebook, target_grade, business_types
        )
        application.target_grade = target_grade
        if production_enterprise is not None:
            application.production_enterprise = production_enterprise
        application.save()
        application.business_types.set(business_types)
        _sync_items(application)
        financial_status.follow(application, financial_status.EDIT, actor)
    return application


def self_assess(*, actor, application_item, result="", explanation="", files=()):
    """The enterprise's own assessment of one item, with its evidence; an item computed from the
    financial figures takes their result, whatever `result` says."""
    explanation = (explanation or "").strip()
    if financial_status.is_computed(application_item):
        result = financial_status.computed_result(application_item, "result")
        explanation = explanation or financial_status.note(financial_status.assessment(application_item))
    if result not in Result.values:
        raise ValidationError({"result": _("Choose how the enterprise meets this item.")})
    if result in EXPLAINED_RESULTS and not explanation:
        raise ValidationError({"explanation": _("Explain why the item is not fully met or does not apply.")})
    files = validate_uploads(files)
    with transaction.atomic():
        application = workflow.locked(application_item.application)
        workflow.check(actor, application, "edit")
        application_item = ApplicationItem.objects.select_for_update().get(pk=application_item.pk)
        application_item.self_assessment = result
        application_item.explanation = explanation
        application_item.save()
        _store_evidence(application_item, files, Evidence.Stage.SELF_ASSESSMENT, actor)
    return application_item


def _store_evidence(application_item, files, stage, actor):
    Evidence.store(files, uploaded_by=actor, application_item=application_item, stage=stage)


def evidence_remove(*, actor, evidence):
    with transaction.atomic():
        application = workflow.locked(evidence.application_item.application)
        workflow.check(actor, application, "edit")
        if evidence.stage != Evidence.Stage.SELF_ASSESSMENT or evidence.uploaded_by_id != actor.pk:
            raise InvalidState(_("Only your own self-assessment evidence can be removed."))
        evidence.file.delete(save=False)
        evidence.delete()


def lacks_evidence(row):
    """An item the enterprise says it meets, fully or basically, with no document to show it: the
    standard is proved by documents, so the team will ask for them (a warning, not a refusal).
    `row` comes annotated with `evidence_count` (`selectors.application_items`)."""
    return row.self_assessment in (Result.MEETS, Result.BASICALLY_MEETS) and not row.evidence_count


def submission_problems(application, today=None):
    """Everything that stops the enterprise submitting now, in the order to fix it."""
    today = today or timezone.localdate()
    enterprise = application.enterprise
    problems = []
    bar = application_bar(enterprise, today)
    if bar:
        problems.append(bar.reason)
    rulebook = rulebook_in_force(today)
    if rulebook.pk != application.rulebook_id:
        problems.append(_("A new rulebook is in force: save the business types again to update the items."))
    refusal = grade_refusal(enterprise, rulebook, application.target_grade)
    if refusal:
        problems.append(refusal)
    missing = application.items.filter(self_assessment="").count()
    if missing:
        problems.append(
            ngettext(
                "%(count)d item is not self-assessed yet.",
                "%(count)d items are not self-assessed yet.",
                missing,
            )
            % {"count": missing}
        )
    return problems


def application_submit(*, actor, application):
    """Submit: refused with every reason at once; on success a receipt number and the clock starts."""
    with transaction.atomic():
        application = workflow.locked(application)
        workflow.check(actor, application, "submit")
        problems = submission_problems(application)
        if problems:
            raise ValidationError(problems)
        now = timezone.now()
        application.receipt_number = application.receipt_number or receipt_number(application, now)
        application.submitted_at = now
        application.clock_started_on = timezone.localdate(now)
        application.paused_days = 0
        workflow.move(application, "submit", actor)
    return application


def receipt_number(application, when):
    return f"RZ{timezone.localdate(when):%Y}{application.enterprise.customs_office.code}{application.pk:07d}"


def application_withdraw(*, actor, application, reason):
    reason = required_text(reason, "reason", _("Say why the application is withdrawn."))
    with transaction.atomic():
        application = workflow.locked(application)
        workflow.check(actor, application, "withdraw")
        workflow.move(application, "withdraw", actor, reason=reason)
    return application


def rectification_answer(*, actor, application_item, answer, files=()):
    """The enterprise answers one item put to rectification, before its deadline."""
    answer = required_text(answer, "answer", _("Describe what was rectified."))
    files = validate_uploads(files)
    with transaction.atomic():
        application = workflow.locked(application_item.application)
        workflow.check(actor, application, "answer")
        application_item = ApplicationItem.objects.select_for_update().get(pk=application_item.pk)
        if application_item.rectification not in (
            ApplicationItem.Rectification.REQUESTED,
            ApplicationItem.Rectification.ANSWERED,
        ):
            raise InvalidState(_("This item is not awaiting a rectification answer."))
        if timezone.localdate() > application_item.rectification_due:
            raise InvalidState(
                _("The rectification deadline was %(day)s.")
                % {"day": format_date(application_item.rectification_due)}
            )
        application_item.rectification = ApplicationItem.Rectification.ANSWERED
        application_item.rectification_answer = answer
        application_item.save()
        _store_evidence(application_item, files, Evidence.Stage.RECTIFICATION, actor)
        workflow.move(
            application,
            "answer",
            actor,
            reason=str(application_item.item),
            note=gettext_lazy("Every item put to rectification has an answer to review."),
        )
    return application_item


def receipt_pdf(application):
    """The receipt of a submitted application, in the active language, as PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(
        "certification/receipt_pdf.html",
        {
            "application": application,
            "enterprise": application.enterprise,
            "office": application.enterprise.customs_office,
            "grade": CreditGrade(application.target_grade).label,
            "item_count": application.items.count(),
        },
    )
    return HTML(string=html).write_pdf()
