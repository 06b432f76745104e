import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command

from accounts.models import User
from enterprises.models import CoordinatorAssignment, Enterprise, Penalty
from enterprises.selectors import visible_enterprises

# The catalogue comes from its fixture: a transactional test elsewhere may have emptied its tables.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]

CONTRACT_USERS = {
    "admin": ("administrator", "0000"),
    "officer": ("officer", "9700"),
    "officer_sh": ("officer", "2200"),
    "coordinator": ("coordinator", "9700"),
    "enterprise": ("enterprise", None),
    "enterprise2": ("enterprise", None),
}


def test_seed_demo_is_idempotent_and_has_every_contract_user(offices, business_types):
    call_command("seed_demo", verbosity=0)
    counts = (User.objects.count(), Enterprise.objects.count(), CoordinatorAssignment.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (User.objects.count(), Enterprise.objects.count(), CoordinatorAssignment.objects.count()) == counts
    for username, (role, office) in CONTRACT_USERS.items():
        user = authenticate(username=username, password=settings.DEMO_PASSWORD)
        assert user is not None, username
        assert user.role == role
        assert (user.office.code if user.office else None) == office


def test_demo_enterprise_users_act_for_the_brief_enterprises(offices, business_types):
    call_command("seed_demo", verbosity=0)
    belden = visible_enterprises(User.objects.get(username="enterprise")).get()
    assert belden.name_en == "Qinghai Belden High Purity Material Development Co., Ltd."
    assert belden.aeo_code == f"AEOCN{belden.customs_code}"
    other = visible_enterprises(User.objects.get(username="enterprise2")).get()
    assert other != belden
    assert set(visible_enterprises(User.objects.get(username="coordinator"))) == {belden}
    assert not visible_enterprises(User.objects.get(username="officer_sh")).filter(pk=belden.pk).exists()


def test_the_demo_has_a_voluntarily_disclosed_penalty_on_the_enterprise_users_page(
    client, offices, business_types
):
    call_command("seed_demo", verbosity=0)
    penalty = Penalty.objects.get(disclosed_on__isnull=False)
    assert penalty.enterprise.name_en == "Qinghai Belden High Purity Material Development Co., Ltd."
    assert penalty.disclosed_on < penalty.decided_on
    assert penalty.disclosure_basis.startswith("海关总署公告")
    client.force_login(User.objects.get(username="enterprise"))
    page = client.get(f"/enterprises/{penalty.enterprise_id}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Voluntarily disclosed (主动披露)" in page


def test_the_demo_has_an_issued_credit_status_certificate(client, offices, business_types):
    from certification.credit_status import qr_token
    from enterprises.models import CreditStatusCertificate

    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    certificate = CreditStatusCertificate.objects.with_validity().get()
    assert certificate.enterprise.name_en == "Qinghai Belden High Purity Material Development Co., Ltd."
    assert certificate.grade == "advanced_certified"
    assert [item["status"] for item in certificate.content["certificates"]] == ["active"]
    assert certificate.validity == "valid"
    client.force_login(User.objects.get(username="enterprise"))
    page = client.get(f"/enterprises/{certificate.enterprise_id}/").content.decode()
    assert certificate.number in page
    client.logout()
    verified = client.get("/public/credit-status/", {"t": qr_token(certificate)}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Genuine credit status certificate" in verified.content.decode()


def test_demo_shows_a_certificate_ended_by_a_determination_and_one_suspended_on_a_filed_case(
    offices, business_types
):
    from certification.models import Certificate

    call_command("seed_demo", verbosity=0)
    ended = Certificate.objects.get(enterprise__name="乌鲁木齐丝路示例进出口有限公司")
    assert ended.status == "revoked"
    assert "乌关失〔2026〕6号" in ended.status_reason
    suspended = Certificate.objects.get(enterprise__name="上海洋山示例跨境电商有限公司")
    assert suspended.status == "suspended"
    assert suspended.suspended_on_filing.case_number == "沪关缉刑立字〔2026〕58号"


def test_demo_shows_a_statement_period_the_national_day_holiday_pushed_back(client, offices, business_types):
    """Notice of Tuesday 2026-09-29, 5 working days: 1 to 7 October are holidays and Saturday
    10 October is worked, so the period ends on Monday 2026-10-12 (weekdays alone: 2026-10-06)."""
    import datetime

    from enterprises.models import DishonestProposal

    call_command("seed_demo", verbosity=0)
    proposal = DishonestProposal.objects.get(enterprise__name="喀什示例商贸有限公司")
    assert proposal.statement_due == datetime.date(2026, 10, 12)
    client.force_login(User.objects.get(username="admin"))
    page = client.get(f"/enterprises/proposals/{proposal.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "12 Oct 2026" in page
    assert "5 working days after the notice<br>5 public holiday days not counted" in page


def test_the_demo_partner_client_verifies_beldens_aeo_code(offices, business_types):
    from rest_framework.test import APIClient

    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    partner = APIClient()
    partner.credentials(HTTP_AUTHORIZATION="Partner demo-partner-key-2026")
    answer = partner.post("/api/v1/partner/verifications/", {"aeo_codes": ["AEOCN9703910001"]}, format="json")
    assert answer.status_code == 200
    assert answer.json()["payload"]["results"][0]["status"] == "in_force"
