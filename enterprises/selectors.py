"""The visibility gate: the one place that decides which enterprises a user may see.

Every list, detail page, export, API endpoint and form choice that shows
enterprise data starts from `visible_enterprises(user)`; an enterprise outside
it answers 404, never 403, so a guessed id reveals nothing.
"""

from django.db.models import Count, Exists, OuterRef, Q

from accounts.models import CustomsOffice, Role
from accounts.selectors import offices_in_jurisdiction, sees_every_office
from enterprises.models import (
    AEO_CODE_PREFIX,
    CreditStatusCertificate,
    DishonestProposal,
    DishonestStatement,
    Enterprise,
    Objection,
    RepairApplication,
)
from rulebooks.models import AEO_GRADES, CreditGrade
from rulebooks.selectors import measures_in_force


def visible_enterprises(user):
    enterprises = Enterprise.objects.all()
    if not user.is_authenticated or not user.is_active:
        return enterprises.none()
    if sees_every_office(user):
        return enterprises  # every enterprise has an office: no need to filter by all of them
    if user.role == Role.ENTERPRISE:
        membership = getattr(user, "enterprise_membership", None)
        return enterprises.filter(pk=membership.enterprise_id) if membership else enterprises.none()
    if user.role == Role.COORDINATOR:
        return enterprises.filter(
            coordinator_assignments__coordinator=user, coordinator_assignments__is_active=True
        )
    if user.role == Role.OFFICER:
        return enterprises.filter(customs_office__in=offices_in_jurisdiction(user))
    return enterprises.none()


def grades_by_office(user):
    """Visible enterprises by credit grade for each office one level below the user's own
    (the directly-under customs for the General Administration), and those the office supervises
    itself: [(office, is_own_office, {grade: count})], own office first, then by path.

    One grouped count by supervising office and grade (no join: a scan of the enterprise table at
    national scale, folded into branches with the offices' materialised paths) and one read of the
    offices in the jurisdiction.
    """
    offices = list(offices_in_jurisdiction(user).order_by("path"))
    if not offices:
        return []
    own = next((office for office in offices if office.pk == user.office_id), None)
    own = own or next(office for office in offices if office.level == CustomsOffice.Level.GAC)
    branches = [own] + [office for office in offices if office.parent_id == own.pk]
    by_path = {branch.path: branch for branch in branches}
    # An office's branch: the own office, or the child whose path segment comes right after its path.
    branch_of = {
        office.pk: by_path.get(own.path + office.path[len(own.path) :].split("/")[0] + "/", own)
        for office in offices
        if office.path.startswith(own.path)
    }
    counts = {branch.pk: dict.fromkeys(CreditGrade, 0) for branch in branches}
    rows = (
        visible_enterprises(user)
        .values_list("customs_office_id", "credit_grade")
        .annotate(n=Count("id"))
        .order_by()
    )
    for office_id, grade, n in rows:
        if office_id in branch_of:
            counts[branch_of[office_id].pk][CreditGrade(grade)] += n
    return [
        (branch, branch is own, counts[branch.pk])
        for branch in branches
        # The own office's row only when it supervises enterprises itself, or has no office below.
        if branch is not own or any(counts[own.pk].values()) or len(branches) == 1
    ]


def open_proposals_by_status(user):
    """Dishonest proposals awaiting customs' action, counted by status (one grouped count)."""
    counts = dict(
        visible_proposals(user)
        .filter(status__in=DishonestProposal.OPEN_STATUSES)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        (DishonestProposal.Status(status), counts.get(status, 0))
        for status in DishonestProposal.OPEN_STATUSES
    ]


def register_match(query):
    """The condition of a register search: an exact USCC, customs code or AEO code, or a name fragment.

    A query shaped like a code (10 or 18 capitals and digits) is looked up as a code only: no name
    holds one, and matching it as a fragment of two million names would cost a scan.
    """
    code = query.upper()
    if len(code) == len(AEO_CODE_PREFIX) + 10 and code.startswith(AEO_CODE_PREFIX) and code.isalnum():
        # An AEO code names an enterprise of an AEO grade by its customs code.
        return Q(customs_code=code.removeprefix(AEO_CODE_PREFIX), credit_grade__in=AEO_GRADES)
    if len(code) in (10, 18) and code.isascii() and code.isalnum() and sum(map(str.isdigit, code)) >= 2:
        return Q(uscc=code) | Q(customs_code=code)
    return Q(name__contains=query) | Q(name_en__icontains=query)


def search_enterprises(enterprises, query):
    """Narrow `enterprises` by a name fragment, an exact USCC or an exact customs code."""
    query = (query or "").strip()
    return enterprises.filter(register_match(query)) if query else enterprises


def enterprise_list(user, *, query="", credit_grade="", office_code="", business_type="", coordinator=""):
    """Visible enterprises matching the list filters, ready for a page of rows.

    `coordinator` (a username) narrows to the enterprises that coordinator looks after now: the
    coordinator workload page links each coordinator's count here.
    """
    enterprises = search_enterprises(visible_enterprises(user), query)
    if coordinator:
        enterprises = enterprises.filter(
            coordinator_assignments__is_active=True,
            coordinator_assignments__coordinator__username=coordinator,
        )
    if credit_grade:
        enterprises = enterprises.filter(credit_grade=credit_grade)
    if office_code:
        enterprises = enterprises.filter(customs_office__code=office_code)
    if business_type:
        enterprises = enterprises.filter(business_types__code=business_type)
    return enterprises.select_related("customs_office").prefetch_related("business_types")


def visible_proposals(user):
    """Proposals of visible enterprises; enterprise users only see what customs has told them."""
    proposals = DishonestProposal.objects.filter(enterprise__in=visible_enterprises(user))
    if user.is_authenticated and user.role == Role.ENTERPRISE:
        proposals = proposals.filter(notified_at__isnull=False)
    return proposals


def visible_repair_applications(user):
    return RepairApplication.objects.filter(enterprise__in=visible_enterprises(user))


def _objections_for(user, objections):
    """An enterprise's users see only their own objections, never a member of the public's (whose
    identity and contact are for customs alone)."""
    if user.is_authenticated and user.role == Role.ENTERPRISE:
        return objections.filter(objector_kind=Objection.ObjectorKind.ENTERPRISE)
    return objections


def visible_objections(user):
    """Objections to visible enterprises' records, as `user` may see them."""
    return _objections_for(user, Objection.objects.filter(enterprise__in=visible_enterprises(user)))


def enterprise_objections(user, enterprise):
    """The objections to `enterprise`, an enterprise `user` reached through `visible_enterprises`."""
    return _objections_for(user, enterprise.objections.all())


def visible_credit_status_certificates(user):
    """Credit status certificates of visible enterprises, with what their validity is read from."""
    return CreditStatusCertificate.objects.filter(enterprise__in=visible_enterprises(user)).with_validity()


def filter_proposals(proposals, *, query="", status="", kind="", office_code=""):
    """Narrow proposals by the queue's filters (web queue and API)."""
    if query:
        enterprises = search_enterprises(Enterprise.objects.all(), query)
        proposals = proposals.filter(enterprise__in=enterprises)
    if status:
        proposals = proposals.filter(status=status)
    if kind:
        proposals = proposals.filter(criterion__kind=kind)
    if office_code:
        proposals = proposals.filter(enterprise__customs_office__code=office_code)
    return proposals


def enterprise_portal(user):
    """What an enterprise user's home page shows: grade and since when, measures, open records."""
    enterprise = enterprise_list(user).first()
    if enterprise is None:
        return {"enterprise": None}
    rulebook, measures = measures_in_force(enterprise.credit_grade)
    return {
        "enterprise": enterprise,
        "grade_since": enterprise.ledger_entries.select_related("rulebook", "criterion")
        .order_by("-effective_from", "-id")
        .first(),
        "rulebook": rulebook,
        "measures": measures,
        "penalty_count": enterprise.penalties.count(),
        "unpaid_arrears": enterprise.arrears.filter(paid_on__isnull=True).order_by("due_on"),
        "open_proposals": visible_proposals(user)
        .filter(enterprise=enterprise, status__in=DishonestProposal.OPEN_STATUSES)
        .annotate(stated=Exists(DishonestStatement.objects.filter(proposal=OuterRef("pk"))))
        .select_related("criterion"),
        # What the enterprise waits for customs to answer.
        "open_objections": visible_objections(user)
        .filter(enterprise=enterprise, status=Objection.Status.OPEN)
        .select_related("penalty", "determination__criterion")
        .order_by("recheck_due", "id"),
        # Only a dishonest enterprise can have a repair application waiting for its answer.
        "pending_repair": visible_repair_applications(user)
        .filter(enterprise=enterprise, status=RepairApplication.Status.SUBMITTED)
        .first()
        if enterprise.credit_grade in (CreditGrade.DISHONEST, CreditGrade.SERIOUSLY_DISHONEST)
        else None,
    }
