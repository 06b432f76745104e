"""The lists of certification as their pages show them: the rows a user sees through the visibility gate,
filtered and sorted by the query string, and the columns of their export. Pages and the export
worker (background.list_export) both build a list here, so an export holds what the page shows."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from background.list_export import Column
from certification import selectors
from certification.clock import clock
from certification.forms import ApplicationFilterForm
from certification.models import Certificate
from core.sorting import sort_rows


def application_columns(today):
    def running(value):
        """A figure of the clock, blank when the clock is not running (as the list shows it)."""

        def read(application):
            state = clock(application, today)
            return value(state) if state.running else None

        return read

    return (
        Column(gettext_lazy("Receipt number"), str),
        Column(gettext_lazy("Enterprise"), lambda application: application.enterprise.display_name),
        Column(
            gettext_lazy("Customs office"),
            lambda application: application.enterprise.customs_office.display_name,
        ),
        Column(gettext_lazy("Kind"), lambda application: application.get_kind_display()),
        Column(gettext_lazy("Grade applied for"), lambda application: application.get_target_grade_display()),
        Column(gettext_lazy("Status"), lambda application: application.get_status_display()),
        Column(gettext_lazy("Days left"), running(lambda state: state.days_left)),
        Column(gettext_lazy("Decide by"), running(lambda state: state.deadline)),
    )


APPLICATION_ORDERS = {
    "receipt": ("receipt_number",),
    "enterprise": ("enterprise__name",),
    "status": ("status",),
}


def application_rows(user, params):
    """The application queue as its page shows it to `user`, filtered by `params`: (form, rows)."""
    form = ApplicationFilterForm(params or None)
    filters = form.cleaned_data if form.is_valid() else {}
    applications_ = selectors.application_list(
        user,
        status=filters.get("status", ""),
        query=filters.get("q", ""),
        kind=filters.get("kind", ""),
    )
    return form, sort_rows(applications_, params, APPLICATION_ORDERS)


def application_export(user, params):
    """What the queue's export holds, for the page\'s export and the export worker."""
    return application_rows(user, params)[1], application_columns(timezone.localdate())


CERTIFICATE_COLUMNS = (
    Column(gettext_lazy("Certificate number"), lambda certificate: certificate.number),
    Column(gettext_lazy("Enterprise"), lambda certificate: certificate.enterprise.display_name),
    Column(
        gettext_lazy("Customs office"), lambda certificate: certificate.enterprise.customs_office.display_name
    ),
    Column(gettext_lazy("Grade"), lambda certificate: certificate.get_grade_display()),
    Column(gettext_lazy("Issued on"), lambda certificate: certificate.issued_on),
    Column(gettext_lazy("Re-review due"), lambda certificate: certificate.re_review_due),
    Column(gettext_lazy("Status"), lambda certificate: certificate.get_status_display()),
)


CERTIFICATE_ORDERS = {
    "number": ("number",),
    "enterprise": ("enterprise__name",),
    "issued": ("issued_on",),
    "re_review": ("re_review_due",),
    "status": ("status",),
}


def certificate_rows(user, params):
    """(status, query, certificates) of the list as its page shows it to `user`."""
    status = params.get("status", "")
    items = selectors.visible_certificates(user).select_related("enterprise__customs_office")
    if status in Certificate.Status.values:
        items = items.filter(status=status)
    query = params.get("q", "").strip()
    if query:
        items = items.filter(number=query.upper()) | items.filter(enterprise__name__contains=query)
    return status, query, sort_rows(items.order_by("re_review_due", "id"), params, CERTIFICATE_ORDERS)


def certificate_export(user, params):
    """What the list's export holds, for the page\'s export and the export worker."""
    return certificate_rows(user, params)[2], CERTIFICATE_COLUMNS
