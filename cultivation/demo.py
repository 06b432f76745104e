"""Demo cultivation, after the Qinghai example of the brief: Belden's two-year plan that ended in
advanced certification (five items rectified on the way), and Goji Foods (user enterprise4) near the
end of its two-year plan with Xihai Customs. Qinghai Lithium Materials is left for the selection
screen: a key industry in the bonded zone, growing 35 %."""

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts.models import User
from certification.models import Result
from cultivation import mock, plans, sessions
from cultivation.models import CultivationPlan, Milestone
from enterprises.models import Enterprise
from rulebooks.models import BusinessType
from rulebooks.selectors import rulebook_in_force

BELDEN_NAME = "青海贝尔登高纯材料开发有限公司"
GOJI_NAME = "青海示例枸杞食品有限公司"
# The items Belden's baseline review found short, all met two years later.
# Reviews before 2026-04-01 assess the 2022 standard's items (G-), later ones the 2026 standard's (A-G-).
BELDEN_GAPS = ("G-2", "G-4", "G-15", "G-13", "G-16")
GOJI_BASELINE_GAPS = {
    "G-1": Result.FAILS,
    "G-4": Result.BASICALLY_MEETS,
    "G-5": Result.BASICALLY_MEETS,
    "G-13": Result.FAILS,
    "G-16": Result.BASICALLY_MEETS,
    "G-3": Result.BASICALLY_MEETS,
}


def _review(plan, officer, held_on, shortfalls, summary):
    results = {
        item.code: shortfalls.get(item.code, Result.MEETS) for item in mock.review_items(plan, held_on)
    }
    notes = dict.fromkeys(shortfalls, "现场核查发现差距。")
    return mock.mock_review_record(
        actor=officer, plan=plan, held_on=held_on, results=results, notes=notes, summary=summary
    )


def _complete(plan, officer, until):
    for milestone in plan.milestones.filter(due_on__lte=until, completed_on__isnull=True):
        plans.milestone_complete(actor=officer, milestone=milestone, completed_on=milestone.due_on)


def _belden(officer, officer_xh):
    """Taken over from the earlier system: the plan ran under Order 251 before Belden was certified."""
    enterprise = Enterprise.objects.get(name=BELDEN_NAME)
    starts_on, certified_on = datetime.date(2022, 6, 1), datetime.date(2024, 6, 18)
    plan = CultivationPlan.objects.create(
        enterprise=enterprise,
        office=officer_xh.office,
        rulebook=rulebook_in_force(starts_on),
        target_grade="advanced_certified",
        starts_on=starts_on,
        target_on=datetime.date(2024, 6, 1),
        created_by=officer_xh,
    )
    plan.business_types.set(enterprise.business_types.all())
    plan.officers.set([officer_xh, officer])
    span = (plan.target_on - starts_on).days
    Milestone.objects.bulk_create(
        Milestone(
            plan=plan,
            phase=phase,
            title=str(title),
            due_on=starts_on + datetime.timedelta(days=round(span * share)),
        )
        for phase, title, share in plans.DEFAULT_MILESTONES
    )
    _review(
        plan,
        officer_xh,
        datetime.date(2022, 7, 15),
        dict.fromkeys(BELDEN_GAPS, Result.BASICALLY_MEETS),
        "基线评估。",
    )
    sessions.session_record(
        actor=officer_xh,
        kind="one_to_one",
        mode="on_site",
        held_on=datetime.date(2022, 9, 20),
        plans=[plan],
        attendees="西海海关：2人；企业：总经理、关务经理",
        topics="内部控制制度梳理；贸易安全差距",
        notes="企业高层重视，已成立认证工作小组。",
        follow_up="一个月内提交内控制度修订稿。",
    )
    _review(plan, officer_xh, datetime.date(2023, 6, 10), {"G-13": Result.BASICALLY_MEETS}, "中期评估。")
    _review(plan, officer, datetime.date(2024, 3, 5), {}, "预认证通过。")
    _complete(plan, officer_xh, plan.target_on)
    plans.plan_exit(actor=officer, plan=plan, reason="certified", note="2024年6月18日通过高级认证。")
    CultivationPlan.objects.filter(pk=plan.pk).update(closed_on=certified_on)


def _goji(officer, officer_xh, enterprise_user):
    enterprise = Enterprise.objects.get(name=GOJI_NAME)
    today = timezone.localdate()
    starts_on = today - relativedelta(months=22)
    plan = plans.plan_open(
        actor=officer_xh,
        enterprise=enterprise,
        target_grade="advanced_certified",
        business_types=[BusinessType.objects.get(code="consignee_consignor")],
        starts_on=starts_on,
        target_on=starts_on + relativedelta(years=2),
        officers=[officer_xh, officer],
    )
    _review(plan, officer_xh, starts_on + relativedelta(months=1), GOJI_BASELINE_GAPS, "基线评估：六项差距。")
    sessions.session_record(
        actor=officer_xh,
        kind="one_to_one",
        mode="on_site",
        held_on=starts_on + relativedelta(months=3),
        plans=[plan],
        attendees="西海海关：2人；企业：李海燕、财务负责人",
        topics="内部控制制度；财务状况指标",
        notes="企业已指定关务负责人，差距整改责任到人。",
        follow_up="修订进出口内控制度；补充年度审计报告。",
    )
    sessions.session_record(
        actor=officer_xh,
        kind="one_to_one",
        mode="online",
        held_on=starts_on + relativedelta(months=12),
        plans=[plan],
        attendees="西海海关：1人；企业：关务经理",
        topics="封志管理与员工培训",
        notes="内部讨论：培训记录尚不完整。",
        shared_with_enterprise=False,
    )
    _review(
        plan,
        officer,
        today - relativedelta(months=3),
        {"A-G-09": Result.BASICALLY_MEETS},
        "预认证：一项基本符合。",
    )
    _complete(plan, officer_xh, today - relativedelta(months=1))
    plans.milestone_add(
        actor=officer_xh,
        plan=plan,
        phase="pre_review",
        title="应急预案演练",
        due_on=today - datetime.timedelta(days=10),
    )
    gap = plan.gaps.get(item__code="A-G-09")
    plans.gap_update(
        actor=officer_xh,
        gap=gap,
        owner=enterprise_user,
        due_on=today + relativedelta(months=1),
        status="in_progress",
    )
    plans.gap_update(actor=enterprise_user, gap=gap, progress="应急预案已修订，待演练。")


def seed(*, stdout):
    if CultivationPlan.objects.exists():
        stdout.write("cultivation: already seeded")
        return
    officer, officer_xh = User.objects.get(username="officer"), User.objects.get(username="officer_xh")
    _belden(officer, officer_xh)
    _goji(officer, officer_xh, User.objects.get(username="enterprise4"))
    stdout.write("cultivation: 2 plans (Belden certified after two years, Goji Foods in progress)")
