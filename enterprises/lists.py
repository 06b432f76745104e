"""The lists of enterprises as their pages show them: the rows a user sees through the visibility gate,
filtered and sorted by the query string, and the columns of their export. Pages and the export
worker (background.list_export) both build a list here, so an export holds what the page shows."""

from django.utils.translation import gettext_lazy

from background.list_export import Column, day
from core.sorting import sort_rows
from enterprises import selectors
from enterprises.forms.proposals import ProposalFilterForm
from enterprises.forms.register import EnterpriseFilterForm
from enterprises.forms.repair import CaseFilterForm

ENTERPRISE_COLUMNS = (
    Column(gettext_lazy("Enterprise"), lambda e: e.display_name),
    Column(gettext_lazy("USCC"), lambda e: e.uscc),
    Column(gettext_lazy("Customs code"), lambda e: e.customs_code),
    Column(gettext_lazy("Credit grade"), lambda e: e.get_credit_grade_display()),
    Column(gettext_lazy("AEO code"), lambda e: e.aeo_code),
    Column(
        gettext_lazy("Business types"), lambda e: ", ".join(bt.display_name for bt in e.business_types.all())
    ),
    Column(gettext_lazy("Customs office"), lambda e: e.customs_office.display_name),
)


# The register's sortable columns (core.sorting), each on an indexed column of the register.
ENTERPRISE_ORDERS = {
    "name": ("name",),
    "uscc": ("uscc",),
    "customs_code": ("customs_code",),
    "office": ("customs_office__code",),
}


def enterprise_rows(user, params):
    """The register as its list shows it to `user`, filtered by `params`: (filter form, rows)."""
    form = EnterpriseFilterForm(params or None, user=user)
    filters = form.cleaned_data if form.is_valid() else {}
    enterprises = selectors.enterprise_list(
        user,
        query=filters.get("q", ""),
        credit_grade=filters.get("credit_grade", ""),
        office_code=filters.get("office", ""),
        business_type=filters.get("business_type", ""),
        coordinator=filters.get("coordinator", ""),
    )
    return form, sort_rows(enterprises, params, ENTERPRISE_ORDERS)


def enterprise_export(user, params):
    """What the register's export holds, for the page\'s export and the export worker."""
    return enterprise_rows(user, params)[1], ENTERPRISE_COLUMNS


PROPOSAL_COLUMNS = (
    Column(gettext_lazy("Enterprise"), lambda p: p.enterprise.display_name),
    Column(gettext_lazy("USCC"), lambda p: p.enterprise.uscc),
    Column(gettext_lazy("Criterion"), lambda p: f"{p.criterion.display_article} {p.criterion.display_title}"),
    Column(gettext_lazy("Status"), lambda p: p.get_status_display()),
    Column(gettext_lazy("Proposed"), lambda p: day(p.created_at)),
    Column(gettext_lazy("Statement due"), lambda p: p.statement_due),
    Column(gettext_lazy("Customs office"), lambda p: p.enterprise.customs_office.display_name),
)


PROPOSAL_ORDERS = {
    "enterprise": ("enterprise__name",),
    "status": ("status",),
    "proposed": ("created_at",),
    "statement_due": ("statement_due",),
    "office": ("enterprise__customs_office__code",),
}


def proposal_rows(user, params):
    """(filter form, proposals of every status, those of the chosen status) as the list shows them."""
    form = ProposalFilterForm(params or None, user=user)
    filters = form.cleaned_data if form.is_valid() else {}
    proposals = selectors.filter_proposals(
        selectors.visible_proposals(user),
        query=filters.get("q", ""),
        kind=filters.get("kind", ""),
        office_code=filters.get("office", ""),
    )
    shown = selectors.filter_proposals(proposals, status=filters.get("status", "")).select_related(
        "enterprise__customs_office", "criterion"
    )
    return form, proposals, sort_rows(shown, params, PROPOSAL_ORDERS)


def proposal_export(user, params):
    """What the proposals' export holds, for the page\'s export and the export worker."""
    return proposal_rows(user, params)[2], PROPOSAL_COLUMNS


TABS = {"repairs": gettext_lazy("Credit repair applications"), "objections": gettext_lazy("Objections")}


ENTERPRISE = Column(gettext_lazy("Enterprise"), lambda case: case.enterprise.display_name)


STATUS = Column(gettext_lazy("Status"), lambda case: case.get_status_display())


OFFICE = Column(gettext_lazy("Customs office"), lambda case: case.enterprise.customs_office.display_name)


CASE_COLUMNS = {
    "repairs": (
        ENTERPRISE,
        Column(gettext_lazy("Filed"), lambda case: day(case.applied_at)),
        STATUS,
        Column(gettext_lazy("Answer due"), lambda case: case.answer_due),
        OFFICE,
    ),
    "objections": (
        Column(gettext_lazy("Reference number"), lambda case: case.reference),
        ENTERPRISE,
        Column(gettext_lazy("Information objected to"), lambda case: case.get_item_display()),
        Column(gettext_lazy("Objector"), lambda case: case.get_objector_kind_display()),
        Column(gettext_lazy("Filed"), lambda case: day(case.filed_at)),
        STATUS,
        Column(gettext_lazy("Re-check due"), lambda case: case.recheck_due),
        OFFICE,
    ),
}


def case_rows(user, params):
    """(tab, filter form, cases) of the repair and objection queue, as its page shows them."""
    tab = params.get("tab") if params.get("tab") in TABS else "repairs"
    form = CaseFilterForm(params or None, tab=tab)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    if tab == "repairs":
        cases = selectors.visible_repair_applications(user).order_by("answer_due", "id")
    else:
        cases = selectors.visible_objections(user).order_by("recheck_due", "id")
    if status:
        cases = cases.filter(status=status)
    return tab, form, cases.select_related("enterprise__customs_office")


def case_export(user, params):
    """What a tab's export holds, for the page\'s export and the export worker."""
    tab, _form, cases = case_rows(user, params)
    return cases, CASE_COLUMNS[tab]
