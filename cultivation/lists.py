"""The lists of cultivation as their pages show them: the rows a user sees through the visibility gate,
filtered and sorted by the query string, and the columns of their export. Pages and the export
worker (background.list_export) both build a list here, so an export holds what the page shows."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy

from accounts.models import Role
from background.list_export import Column, day
from core.sorting import sort_rows
from cultivation import selectors
from cultivation.forms import (
    CandidateFilterForm,
    PlanFilterForm,
)
from cultivation.models import Candidate, CultivationPlan
from cultivation.templatetags.cultivation import phase_label


def while_active(value):
    """What the list shows only for a plan in cultivation."""
    return lambda plan: value(plan) if plan.status == CultivationPlan.Status.ACTIVE else None


PLAN_COLUMNS = (
    Column(gettext_lazy("Enterprise"), lambda plan: plan.enterprise.display_name),
    Column(gettext_lazy("Customs office"), lambda plan: plan.office.display_name),
    Column(gettext_lazy("Target grade"), lambda plan: plan.get_target_grade_display()),
    Column(gettext_lazy("Status"), lambda plan: plan.get_status_display()),
    Column(gettext_lazy("Exit reason"), lambda plan: plan.get_exit_reason_display()),
    Column(gettext_lazy("Current phase"), while_active(lambda plan: phase_label(plan.current_phase))),
    Column(gettext_lazy("Next milestone"), while_active(lambda plan: plan.next_due)),
    Column(gettext_lazy("Starts on"), lambda plan: plan.starts_on),
    Column(gettext_lazy("Target date"), lambda plan: plan.target_on),
)


PLAN_ORDERS = {
    "enterprise": ("enterprise__name",),
    "target_grade": ("target_grade",),
    "status": ("status",),
    "period": ("starts_on", "target_on"),
}


def plan_rows(user, params):
    """The plans as the officers' list shows them, filtered by `params`: (filter form, plans)."""
    form = PlanFilterForm(params or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, sort_rows(selectors.plan_list(user, **filters), params, PLAN_ORDERS)


def plan_export(user, params):
    """What the plans' export holds, for the page\'s export and the export worker."""
    return plan_rows(user, params)[1], PLAN_COLUMNS


CANDIDATE_COLUMNS = (
    Column(gettext_lazy("Enterprise"), lambda candidate: candidate.enterprise.display_name),
    Column(
        gettext_lazy("Customs office"), lambda candidate: candidate.enterprise.customs_office.display_name
    ),
    Column(gettext_lazy("Credit grade"), lambda candidate: candidate.enterprise.get_credit_grade_display()),
    Column(gettext_lazy("Status"), lambda candidate: candidate.get_status_display()),
    Column(gettext_lazy("Source"), lambda candidate: candidate.get_source_display()),
    Column(gettext_lazy("Added"), lambda candidate: day(candidate.added_at)),
    Column(gettext_lazy("Added by"), lambda candidate: str(candidate.added_by or "")),
)


def candidate_rows(user, params):
    """The pool as its list shows it to an officer, filtered by `params`: (filter form, candidates)."""
    if user.role not in (Role.OFFICER, Role.ADMINISTRATOR):
        raise PermissionDenied
    form = CandidateFilterForm(params or None)
    status = form.cleaned_data.get("status") if form.is_valid() else ""
    candidates = selectors.visible_candidates(user)
    candidates = (
        candidates.filter(status=status) if status else candidates.filter(status__in=Candidate.OPEN_STATUSES)
    )
    return form, candidates.select_related("enterprise__customs_office", "office", "added_by")


def candidate_export(user, params):
    """What the pool's export holds, for the page\'s export and the export worker."""
    return candidate_rows(user, params)[1], CANDIDATE_COLUMNS
