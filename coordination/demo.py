"""Demo coordination: the Xining coordinator's profile, assignments, and Belden's cases."""

import datetime

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
    opened = _belden_case() + _belden_late_cases()
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


# Cases that make the coordinator's queue show each deadline state: (category, subject,
# description, days since opened). Their service deadlines then fall two days ago and tomorrow.
LATE_CASES = (
    (
        Case.Category.DIFFICULT_MATTER,
        "出口高纯镓通关查验时间过长",
        "上周申报的一批高纯镓在口岸查验已超过5天，客户交货期临近，请协助了解原因。",
        12,
    ),
    (
        Case.Category.POLICY_CONSULTATION,
        "AEO互认国家的通关便利如何申请",
        "我司对韩国出口增多，想了解在韩国海关享受AEO互认便利需要提供什么信息。",
        4,
    ),
)


def _belden_late_cases():
    """Two more cases of Belden, opened earlier: one past its deadline, one due tomorrow."""
    user = User.objects.get(username="enterprise")
    enterprise = user.enterprise_membership.enterprise
    opened = 0
    for category, subject, description, age in LATE_CASES:
        if enterprise.cases.filter(subject=subject).exists():
            continue
        case = case_open(
            actor=user, enterprise=enterprise, category=category, subject=subject, description=description
        )
        opened_on = timezone.now() - datetime.timedelta(days=age)
        Case.objects.filter(pk=case.pk).update(
            opened_at=opened_on,
            due_on=timezone.localdate(opened_on) + datetime.timedelta(days=Case.SERVICE_DAYS[category]),
        )
        opened += 1
    return opened
