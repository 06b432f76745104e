"""Demo enterprises from the source articles, plus clearly fictional ones."""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.demo import ensure_user
from accounts.models import CustomsOffice, Role, User
from enterprises.determination import (
    add_working_days,
    determination_take_over,
    proposal_create,
    proposal_drop,
    proposal_notify,
)
from enterprises.ledger import ledger_record
from enterprises.models import DishonestProposal, Enterprise, EnterpriseMembership, LedgerEntry
from enterprises.objections import objection_file
from enterprises.records import arrear_record, document_count_set, penalty_record
from enterprises.services import coordinator_assign, enterprise_create, membership_create
from enterprises.uscc import check_character
from notifications.services import notification_send
from rulebooks.models import BusinessType, CreditGrade, RecordRule, RecordRuleKind, Rulebook


def demo_uscc(region, serial):
    """A valid, obviously made-up code: legal-person type 91, region, 'MA' + serial."""
    first17 = f"91{region}MA{serial:07d}"
    return first17 + check_character(first17)


# name, English name, office, region code, business types, legal representative, address
ENTERPRISES = [
    (
        "青海贝尔登高纯材料开发有限公司",
        "Qinghai Belden High Purity Material Development Co., Ltd.",
        "9703",
        "630100",
        ["consignee_consignor"],
        "马建国",
        "青海省西宁市城北区生物园区",
    ),
    (
        "上海振华重工（集团）股份有限公司",
        "Shanghai Zhenhua Heavy Industry (Group) Co., Ltd.",
        "2200",
        "310115",
        ["consignee_consignor"],
        "刘振华",
        "上海市浦东新区东方路",
    ),
    (
        "青海高原示例贸易有限公司",
        "Qinghai Plateau Example Trading Co., Ltd.",
        "9700",
        "630100",
        ["consignee_consignor", "foreign_trade_service"],
        "张示例",
        "西宁市示例路1号",
    ),
    (
        "西宁示例物流有限公司",
        "Xining Example Logistics Co., Ltd.",
        "9703",
        "630100",
        ["customs_broker", "logistics_road"],
        "赵样本",
        "西宁市示例路2号",
    ),
    (
        "西宁示例化工有限公司",
        "Xining Example Chemicals Co., Ltd.",
        "9700",
        "630100",
        ["consignee_consignor"],
        "孙演示",
        "西宁市示例路3号",
    ),
    (
        "乌鲁木齐丝路示例进出口有限公司",
        "Urumqi Silk Road Example Import & Export Co., Ltd.",
        "9401",
        "650100",
        ["consignee_consignor"],
        "艾示例",
        "乌鲁木齐市示例大道8号",
    ),
    (
        "喀什示例商贸有限公司",
        "Kashi Example Commerce Co., Ltd.",
        "9402",
        "653101",
        ["consignee_consignor", "cross_border_ecommerce_platform"],
        "买示例",
        "喀什市示例街5号",
    ),
    (
        "伊宁示例农产品有限公司",
        "Yining Example Agricultural Products Co., Ltd.",
        "9403",
        "654002",
        ["consignee_consignor"],
        "古示例",
        "伊宁市示例路6号",
    ),
    (
        "上海示例报关有限公司",
        "Shanghai Example Customs Brokerage Co., Ltd.",
        "2210",
        "310115",
        ["customs_broker"],
        "周示例",
        "上海市浦东新区示例路9号",
    ),
    (
        "上海洋山示例跨境电商有限公司",
        "Shanghai Yangshan Example Cross-border E-commerce Co., Ltd.",
        "2248",
        "310115",
        ["cross_border_ecommerce_platform", "express_operator"],
        "吴示例",
        "上海市临港新片区示例路10号",
    ),
    (
        "青海示例锂电材料有限公司",
        "Qinghai Example Lithium Materials Co., Ltd.",
        "9703",
        "630100",
        ["consignee_consignor"],
        "韩立新",
        "青海省西宁市南川工业园区示例路8号",
    ),
    (
        "青海示例枸杞食品有限公司",
        "Qinghai Example Goji Foods Co., Ltd.",
        "9703",
        "630100",
        ["consignee_consignor"],
        "李海燕",
        "青海省海西州德令哈市示例路6号",
    ),
]
# What cultivation selects by: index -> flags. Lithium materials sit in the Xining comprehensive
# bonded zone and are a key industry of Qinghai; goji foods are a regional key industry.
CULTIVATION_FLAGS = {10: {"in_special_zone": True, "is_key_industry": True}, 11: {"is_key_industry": True}}

ENTERPRISE_USERS = [
    # username, enterprise index, full name, e-mail, language
    ("enterprise", 0, "马丽 (Ma Li)", "customs@belden.example.cn", "zh-hans"),
    ("enterprise2", 2, "张伟 (Zhang Wei)", "customs@plateau-trading.example.cn", "en"),
    ("enterprise3", 3, "赵敏 (Zhao Min)", "customs@xining-logistics.example.cn", "zh-hans"),
    ("enterprise4", 11, "李海燕 (Li Haiyan)", "customs@goji-foods.example.cn", "zh-hans"),
]


# Grade decisions before the system took over: enterprise index -> (grade, effective date, decision).
GRADE_HISTORY = {
    0: (CreditGrade.ADVANCED_CERTIFIED, datetime.date(2024, 6, 18), "西宁关认〔2024〕12号"),
    1: (CreditGrade.ADVANCED_CERTIFIED, datetime.date(2022, 3, 1), "上海关认〔2022〕5号"),
    5: (CreditGrade.ADVANCED_CERTIFIED, datetime.date(2023, 9, 1), "乌关认〔2023〕21号"),
    6: (CreditGrade.CERTIFIED, datetime.date(2026, 6, 15), "乌关认〔2026〕3号"),
    9: (CreditGrade.CERTIFIED, datetime.date(2026, 8, 20), "上海关认〔2026〕17号"),
}
REGISTERED_ON = datetime.date(2021, 11, 1)


def _customs_code(office_code, serial):
    return f"{office_code}91{serial:04d}"


def _seed_grade(enterprise, index):
    if index not in GRADE_HISTORY:
        return
    grade, effective_from, decision_number = GRADE_HISTORY[index]
    ledger_record(
        actor=None,
        enterprise=enterprise,
        grade=grade,
        cause=LedgerEntry.Cause.CERTIFICATION,
        reason=_("Certified after an audit against the standards."),
        effective_from=effective_from,
        decision_number=decision_number,
    )


def _seed_records(enterprises):
    """Credit records that make the evaluation and the pages meaningful (see docs in README)."""
    today = timezone.localdate()
    last_year = today.year - 1
    plateau, logistics, chemicals, shanghai_broker = (
        enterprises[2],
        enterprises[3],
        enterprises[4],
        enterprises[8],
    )
    # Two years of trade for the enterprises cultivation looks at: lithium grew 35 %, goji 18 %.
    for enterprise, year, declarations in (
        (enterprises[10], last_year - 1, 3100),
        (enterprises[11], last_year - 1, 2200),
    ):
        document_count_set(
            actor=None,
            enterprise=enterprise,
            year=year,
            declarations=declarations,
            filing_lists=0,
            manifests=0,
        )
    for enterprise, declarations in (
        (enterprises[0], 12800),
        (plateau, 3000),
        (logistics, 5000),
        (enterprises[10], 4200),
        (enterprises[11], 2600),
    ):
        document_count_set(
            actor=None,
            enterprise=enterprise,
            year=last_year,
            declarations=declarations,
            filing_lists=declarations // 10,
            manifests=0,
        )
    # Plateau Trading: 5 intentional violations, RMB 1.2 million: above 1 per 1,000 and RMB 1 million.
    for n, (months_ago, amount) in enumerate(
        ((2, 300000), (3, 250000), (5, 250000), (7, 200000), (9, 200000)), 1
    ):
        _penalty(
            plateau,
            f"西关违字〔{last_year + 1}〕{n:03d}号",
            "supervision_violation",
            today,
            months_ago,
            amount,
        )
    # Xining Logistics, a broker: 2 violations in 5,500 documents stay below 0.5 per 1,000.
    _penalty(logistics, f"西关违字〔{last_year + 1}〕101号", "supervision_violation", today, 4, 200000)
    _penalty(logistics, f"西关违字〔{last_year + 1}〕102号", "supervision_violation", today, 6, 150000)
    _penalty(
        shanghai_broker, f"沪关缉决字〔{last_year + 1}〕33号", "administrative_smuggling", today, 1, 80000
    )
    _disclosed_penalty(enterprises[0], f"西关违字〔{last_year + 1}〕208号", today)
    if not chemicals.arrears.exists():
        arrear_record(
            actor=None,
            enterprise=chemicals,
            reference="XN-TAX-2025-0042",
            kind="tax",
            amount=Decimal("486000.00"),
            due_on=datetime.date(2025, 5, 20),
        )
    # Xining Chemicals was determined dishonest for that tax before the system took over.
    determination_take_over(
        actor=None,
        enterprise=chemicals,
        criterion=Rulebook.objects.get(code="order-282").criteria.get(code="art22-4"),
        decided_on=datetime.date(2026, 10, 8),
        decision_number="西宁关失〔2026〕2号",
        grounds=_("Tax of RMB 486,000 due on 2025-05-20 remains unpaid."),
        evidence_date=datetime.date(2025, 5, 20),
    )


def _seed_proposals(enterprises):
    """An officer's queue with one case per stage: notified (statement period open) and proposed."""
    rulebook = Rulebook.objects.get(code="order-282")
    officer, officer_sh = User.objects.get(username="officer"), User.objects.get(username="officer_sh")
    plateau = proposal_create(
        actor=officer,
        enterprise=enterprises[2],
        criterion=rulebook.criteria.get(code="art22-3"),
        grounds=_(
            "Within the last 12 months 5 penalties for breaking customs supervision rules, fines of "
            "RMB 1,200,000 in total, against 3,300 documents last year: 1.5 per 1,000."
        ),
        evidence=enterprises[2].penalties.values_list("case_number", flat=True),
    )
    if plateau.status == DishonestProposal.Status.PROPOSED:
        proposal_notify(actor=officer, proposal=plateau)
    proposal_create(
        actor=officer_sh,
        enterprise=enterprises[8],
        criterion=rulebook.criteria.get(code="art22-2"),
        grounds=_("A smuggling act punished administratively last month."),
        evidence=enterprises[8].penalties.values_list("case_number", flat=True),
    )


# A pre-notice sent on Tuesday 2026-09-29, just before the National Day holiday (1 to 7 October,
# Saturday 10 October worked): 5 working days end on 2026-10-12, not on 2026-10-06.
HOLIDAY_NOTICE_DAY = datetime.date(2026, 9, 29)


def _seed_holiday_statement_period(kashi):
    """A case of autumn 2026 whose statement period the National Day holiday pushed back: proposed and
    notified through the services, then dated to the day the notice went out, and dropped after the
    statement period."""
    if kashi.proposals.exists():
        return
    admin = User.objects.get(username="admin")
    proposal = proposal_create(
        actor=admin,
        enterprise=kashi,
        criterion=Rulebook.objects.get(code="order-282").criteria.get(code="art22-2"),
        grounds=_("A smuggling act punished administratively in September 2026."),
    )
    proposal_notify(actor=admin, proposal=proposal)
    notified_at = timezone.make_aware(datetime.datetime.combine(HOLIDAY_NOTICE_DAY, datetime.time(10)))
    DishonestProposal.objects.filter(pk=proposal.pk).update(
        created_at=notified_at - datetime.timedelta(days=3),
        evidence_date=HOLIDAY_NOTICE_DAY - datetime.timedelta(days=3),
        notified_at=notified_at,
        statement_due=add_working_days(HOLIDAY_NOTICE_DAY, proposal.rulebook.statement_period_working_days),
    )
    proposal_drop(
        actor=admin,
        proposal=proposal,
        reason=_("The penalty was set aside on administrative reconsideration; no determination."),
    )


def _seed_objection(plateau):
    """Plateau Trading contests its oldest published penalty: a case in the officers' re-check queue."""
    if plateau.objections.exists():
        return
    penalty = plateau.penalties.order_by("decided_on").first()
    objection_file(
        actor=User.objects.get(username="enterprise2"),
        record=penalty,
        reason=_("The goods were declared by our agent under the wrong consignee; see the agency contract."),
    )


def _penalty(enterprise, case_number, kind, today, months_ago, amount):
    if not enterprise.penalties.filter(case_number=case_number).exists():
        penalty_record(
            actor=None,
            enterprise=enterprise,
            case_number=case_number,
            kind=kind,
            decided_on=today - relativedelta(months=months_ago),
            amount=Decimal(amount),
        )


def _disclosed_penalty(enterprise, case_number, today):
    """A violation Belden found in its own audit and disclosed (主动披露), fined within the announced limit.

    It shows on the enterprise's page and the public lookup and counts towards no criterion. The
    disclosure falls in the period of the latest announcement on voluntary disclosure.
    """
    if enterprise.penalties.filter(case_number=case_number).exists():
        return
    rules = RecordRule.objects.filter(kind=RecordRuleKind.VOLUNTARY_DISCLOSURE)
    rule = rules.order_by("-effective_from").first()
    disclosed_on = today - relativedelta(months=3)
    if rule.effective_to is not None:
        disclosed_on = min(disclosed_on, rule.effective_to)
    penalty_record(
        actor=None,
        enterprise=enterprise,
        case_number=case_number,
        kind="supervision_violation",
        decided_on=disclosed_on + relativedelta(months=1),
        amount=Decimal("60000.00"),
        disclosed_on=disclosed_on,
        description=_(
            "A wrong tariff code, found in the enterprise's own compliance audit and disclosed to customs "
            "before customs found it."
        ),
    )


def seed(*, stdout):
    offices = {office.code: office for office in CustomsOffice.objects.all()}
    business_types = {bt.code: bt for bt in BusinessType.objects.all()}
    enterprises, created = [], 0
    for index, (name, name_en, office, region, types, legal, address) in enumerate(ENTERPRISES):
        uscc = demo_uscc(region, index + 1)
        enterprise = Enterprise.objects.filter(uscc=uscc).first()
        if enterprise is None:
            enterprise = enterprise_create(
                actor=None,
                uscc=uscc,
                customs_code=_customs_code(office, index + 1),
                name=name,
                name_en=name_en,
                customs_office=offices[office],
                business_types=[business_types[code] for code in types],
                legal_representative=legal,
                address=address,
                registered_on=REGISTERED_ON,
            )
            _seed_grade(enterprise, index)
            for field, value in CULTIVATION_FLAGS.get(index, {}).items():
                setattr(enterprise, field, value)
            enterprise.save()
            created += 1
        enterprises.append(enterprise)
    _seed_records(enterprises)

    for username, index, full_name, email, language in ENTERPRISE_USERS:
        user, new = ensure_user(
            username=username, role=Role.ENTERPRISE, full_name=full_name, email=email, language=language
        )
        if not EnterpriseMembership.objects.filter(user=user).exists():
            membership_create(actor=None, user=user, enterprise=enterprises[index], is_senior_manager=True)
        if new:
            with translation.override(user.preferred_language):
                notification_send(
                    recipient=user,
                    subject=_("Welcome to the enterprise credit management system"),
                    body=_(
                        "Your account acts for %(enterprise)s. Here you can see its credit grade "
                        "and measures, file applications and follow every notice from customs."
                    )
                    % {"enterprise": enterprises[index].display_name},
                    email=False,
                )

    _seed_proposals(enterprises)
    _seed_objection(enterprises[2])
    _seed_holiday_statement_period(enterprises[6])
    coordinator = User.objects.get(username="coordinator")  # seeded by accounts.demo
    coordinator_assign(actor=None, enterprise=enterprises[0], coordinator=coordinator)
    stdout.write(f"enterprises: {created} created, {len(enterprises)} in demo set")
