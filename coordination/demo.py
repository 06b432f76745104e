"""Demo coordination: the Xining coordinator's profile, assignments, and a case of Belden's."""

from django.utils import timezone

from accounts.models import User
from coordination.assignment import assign_coordinators
from coordination.cases import case_log, case_open
from coordination.models import Case, CoordinatorProfile, ServiceLogEntry
from rulebooks.models import BusinessType


def seed(*, stdout):
    user = User.objects.get(username="coordinator")
    profile, created = CoordinatorProfile.objects.get_or_create(
        user=user, defaults={"office": user.office, "capacity": 40}
    )
    if created:
        profile.expertise.set(BusinessType.objects.filter(code__in=["consignee_consignor", "customs_broker"]))
    counts = assign_coordinators()
    opened = _belden_case()
    stdout.write(
        f"coordination: {int(created)} coordinator profiles created, {counts['created']} assignments made, "
        f"{opened} cases opened"
    )


def _belden_case():
    """Belden asks its coordinator about a classification; one contact is logged."""
    user = User.objects.get(username="enterprise")
    enterprise = user.enterprise_membership.enterprise
    if enterprise.cases.exists():
        return 0
    case = case_open(
        actor=user,
        enterprise=enterprise,
        category=Case.Category.POLICY_CONSULTATION,
        subject="高纯碲新产品的商品归类",
        description="我司新开发的7N高纯碲应归入哪个税号？是否适用出口许可证管理？",
    )
    coordinator = User.objects.get(username="coordinator")
    case_log(
        actor=coordinator,
        case=case,
        contact_at=timezone.now(),
        channel=ServiceLogEntry.Channel.PHONE,
        people="马丽（关务经理）",
        officers=[coordinator],
        departments="关税处",
        result="已说明归类思路，约定提交样品说明书后书面答复。",
    )
    return 1
