"""Cultivation plans: opening one, its milestones and gaps, and how it ends.

Officers of the enterprise's customs (or above) run a plan; the enterprise's users follow it and
work the gaps assigned to them. Every service locks the plan and checks that it is still active.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import record_activities, record_activity
from accounts.models import Role
from accounts.selectors import customs_staff
from certification.applications import application_open_recommended
from certification.eligibility import DISHONEST_GRADES, grade_refusal
from certification.models import Result
from core.display import format_date
from core.errors import InvalidState, NotPermitted
from cultivation.models import Candidate, CultivationPlan, Gap, Milestone
from enterprises.notices import enterprise_users, notify_enterprise_users
from enterprises.permissions import is_enterprise_user_of, require_officer_of
from notifications.services import notify_users
from rulebooks.selectors import rulebook_in_force

Phase = Milestone.Phase

# The milestones every plan starts with, at a fraction of its span (brief, section 6: a 1-2 year
# plan from the gap analysis to the application). Officers add, move and complete them.
DEFAULT_MILESTONES = (
    (Phase.DIAGNOSIS, gettext_lazy("Baseline review and gap analysis"), 0.1),
    (Phase.IMPROVEMENT, gettext_lazy("Internal control system revised"), 0.4),
    (Phase.IMPROVEMENT, gettext_lazy("Trade security measures in place"), 0.6),
    (Phase.PRE_REVIEW, gettext_lazy("Mock certification passed"), 0.85),
    (Phase.APPLICATION, gettext_lazy("Application submitted"), 1.0),
)
MAX_PLAN_YEARS = 3


def plan_officer_choices(enterprise):
    """The officers who may run the plan of `enterprise`: those of its customs."""
    return customs_staff(enterprise.customs_office, (Role.OFFICER,))


def gap_owner_choices(plan):
    """Who may own a gap of `plan`: the enterprise's own users, or an officer of its customs."""
    return enterprise_users(plan.enterprise_id) | plan_officer_choices(plan.enterprise)


def require_plan_officer(actor, plan):
    require_officer_of(actor, plan.enterprise, _("Only officers of the enterprise's customs run its plan."))


def locked_active(plan, actor):
    """The plan, locked for the change, after checking the officer and that it is still running."""
    plan = CultivationPlan.objects.select_for_update().select_related("enterprise").get(pk=plan.pk)
    require_plan_officer(actor, plan)
    if not plan.is_active:
        raise InvalidState(_("The plan has ended; it can no longer change."))
    return plan


def _checked_dates(starts_on, target_on):
    if target_on <= starts_on:
        raise ValidationError({"target_on": _("The target date must come after the start.")})
    if target_on > starts_on + relativedelta(years=MAX_PLAN_YEARS):
        raise ValidationError(
            {"target_on": _("A plan runs at most %(years)d years.") % {"years": MAX_PLAN_YEARS}}
        )


def plan_open(
    *, actor, enterprise, target_grade, business_types, starts_on, target_on, officers, candidate=None
):
    """A plan for `enterprise` with the default milestones spread over its span."""
    require_officer_of(actor, enterprise, _("Only officers of the enterprise's customs open its plan."))
    _checked_dates(starts_on, target_on)
    rulebook = rulebook_in_force(starts_on)
    problem = grade_refusal(enterprise, rulebook, target_grade)
    if problem:
        raise ValidationError({"target_grade": problem})
    business_types = list(business_types or ())
    registered = set(enterprise.business_types.values_list("pk", flat=True))
    if not business_types or any(business_type.pk not in registered for business_type in business_types):
        raise ValidationError(
            {"business_types": _("Choose business types the enterprise is registered for.")}
        )
    officers = list(dict.fromkeys(officers or ()))
    eligible = plan_officer_choices(enterprise).filter(pk__in=[officer.pk for officer in officers])
    if not officers or eligible.count() != len(officers):
        raise ValidationError(
            {"officers": _("Choose at least one active officer of the enterprise's customs to run the plan.")}
        )
    try:
        with transaction.atomic():
            if candidate is not None:
                candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
                if (
                    candidate.enterprise_id != enterprise.pk
                    or candidate.status not in Candidate.OPEN_STATUSES
                ):
                    raise InvalidState(_("This candidacy has already been decided."))
                candidate.status = Candidate.Status.PLANNED
                candidate.decided_at = timezone.now()
                candidate.save()
            plan = CultivationPlan.objects.create(
                enterprise=enterprise,
                candidate=candidate,
                office=actor.office,
                rulebook=rulebook,
                target_grade=target_grade,
                starts_on=starts_on,
                target_on=target_on,
                created_by=actor,
            )
            plan.business_types.set(business_types)
            plan.officers.set(officers)
            span = (target_on - starts_on).days
            Milestone.objects.bulk_create(
                Milestone(
                    plan=plan,
                    phase=phase,
                    title=str(title),
                    due_on=starts_on + datetime.timedelta(days=round(span * share)),
                )
                for phase, title, share in DEFAULT_MILESTONES
            )
            record_activity(actor=actor, verb="plan.open", target=plan)
    except IntegrityError as error:
        raise InvalidState(_("The enterprise already has a cultivation plan in progress.")) from error
    notify_enterprise_users(
        enterprise_id=enterprise.pk,
        subject=gettext_lazy("Credit cultivation plan opened"),
        body=gettext_lazy(
            "%(office)s opened a credit cultivation plan for %(enterprise)s towards %(grade)s by %(target)s. "
            "Follow its milestones and the gaps assigned to you on the cultivation page."
        ),
        context=lambda: {
            "office": plan.office.display_name,
            "enterprise": enterprise.display_name,
            "grade": plan.get_target_grade_display(),
            "target": format_date(target_on),
        },
        link=plan.get_absolute_url(),
    )
    return plan


def milestone_add(*, actor, plan, phase, title, due_on):
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Name the milestone.")})
    if phase not in Phase.values:
        raise ValidationError({"phase": _("Choose the phase.")})
    with transaction.atomic():
        plan = locked_active(plan, actor)
        if not plan.starts_on <= due_on <= plan.target_on:
            raise ValidationError({"due_on": _("The milestone must fall within the plan's dates.")})
        milestone = Milestone.objects.create(plan=plan, phase=phase, title=title, due_on=due_on)
        record_activity(actor=actor, verb="plan.milestone_add", target=plan, note=title)
    return milestone


def milestone_complete(*, actor, milestone, completed_on=None):
    completed_on = completed_on or timezone.localdate()
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("A milestone cannot be completed in the future.")})
    with transaction.atomic():
        locked_active(milestone.plan, actor)
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if milestone.completed_on:
            raise InvalidState(_("This milestone is already completed."))
        milestone.completed_on, milestone.completed_by = completed_on, actor
        milestone.save()
        record_activity(
            actor=actor, verb="plan.milestone_complete", target=milestone.plan, note=milestone.title
        )
    return milestone


def milestone_move(*, actor, milestone, due_on):
    """A new due date for an open milestone, within the plan's dates (its reminders follow it)."""
    with transaction.atomic():
        plan = locked_active(milestone.plan, actor)
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if milestone.completed_on:
            raise InvalidState(_("This milestone is already completed."))
        if not plan.starts_on <= due_on <= plan.target_on:
            raise ValidationError({"due_on": _("The milestone must fall within the plan's dates.")})
        previous, milestone.due_on = milestone.due_on, due_on
        milestone.save()
        record_activity(
            actor=actor,
            verb="plan.milestone_move",
            target=plan,
            changes={"due_on": [previous.isoformat(), due_on.isoformat()]},
            note=milestone.title,
        )
    return milestone


GAP_FIELDS_OF_THE_OWNER = {"status", "progress"}


def gap_update(*, actor, gap, **changes):
    """Officers change owner, status, deadline and progress; the enterprise user owning the gap
    reports its status (not closing it) and progress. Closing is the officers' call."""
    with transaction.atomic():
        gap = Gap.objects.select_for_update().select_related("plan__enterprise").get(pk=gap.pk)
        plan = gap.plan
        if is_enterprise_user_of(actor, plan.enterprise):
            if gap.owner_id != actor.pk or not set(changes) <= GAP_FIELDS_OF_THE_OWNER:
                raise NotPermitted(_("Only the owner of a gap reports on it."))
            if changes.get("status") == Gap.Status.CLOSED:
                raise ValidationError({"status": _("Customs closes a gap once it has checked it.")})
        else:
            locked_active(plan, actor)
        if not plan.is_active:
            raise InvalidState(_("The plan has ended; it can no longer change."))
        owner, previous_owner = changes.get("owner"), gap.owner_id
        if owner is not None and not gap_owner_choices(plan).filter(pk=owner.pk).exists():
            raise ValidationError(
                {"owner": _("The owner is one of the enterprise's users or an officer of its customs.")}
            )
        if changes.get("status", gap.status) not in Gap.Status.values:
            raise ValidationError({"status": _("Choose a status.")})
        for field, value in changes.items():
            setattr(gap, field, value.strip() if isinstance(value, str) else value)
        gap.closed_on = timezone.localdate() if gap.status == Gap.Status.CLOSED else None
        gap.save()
        _tell_about_gap(gap, actor, new_owner=owner is not None and owner.pk != previous_owner)
    return gap


GAP_ASSIGNED_SUBJECT = gettext_lazy("A cultivation gap is yours: %(item)s")
GAP_ASSIGNED_BODY = gettext_lazy(
    "In the credit cultivation plan of %(enterprise)s, the gap %(item)s is assigned to you; close by %(due)s."
)
GAP_REPORTED_SUBJECT = gettext_lazy("%(enterprise)s reported on a cultivation gap")
GAP_REPORTED_BODY = gettext_lazy("%(enterprise)s reported on the gap %(item)s: %(status)s. %(progress)s")


def _tell_about_gap(gap, actor, *, new_owner):
    """A new owner hears the gap is theirs; the plan's officers hear the enterprise's report on one."""
    plan = gap.plan

    def context():
        return {
            "enterprise": plan.enterprise.display_name,
            "item": str(gap.item),
            "due": format_date(gap.due_on) if gap.due_on else _("no date set"),
            "status": gap.get_status_display(),
            "progress": gap.progress,
        }

    link = plan.get_absolute_url()
    if new_owner and gap.owner_id != actor.pk:
        notify_users(
            [gap.owner], subject=GAP_ASSIGNED_SUBJECT, body=GAP_ASSIGNED_BODY, context=context, link=link
        )
    elif is_enterprise_user_of(actor, plan.enterprise):
        notify_users(
            plan.officers.filter(is_active=True),
            subject=GAP_REPORTED_SUBJECT,
            body=GAP_REPORTED_BODY,
            context=context,
            link=link,
        )


def plan_recommend(*, actor, plan, note=""):
    """End the plan with a recommendation to apply: a draft application opens for the enterprise,
    its self-assessment pre-filled from the latest mock review, which must be complete and pass."""
    with transaction.atomic():
        plan = locked_active(plan, actor)
        review = plan.mock_reviews.order_by("-held_on", "-id").first()
        if review is None or not review.passed:
            raise InvalidState(_("Recommend applying only after a mock review that passes."))
        assessments = _self_assessment_from(review)
        plan.application = application_open_recommended(
            actor=actor,
            enterprise=plan.enterprise,
            target_grade=plan.target_grade,
            business_types=plan.business_types.all(),
            assessments=assessments,
            reason=_("Recommended at the end of credit cultivation."),
        )
        _close(plan, actor, CultivationPlan.Status.RECOMMENDED, note=note)
        record_activity(actor=actor, verb="plan.recommend", target=plan, note=note)
    notify_enterprise_users(
        enterprise_id=plan.enterprise_id,
        subject=gettext_lazy("Apply for AEO certification: your application is ready"),
        body=gettext_lazy(
            "Customs recommends that %(enterprise)s applies for %(grade)s. A draft application has been "
            "opened with the self-assessment of the last mock review; check it, add evidence and submit it."
        ),
        context=lambda: {
            "enterprise": plan.enterprise.display_name,
            "grade": plan.get_target_grade_display(),
        },
        link=plan.application.get_absolute_url(),
    )
    return plan


def _self_assessment_from(review):
    """{item code: (result, explanation)} for the application, from the mock review's findings."""
    found_in = _("As found in the mock review of %(day)s.") % {"day": format_date(review.held_on)}
    return {
        finding.item.code: (
            finding.result,
            finding.note or ("" if finding.result == Result.MEETS else found_in),
        )
        for finding in review.findings.select_related("item")
    }


EXIT_SUBJECT = gettext_lazy("Credit cultivation plan ended")
EXIT_BODY = gettext_lazy("The credit cultivation plan of %(enterprise)s has ended: %(reason)s. %(note)s")


def plan_exit(*, actor, plan, reason, note=""):
    note = (note or "").strip()
    if reason not in CultivationPlan.ExitReason.values:
        raise ValidationError({"reason": _("Choose why the plan ends.")})
    if not note:
        raise ValidationError({"note": _("Explain how the plan ended.")})
    with transaction.atomic():
        plan = locked_active(plan, actor)
        plan.exit_reason = reason
        _close(plan, actor, CultivationPlan.Status.EXITED, note=note)
        record_activity(actor=actor, verb="plan.exit", target=plan, note=note)
        notify_enterprise_users(
            enterprise_id=plan.enterprise_id,
            subject=EXIT_SUBJECT,
            body=EXIT_BODY,
            context=lambda: {
                "enterprise": plan.enterprise.display_name,
                "reason": plan.get_exit_reason_display(),
                "note": note,
            },
            link=plan.get_absolute_url(),
        )
    return plan


def _close(plan, actor, status, *, note):
    plan.status = status
    plan.closing_note = note
    plan.closed_on = timezone.localdate()
    plan.closed_by = actor if getattr(actor, "pk", None) else None
    plan.save()


def exit_dishonest_plans(*, as_of):
    """Nightly: a plan ends when its enterprise has been determined dishonest (brief, section 6)."""
    plans = list(
        CultivationPlan.objects.filter(
            status=CultivationPlan.Status.ACTIVE, enterprise__credit_grade__in=DISHONEST_GRADES
        ).select_for_update()
    )
    CultivationPlan.objects.filter(pk__in=[plan.pk for plan in plans]).update(
        status=CultivationPlan.Status.EXITED,
        exit_reason=CultivationPlan.ExitReason.DISHONEST,
        closed_on=as_of,
    )
    record_activities(actor=None, verb="plan.exit", targets=plans, note=CultivationPlan.ExitReason.DISHONEST)
    return {"created": len(plans)}
