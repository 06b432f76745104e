"""Demo certification: certificates of the enterprises certified before, an application in draft
(Plateau Trading, user enterprise2) and one in rectification (Xining Logistics, user enterprise3); a
certificate ended by a dishonest determination (Urumqi Silk Road) and one whose AEO measures are
suspended on a filed criminal case (Shanghai Yangshan); Singapore Customs as a partner client that
verifies AEO codes with the key DEMO_PARTNER_KEY."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from certification import applications, financial_status, review
from certification.certificates import IN_FORCE, certificate_take_over
from certification.models import Application, Certificate, MutualRecognitionPartner, PartnerClient, Result
from certification.partner_verification import partner_client_create
from enterprises.case_filings import case_filing_record
from enterprises.credit_status import credit_status_certificate_issue
from enterprises.determination import determination_take_over
from enterprises.models import CaseFiling, Enterprise
from enterprises.records import penalty_record
from rulebooks.models import AEO_GRADES, BusinessType, Rulebook

BELDEN_NAME = "青海贝尔登高纯材料开发有限公司"
PLATEAU_NAME = "青海高原示例贸易有限公司"
LOGISTICS_NAME = "西宁示例物流有限公司"
# Items the Xining Logistics team found short of the standard, and what it asked to rectify.
LOGISTICS_FINDINGS = {
    "A-G-54": (Result.FAILS, "封志未登记，部分封志不符合ISO 17712。", "建立封志登记台账并更换为高安全封志。"),
    "A-G-68": (Result.FAILS, "仓库员工未接受年度贸易安全培训。", "组织全员贸易安全培训并提交签到记录。"),
    "A-G-10": (Result.BASICALLY_MEETS, "内部审计未覆盖运输环节。", ""),
}


# Two years of Xining Logistics' audited statements (yuan): a non-production enterprise meeting 3 of
# the 4 solvency indicators (operating cash flow is 7.7% of its liabilities) and all 5 of profitability.
LOGISTICS_FIGURES = {
    2024: {"total_assets": "76000000", "total_liabilities": "50500000"},
    2025: {
        "total_assets": "80000000",
        "total_liabilities": "52000000",
        "current_assets": "30000000",
        "current_liabilities": "22000000",
        "monetary_funds": "6000000",
        "trading_financial_assets": "0",
        "operating_cash_flow": "4000000",
        "revenue": "120000000",
        "cost_of_revenue": "104000000",
        "operating_profit": "5200000",
        "total_profit": "5000000",
        "interest_expense": "900000",
        "net_profit": "3750000",
    },
}


def _enter_figures(application, user, years):
    for year, figures in years.items():
        financial_status.financial_year_save(
            actor=user,
            application=application,
            year=year,
            figures={code: Decimal(value) for code, value in figures.items()},
        )


def _take_over_certificates():
    count = 0
    for enterprise in Enterprise.objects.filter(credit_grade__in=AEO_GRADES).exclude(
        certificates__status__in=IN_FORCE
    ):
        issued_on = enterprise.ledger_entries.order_by("-effective_from", "-id").first().effective_from
        certificate_take_over(actor=None, enterprise=enterprise, issued_on=issued_on)
        count += 1
    return count


def _assess(application, user, limit=None):
    for row in application.items.select_related("item").order_by("item__order")[:limit]:
        explained = row.item.code in LOGISTICS_FINDINGS
        applications.self_assess(
            actor=user,
            application_item=row,
            result=Result.BASICALLY_MEETS if explained else Result.MEETS,
            explanation="正在完善。" if explained else "",
        )


def _plateau_draft():
    enterprise = Enterprise.objects.get(name=PLATEAU_NAME)
    if enterprise.applications.exists():
        return 0
    user = User.objects.get(username="enterprise2")
    application = applications.application_create(
        actor=user,
        enterprise=enterprise,
        target_grade="certified",
        business_types=[BusinessType.objects.get(code="consignee_consignor")],
    )
    _assess(application, user, limit=8)
    return 1


def _logistics_in_rectification():
    enterprise = Enterprise.objects.get(name=LOGISTICS_NAME)
    if enterprise.applications.exists():
        return 0
    user, officer = User.objects.get(username="enterprise3"), User.objects.get(username="officer")
    colleague = User.objects.get(username="officer_xh")
    application = applications.application_create(
        actor=user,
        enterprise=enterprise,
        target_grade="advanced_certified",
        business_types=list(enterprise.business_types.all()),
    )
    _enter_figures(application, user, LOGISTICS_FIGURES)
    _assess(application, user)
    applications.application_submit(actor=user, application=application)
    review.application_accept(actor=officer, application=application)
    review.team_form(actor=officer, application=application, officers=[officer, colleague], leader=officer)
    today = timezone.localdate()
    review.audit_plan(
        actor=officer,
        application=application,
        visit_on=today,
        place="西宁市示例路2号 仓库及办公区",
        agenda="核查贸易安全、内部控制；查看封志台账和培训记录。",
    )
    requests = {}
    for row in application.items.select_related("item"):
        finding, notes, request = LOGISTICS_FINDINGS.get(row.item.code, (Result.MEETS, "", ""))
        review.finding_record(
            actor=colleague, application_item=row, finding=finding, notes=notes or "现场核查符合。"
        )
        if request:
            requests[row.pk] = request
    review.rectification_request(
        actor=officer, application=application, requests=requests, due=today + datetime.timedelta(days=20)
    )
    return 1


def _belden_credit_status():
    """Belden (user `enterprise`) asked for a credit status certificate for its bank: it states the AEO
    grade and the certificate taken over above."""
    enterprise = Enterprise.objects.get(name=BELDEN_NAME)
    if enterprise.credit_status_certificates.exists():
        return 0
    credit_status_certificate_issue(
        actor=User.objects.get(username="enterprise"), enterprise=enterprise, purpose="向银行申请授信"
    )
    return 1


URUMQI_NAME = "乌鲁木齐丝路示例进出口有限公司"
YANGSHAN_NAME = "上海洋山示例跨境电商有限公司"


def _urumqi_determined_dishonest():
    """Urumqi Customs determined Urumqi Silk Road dishonest for a smuggling act punished
    administratively; the decision, taken in its own system, is taken over here, which revokes the
    AEO certificate with the decision as its reason, ends its coordination and starts the one-year bar."""
    enterprise = Enterprise.objects.get(name=URUMQI_NAME)
    if not enterprise.penalties.filter(case_number="乌关缉决字〔2026〕41号").exists():
        penalty_record(
            actor=None,
            enterprise=enterprise,
            case_number="乌关缉决字〔2026〕41号",
            kind="administrative_smuggling",
            decided_on=datetime.date(2026, 10, 28),
            amount=Decimal("260000"),
            description="伪报品名进口机电设备，偷逃税款。",
        )
    ended = Certificate.objects.filter(enterprise=enterprise, status=Certificate.Status.REVOKED).exists()
    determination_take_over(
        actor=None,
        enterprise=enterprise,
        criterion=Rulebook.objects.get(code="order-282").criteria.get(code="art22-2"),
        decided_on=datetime.date(2026, 11, 16),
        decision_number="乌关失〔2026〕6号",
        grounds="走私行为被海关行政处罚（乌关缉决字〔2026〕41号）。",
        evidence_date=datetime.date(2026, 10, 28),
    )
    return 0 if ended else 1


def _yangshan_criminal_case():
    """Shanghai Customs' anti-smuggling bureau filed a criminal case against Shanghai Yangshan (in
    officer_sh's jurisdiction): its AEO measures are suspended while the case is open."""
    enterprise = Enterprise.objects.get(name=YANGSHAN_NAME)
    if enterprise.case_filings.exists():
        return 0
    case_filing_record(
        actor=None,
        enterprise=enterprise,
        kind=CaseFiling.Kind.CRIMINAL,
        case_number="沪关缉刑立字〔2026〕58号",
        filing_authority="上海海关缉私局",
        filed_on=datetime.date(2026, 11, 25),
        description="涉嫌走私普通货物罪：跨境电商零售进口商品低报价格。",
    )
    return 1


PARTNER_CLIENT_NAME = "新加坡海关AEO办公室（演示）"


def _singapore_partner_client():
    if PartnerClient.objects.filter(name=PARTNER_CLIENT_NAME).exists():
        return 0
    partner_client_create(
        actor=User.objects.get(username="admin"),
        partner=MutualRecognitionPartner.objects.get(economy_en="Singapore"),
        name=PARTNER_CLIENT_NAME,
        key=settings.DEMO_PARTNER_KEY,
    )
    return 1


def seed(*, stdout):
    certificates = _take_over_certificates()
    created = _plateau_draft() + _logistics_in_rectification()
    credit_status_certificates = _belden_credit_status()
    ended, suspended = _urumqi_determined_dishonest(), _yangshan_criminal_case()
    partner_clients = _singapore_partner_client()
    stdout.write(
        f"certification: {certificates} certificates taken over, {created} applications created, "
        f"{Application.objects.count()} in demo set, "
        f"{credit_status_certificates} credit status certificate issued"
    )
    stdout.write(
        f"certification: {ended} certificate ended by a determination, "
        f"{suspended} suspended on a filed criminal case, {partner_clients} partner customs client created"
    )
