"""What the scheduled evaluation writes, figure for figure and word for word: each proposal's figures,
evidence (oldest first), evidence date and draft grounds in the administration's language (Chinese), the
run's tally, and the reason it gives when it drops its own proposal.

The day is Monday 16 March 2026, under Order 251, whose article numbers are verified.
"""

import datetime
from decimal import Decimal

import pytest

from enterprises.evaluation import evaluate_dishonest_criteria
from enterprises.models import DishonestProposal, Penalty
from tests.factories.enterprises import ArrearFactory, DocumentCountFactory, EnterpriseFactory, PenaltyFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 16)


@pytest.fixture
def importer(offices, business_types):
    def make():
        return EnterpriseFactory(
            customs_office=offices["9700"], business_types=[business_types["consignee_consignor"]]
        )

    return make


def proposal(code):
    return DishonestProposal.objects.get(criterion__code=code)


def test_a_penalty_criterion_proposal_holds_its_figures_evidence_and_grounds(importer):
    enterprise = importer()
    PenaltyFactory(
        enterprise=enterprise,
        kind="administrative_smuggling",
        decided_on=datetime.date(2026, 3, 13),
        case_number="B-2",
        amount=Decimal("0.50"),
    )
    PenaltyFactory(
        enterprise=enterprise,
        kind="administrative_smuggling",
        decided_on=datetime.date(2026, 2, 14),
        case_number="A-1",
        amount=Decimal("1200000"),
    )
    result = evaluate_dishonest_criteria(as_of=DAY)
    assert result == {
        "rulebook": "order-251",
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "already_decided": 0,
        "dropped": 0,
    }
    made = proposal("art22-2")
    assert (made.enterprise, made.rulebook.code, made.status, made.created_by) == (
        enterprise,
        "order-251",
        "proposed",
        None,
    )
    assert made.figures == {"records": 2, "amount_total": "1200000.50"}
    assert (made.evidence, made.evidence_date, made.evaluated_on) == (
        ["A-1", "B-2"],
        datetime.date(2026, 3, 13),
        DAY,
    )
    assert (
        made.grounds
        == "2026年3月16日 定期评估：第二十二条第二项，构成走私行为被海关行政处罚。相关记录：A-1, B-2。"
    )
    assert made.history.get().history_change_reason == "定期评估"


def test_evidence_of_the_same_day_is_listed_by_case_number(importer):
    enterprise = importer()
    for case in ("C-3", "A-1", "B-2"):
        PenaltyFactory(
            enterprise=enterprise, kind="obstruction", decided_on=datetime.date(2026, 3, 2), case_number=case
        )
    evaluate_dishonest_criteria(as_of=DAY)
    assert proposal("art22-6").evidence == ["A-1", "B-2", "C-3"]


def test_an_unpaid_tax_proposal_names_the_oldest_due_day(offices):
    enterprise = EnterpriseFactory(customs_office=offices["9700"])
    ArrearFactory(
        enterprise=enterprise,
        kind="tax",
        due_on=datetime.date(2025, 12, 15),
        reference="T-2",
        amount=Decimal("5000"),
    )
    ArrearFactory(
        enterprise=enterprise,
        kind="tax",
        due_on=datetime.date(2025, 11, 1),
        reference="T-1",
        amount=Decimal("7000.5"),
    )
    evaluate_dishonest_criteria(as_of=DAY)
    made = proposal("art22-4")
    assert made.figures == {"records": 2, "oldest_due": "2025-11-01", "amount_total": "12000.50"}
    assert (made.evidence, made.evidence_date) == (["T-1", "T-2"], datetime.date(2025, 12, 15))
    assert made.grounds == (
        "2026年3月16日 定期评估：第二十二条第四项，自缴纳期限届满之日起超过3个月仍未缴纳税款。"
        "相关记录：T-1, T-2。"
    )


def test_a_supervision_violations_proposal_states_the_share_of_last_years_documents(importer):
    enterprise = importer()
    DocumentCountFactory(enterprise=enterprise, year=2025, declarations=1000, filing_lists=500, manifests=500)
    DocumentCountFactory(enterprise=enterprise, year=2024, declarations=100_000, filing_lists=0, manifests=0)
    for n in range(4):
        PenaltyFactory(
            enterprise=enterprise,
            kind="supervision_violation",
            decided_on=datetime.date(2026, 3, 11) - datetime.timedelta(days=n),
            amount=Decimal("300000"),
            case_number=f"S-{n}",
        )
    evaluate_dishonest_criteria(as_of=DAY)
    made = proposal("art22-3")
    assert made.figures == {
        "records": 4,
        "amount_total": "1200000.00",
        "documents_last_year": 2000,  # 2025's declarations, filing lists and manifests; not 2024's
        "per_thousand": "2.000",
        "customs_broker": False,
    }
    assert (made.evidence, made.evidence_date) == (["S-3", "S-2", "S-1", "S-0"], datetime.date(2026, 3, 11))


def test_without_last_years_documents_the_share_is_not_stated(importer):
    enterprise = importer()
    PenaltyFactory(
        enterprise=enterprise,
        kind="supervision_violation",
        decided_on=datetime.date(2026, 3, 2),
        amount=Decimal("1000000.01"),
    )
    evaluate_dishonest_criteria(as_of=DAY)
    assert proposal("art22-3").figures == {
        "records": 1,
        "amount_total": "1000000.01",
        "documents_last_year": None,
        "per_thousand": None,
        "customs_broker": False,
    }


def test_a_refreshed_proposal_takes_the_new_figures_evidence_and_day(importer):
    enterprise = importer()
    PenaltyFactory(
        enterprise=enterprise,
        kind="obstruction",
        decided_on=datetime.date(2026, 3, 2),
        case_number="A-1",
        amount=Decimal("100"),
    )
    evaluate_dishonest_criteria(as_of=DAY)
    PenaltyFactory(
        enterprise=enterprise,
        kind="obstruction",
        decided_on=datetime.date(2026, 3, 16),
        case_number="B-2",
        amount=Decimal("50"),
    )
    later = datetime.date(2026, 3, 17)
    assert evaluate_dishonest_criteria(as_of=later)["updated"] == 1
    made = proposal("art22-6")
    assert (made.figures, made.evidence, made.evidence_date, made.evaluated_on) == (
        {"records": 2, "amount_total": "150.00"},
        ["A-1", "B-2"],
        datetime.date(2026, 3, 16),
        later,
    )
    assert [version.history_change_reason for version in made.history.order_by("history_id")] == [
        "定期评估",
        "定期评估",
    ]


def test_a_dropped_proposal_says_why_and_when(importer):
    enterprise = importer()
    PenaltyFactory(enterprise=enterprise, kind="obstruction", decided_on=datetime.date(2026, 3, 2))
    evaluate_dishonest_criteria(as_of=DAY)
    Penalty.objects.update(publication_withdrawn_at=datetime.datetime(2026, 3, 16, 9, tzinfo=datetime.UTC))
    result = evaluate_dishonest_criteria(as_of=datetime.date(2026, 3, 17))
    assert (result["dropped"], result["created"]) == (1, 0)
    dropped = proposal("art22-6")
    assert (dropped.status, dropped.drop_reason) == ("dropped", "2026年3月17日 定期评估时已不再符合该标准。")
