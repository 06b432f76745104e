"""Demo enterprises from the source articles, plus clearly fictional ones."""

from django.utils import translation
from django.utils.translation import gettext as _

from accounts.demo import ensure_user
from accounts.models import CustomsOffice, Role, User
from enterprises.ledger import ledger_record
from enterprises.models import Enterprise, EnterpriseMembership, LedgerEntry
from enterprises.services import coordinator_assign, enterprise_create, membership_create
from enterprises.uscc import check_character
from notifications.services import notification_send
from rulebooks.models import BusinessType, CreditGrade


def demo_uscc(region, serial):
    """A valid, obviously made-up code: legal-person type 91, region, 'MA' + serial."""
    first17 = f"91{region}MA{serial:07d}"
    return first17 + check_character(first17)


# name, English name, office, region code, grade, business types, legal representative, address
ENTERPRISES = [
    (
        "青海贝尔登高纯材料开发有限公司",
        "Qinghai Belden High Purity Material Development Co., Ltd.",
        "9703",
        "630100",
        CreditGrade.ADVANCED_CERTIFIED,
        ["consignee_consignor"],
        "马建国",
        "青海省西宁市城北区生物园区",
    ),
    (
        "上海振华重工（集团）股份有限公司",
        "Shanghai Zhenhua Heavy Industry (Group) Co., Ltd.",
        "2200",
        "310115",
        CreditGrade.ADVANCED_CERTIFIED,
        ["consignee_consignor"],
        "刘振华",
        "上海市浦东新区东方路",
    ),
    (
        "青海高原示例贸易有限公司",
        "Qinghai Plateau Example Trading Co., Ltd.",
        "9700",
        "630100",
        CreditGrade.REGULAR,
        ["consignee_consignor", "foreign_trade_service"],
        "张示例",
        "西宁市示例路1号",
    ),
    (
        "西宁示例物流有限公司",
        "Xining Example Logistics Co., Ltd.",
        "9703",
        "630100",
        CreditGrade.REGULAR,
        ["customs_broker", "logistics_road"],
        "赵样本",
        "西宁市示例路2号",
    ),
    (
        "西宁示例化工有限公司",
        "Xining Example Chemicals Co., Ltd.",
        "9700",
        "630100",
        CreditGrade.DISHONEST,
        ["consignee_consignor"],
        "孙演示",
        "西宁市示例路3号",
    ),
    (
        "乌鲁木齐丝路示例进出口有限公司",
        "Urumqi Silk Road Example Import & Export Co., Ltd.",
        "9401",
        "650100",
        CreditGrade.ADVANCED_CERTIFIED,
        ["consignee_consignor"],
        "艾示例",
        "乌鲁木齐市示例大道8号",
    ),
    (
        "喀什示例商贸有限公司",
        "Kashi Example Commerce Co., Ltd.",
        "9402",
        "653101",
        CreditGrade.CERTIFIED,
        ["consignee_consignor", "cross_border_ecommerce_platform"],
        "买示例",
        "喀什市示例街5号",
    ),
    (
        "伊宁示例农产品有限公司",
        "Yining Example Agricultural Products Co., Ltd.",
        "9403",
        "654002",
        CreditGrade.REGULAR,
        ["consignee_consignor"],
        "古示例",
        "伊宁市示例路6号",
    ),
    (
        "上海示例报关有限公司",
        "Shanghai Example Customs Brokerage Co., Ltd.",
        "2210",
        "310115",
        CreditGrade.REGULAR,
        ["customs_broker"],
        "周示例",
        "上海市浦东新区示例路9号",
    ),
    (
        "上海洋山示例跨境电商有限公司",
        "Shanghai Yangshan Example Cross-border E-commerce Co., Ltd.",
        "2248",
        "310115",
        CreditGrade.CERTIFIED,
        ["cross_border_ecommerce_platform", "express_operator"],
        "吴示例",
        "上海市临港新片区示例路10号",
    ),
]

ENTERPRISE_USERS = [
    # username, enterprise index, full name, e-mail, language
    ("enterprise", 0, "马丽 (Ma Li)", "customs@belden.example.cn", "zh-hans"),
    ("enterprise2", 2, "张伟 (Zhang Wei)", "customs@plateau-trading.example.cn", "en"),
]


def _customs_code(office_code, serial):
    return f"{office_code}91{serial:04d}"


def seed(*, stdout):
    offices = {office.code: office for office in CustomsOffice.objects.all()}
    business_types = {bt.code: bt for bt in BusinessType.objects.all()}
    enterprises, created = [], 0
    for serial, (name, name_en, office, region, grade, types, legal, address) in enumerate(ENTERPRISES, 1):
        uscc = demo_uscc(region, serial)
        enterprise = Enterprise.objects.filter(uscc=uscc).first()
        if enterprise is None:
            enterprise = enterprise_create(
                actor=None,
                uscc=uscc,
                customs_code=_customs_code(office, serial),
                name=name,
                name_en=name_en,
                customs_office=offices[office],
                business_types=[business_types[code] for code in types],
                legal_representative=legal,
                address=address,
            )
            if grade != CreditGrade.REGULAR:
                ledger_record(
                    actor=None,
                    enterprise=enterprise,
                    grade=grade,
                    cause=LedgerEntry.Cause.MIGRATION,
                    reason=_("Grade taken over from the earlier credit system."),
                )
            created += 1
        enterprises.append(enterprise)

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

    coordinator = User.objects.get(username="coordinator")  # seeded by accounts.demo
    coordinator_assign(actor=None, enterprise=enterprises[0], coordinator=coordinator)
    stdout.write(f"enterprises: {created} created, {len(enterprises)} in demo set")
