"""The national-scale data set is valid and self-consistent, so benchmarks measure real work."""

import datetime
import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from certification.models import Certificate
from enterprises.evaluation import evaluate_dishonest_criteria
from enterprises.models import CoordinatorAssignment, DishonestProposal, Enterprise
from enterprises.uscc import uscc_problem
from portal.scale import generate
from rulebooks.models import AEO_GRADES, CreditGrade
from tests.concurrency import require_postgresql
from tests.factories.enterprises import EnterpriseFactory

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 11, 20)
SIZE = 3000
COPY = "scale data is written with PostgreSQL's COPY"


@pytest.fixture
def scale_data(offices, business_types):
    require_postgresql(COPY)
    return generate(enterprises=SIZE, seed=7, as_of=AS_OF)


def fingerprint():
    rows = Enterprise.objects.order_by("uscc").values_list(
        "uscc", "name", "customs_office__code", "credit_grade"
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def test_codes_are_valid_and_grades_have_national_shares(scale_data):
    assert scale_data["enterprises"] == Enterprise.objects.count() == SIZE
    codes = list(Enterprise.objects.values_list("uscc", "customs_code"))
    assert [uscc for uscc, _ in codes if uscc_problem(uscc)] == []
    assert all(len(code) == 10 and code.isalnum() and code.upper() == code for _, code in codes)
    aeo = Enterprise.objects.filter(credit_grade__in=AEO_GRADES).count()
    dishonest = Enterprise.objects.filter(
        credit_grade__in=[CreditGrade.DISHONEST, CreditGrade.SERIOUSLY_DISHONEST]
    ).count()
    assert 0.005 * SIZE <= aeo <= 0.02 * SIZE
    assert 0.002 * SIZE <= dishonest <= 0.01 * SIZE


def test_every_grade_is_the_latest_ledger_entry(scale_data):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM enterprises_enterprise e WHERE e.credit_grade <> (
                SELECT l.grade FROM enterprises_ledgerentry l WHERE l.enterprise_id = e.id
                ORDER BY l.effective_from DESC, l.id DESC LIMIT 1)
            """
        )
        assert cursor.fetchone()[0] == 0


def test_aeo_enterprises_hold_a_certificate_and_advanced_certified_ones_a_coordinator_of_their_customs(
    scale_data,
):
    """Order 282 (in force on AS_OF) gives advanced certified enterprises a coordinator, 认证企业 none."""
    for enterprise in Enterprise.objects.filter(credit_grade__in=AEO_GRADES).select_related("customs_office"):
        certificate = Certificate.objects.get(enterprise=enterprise, status__in=["active", "suspended"])
        assert certificate.grade == enterprise.credit_grade
        assert certificate.ledger_entry.grade == enterprise.credit_grade
        assignments = CoordinatorAssignment.objects.select_related("coordinator__office").filter(
            enterprise=enterprise, is_active=True
        )
        if enterprise.credit_grade == CreditGrade.CERTIFIED:
            assert not assignments.exists()
            continue
        assert assignments.get().coordinator.office.code == enterprise.customs_office.directly_under_code
    assert Certificate.objects.filter(status__in=["revoked", "surrendered"]).exists()


def test_the_evaluation_finds_every_dishonest_enterprise_already_decided(scale_data):
    dishonest = Enterprise.objects.filter(
        credit_grade__in=[CreditGrade.DISHONEST, CreditGrade.SERIOUSLY_DISHONEST]
    )
    assert DishonestProposal.objects.filter(status="determined", ledger_entry__isnull=False).count() == (
        dishonest.count()
    )
    seriously = dishonest.filter(credit_grade=CreditGrade.SERIOUSLY_DISHONEST).count()
    counts = evaluate_dishonest_criteria(as_of=AS_OF)
    # A serious case meets Art. 22(1) too: that proposal was dropped, covered by the determination.
    assert counts["already_decided"] == dishonest.count() + seriously


def test_the_same_seed_gives_the_same_data(offices, business_types):
    require_postgresql(COPY)
    fingerprints = []
    for seed in (3, 4, 3):
        with transaction.atomic():
            generate(enterprises=500, seed=seed, as_of=AS_OF)
            fingerprints.append(fingerprint())
            transaction.set_rollback(True)
    assert fingerprints[0] == fingerprints[2] != fingerprints[1]


def test_the_command_refuses_a_register_that_holds_enterprises(offices):
    require_postgresql(COPY)
    EnterpriseFactory()
    with pytest.raises(CommandError, match="empty database"):
        call_command("generate_scale_data", enterprises=10)
    assert Enterprise.objects.count() == 1
