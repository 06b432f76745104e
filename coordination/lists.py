"""The lists of coordination as their pages show them: the rows a user sees through the visibility gate,
filtered and sorted by the query string, and the columns of their export. Pages and the export
worker (background.list_export) both build a list here, so an export holds what the page shows."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.models import Role
from background.list_export import Column
from coordination import selectors
from coordination.forms import CaseFilterForm
from core.sorting import sort_rows

CASE_COLUMNS = (
    Column(gettext_lazy("Subject"), lambda case: case.subject),
    Column(gettext_lazy("Enterprise"), lambda case: case.enterprise.display_name),
    Column(gettext_lazy("Kind of case"), lambda case: case.get_category_display()),
    Column(gettext_lazy("Status"), lambda case: case.get_status_display()),
    Column(gettext_lazy("Serve by"), lambda case: case.due_on),
    Column(gettext_lazy("Coordinator"), lambda case: str(case.coordinator or "")),
)


WORKLOAD_COLUMNS = (
    Column(gettext_lazy("Coordinator"), lambda profile: str(profile.user)),
    Column(gettext_lazy("Customs"), lambda profile: profile.office.display_name),
    Column(pgettext_lazy("coordinator", "Active"), lambda profile: profile.is_active),
    Column(gettext_lazy("Enterprises"), lambda profile: profile.enterprises),
    Column(gettext_lazy("Capacity"), lambda profile: profile.capacity),
    Column(gettext_lazy("Open cases"), lambda profile: profile.open_cases),
    Column(gettext_lazy("Past the deadline"), lambda profile: profile.overdue_cases),
)


CASE_ORDERS = {
    "subject": ("subject",),
    "enterprise": ("enterprise__name",),
    "status": ("status",),
    "due": ("due_on",),
    "coordinator": ("coordinator__username",),
}


def case_rows(user, params):
    """The case queue as its page shows it to `user`, filtered by `params`: (filter form, cases)."""
    form = CaseFilterForm(params or None)
    filters = form.cleaned_data if form.is_valid() else {}
    queue = selectors.case_queue(user, status=filters.get("status", ""), overdue=filters.get("overdue"))
    return form, sort_rows(queue, params, CASE_ORDERS)


def case_export(user, params):
    """What the queue's export holds, for the page\'s export and the export worker."""
    return case_rows(user, params)[1], CASE_COLUMNS


def workload_rows(user):
    if user.role not in (Role.OFFICER, Role.ADMINISTRATOR):
        raise PermissionDenied
    return selectors.coordinator_workload(user)


def workload_export(user, params):
    """What the workload's export holds, for the page\'s export and the export worker."""
    return workload_rows(user), WORKLOAD_COLUMNS
