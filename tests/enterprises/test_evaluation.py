"""The scheduled evaluation: each criterion at, just below and just above its thresholds, for brokers
and non-brokers, under Order 251 and Order 282; proposals created once, refreshed, never repeated."""

import datetime
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises.evaluation import evaluate_dishonest_criteria
from enterprises.models import DishonestProposal, Penalty
from tests.factories.enterprises import (
    ArrearFactory,
    DishonestProposalFactory,
    DocumentCountFactory,
    EnterpriseFactory,
    PenaltyFactory,
)

ORDER_251_DAY = datetime.date(2026, 3, 16)
ORDER_282_DAY = datetime.date(2026, 11, 20)
BOTH_RULEBOOKS = pytest.mark.parametrize(
    ("as_of", "rulebook"), [(ORDER_251_DAY, "order-251"), (ORDER_282_DAY, "order-282")], ids=["251", "282"]
)


@pytest.fixture
def register(offices, business_types):
    """Make an enterprise (a broker or not) under Xining Customs."""

    def make(broker=False):
        kind = business_types["customs_broker" if broker else "consignee_consignor"]
        return EnterpriseFactory(customs_office=offices["9700"], business_types=[kind])

    return make


def violations(enterprise, as_of, count, fine_total, intentional=True, unintentional=0):
    """`count` supervision-rule penalties inside the window, the fines summing to `fine_total`."""
    total = count + unintentional
    amounts = [(Decimal(fine_total) / total).quantize(Decimal("0.01"))] * total
    amounts[-1] = Decimal(fine_total) - sum(amounts[:-1])
    for n, amount in enumerate(amounts):
        PenaltyFactory(
            enterprise=enterprise,
            kind=Penalty.Kind.SUPERVISION_VIOLATION,
            decided_on=as_of - datetime.timedelta(days=10 + n),
            amount=amount,
            is_intentional=n < count and intentional,
        )


def proposals_for(enterprise, code):
    return DishonestProposal.objects.filter(enterprise=enterprise, criterion__code=code)


# --- Art. 22(3): violations above a share of last year's documents and fines above an amount ---------


@BOTH_RULEBOOKS
@pytest.mark.parametrize(
    ("broker", "documents", "count", "fines", "met"),
    [
        # non-brokers: more than 1 per 1,000 documents and more than RMB 1,000,000
        (False, 2000, 2, "1000000.01", False),  # ratio exactly 1 per 1,000
        (False, 2000, 3, "1000000.01", True),  # ratio just above, fines just above
        (False, 2000, 3, "1000000.00", False),  # fines exactly at the amount
        (False, 2000, 3, "999999.99", False),  # fines just below
        (False, 2000, 1, "5000000.00", False),  # ratio below
        # brokers: more than 0.5 per 1,000 documents and more than RMB 300,000
        (True, 4000, 2, "300000.01", False),  # ratio exactly 0.5 per 1,000
        (True, 4000, 3, "300000.01", True),  # just above both
        (True, 4000, 3, "300000.00", False),  # fines exactly at the amount
        (True, 4000, 3, "299999.99", False),  # fines just below
        (False, 4000, 3, "300000.01", False),  # the broker figures do not apply to others
        # last year's count unknown: the fine amount alone decides
        (False, None, 1, "1000000.01", True),
        (False, None, 1, "1000000.00", False),
        (True, None, 1, "300000.01", True),
    ],
)
def test_supervision_violations_thresholds(register, as_of, rulebook, broker, documents, count, fines, met):
    enterprise = register(broker)
    if documents is not None:
        DocumentCountFactory(enterprise=enterprise, year=as_of.year - 1, declarations=documents)
    violations(enterprise, as_of, count, fines)

    result = evaluate_dishonest_criteria(as_of=as_of)

    assert result["rulebook"] == rulebook
    proposal = proposals_for(enterprise, "art22-3").first()
    assert (proposal is not None) is met
    if met:
        assert proposal.rulebook.code == rulebook
        assert proposal.figures["records"] == count
        assert Decimal(proposal.figures["amount_total"]) == Decimal(fines)
        assert proposal.figures["customs_broker"] is broker
        assert proposal.figures["documents_last_year"] == documents
        assert len(proposal.evidence) == count
        assert proposal.status == DishonestProposal.Status.PROPOSED
        assert proposal.created_by is None


# GAC Announcement 2023 No. 170: violations without subjective intent (非主观故意) of non-brokers
# decided from 2023-12-01 to 2025-12-31 do not count towards Art. 22(3); outside that period they do.
IN_THE_PERIOD_OF_170 = datetime.date(2025, 6, 30)


@pytest.mark.parametrize(
    ("as_of", "broker", "met"),
    [
        (IN_THE_PERIOD_OF_170, False, False),
        (IN_THE_PERIOD_OF_170, True, True),
        (ORDER_251_DAY, False, True),  # decided in March 2026, after the period
        (ORDER_282_DAY, False, True),
    ],
)
def test_violations_without_intent_count_for_brokers_and_outside_the_period_of_170(
    register, as_of, broker, met
):
    enterprise = register(broker)
    DocumentCountFactory(enterprise=enterprise, year=as_of.year - 1, declarations=2000)
    # 2 intentional + 1 unintentional: 3 counted is 1.5 per 1,000, 2 only is 1.0 (not above 1 per 1,000).
    violations(enterprise, as_of, 2, "1500000.00", unintentional=1)

    evaluate_dishonest_criteria(as_of=as_of)

    assert proposals_for(enterprise, "art22-3").exists() is met


def _unintentional_at_the_edge(register, as_of, unintentional_on, broker=False):
    """Two intentional violations of RMB 400,000 and one without intent of RMB 400,000 on `unintentional_on`:
    RMB 1,200,000 and 3 violations (1.5 per 1,000 of 2,000 documents) when it counts, RMB 800,000 when not."""
    enterprise = register(broker)
    DocumentCountFactory(enterprise=enterprise, year=as_of.year - 1, declarations=2000)
    for days in (1, 2):
        PenaltyFactory(enterprise=enterprise, decided_on=as_of - datetime.timedelta(days=days), amount=400000)
    PenaltyFactory(enterprise=enterprise, decided_on=unintentional_on, amount=400000, is_intentional=False)
    return enterprise


@pytest.mark.parametrize(
    ("as_of", "unintentional_on", "rulebook", "met"),
    [
        (datetime.date(2023, 12, 10), datetime.date(2023, 11, 30), "order-251", True),  # the day before
        (datetime.date(2023, 12, 10), datetime.date(2023, 12, 1), "order-251", False),  # the first day
        (datetime.date(2026, 1, 10), datetime.date(2025, 12, 31), "order-251", False),  # the last day
        (datetime.date(2026, 1, 10), datetime.date(2026, 1, 1), "order-251", True),  # the day after
        # Under Order 282 a penalty decided in the period stays out; one decided after it counts.
        (datetime.date(2026, 4, 10), datetime.date(2025, 12, 31), "order-282", False),
        (datetime.date(2026, 4, 10), datetime.date(2026, 1, 1), "order-282", True),
    ],
)
def test_announcement_170_leaves_out_non_brokers_violations_decided_in_its_period_only(
    register, as_of, unintentional_on, rulebook, met
):
    enterprise = _unintentional_at_the_edge(register, as_of, unintentional_on)

    result = evaluate_dishonest_criteria(as_of=as_of)

    assert result["rulebook"] == rulebook
    proposal = proposals_for(enterprise, "art22-3").first()
    assert (proposal is not None) is met
    if met:
        assert (proposal.figures["records"], proposal.figures["amount_total"]) == (3, "1200000.00")


def test_announcement_170_does_not_apply_to_customs_brokers(register):
    as_of = datetime.date(2023, 12, 10)
    broker = _unintentional_at_the_edge(register, as_of, datetime.date(2023, 12, 1), broker=True)

    evaluate_dishonest_criteria(as_of=as_of)

    assert proposals_for(broker, "art22-3").get().figures["records"] == 3


@pytest.mark.parametrize(
    ("broker", "intentional", "met", "records"),
    [
        (False, 2, True, 2),  # RMB 1,200,000 intentional: the unintentional fine is not counted
        (True, 2, True, 3),  # a broker's unintentional violation counts, in the figures and evidence
        (False, 1, False, None),  # above RMB 1,000,000 only with the unintentional fine
    ],
)
def test_the_figures_and_evidence_hold_the_violations_that_count(register, broker, intentional, met, records):
    enterprise = register(broker)
    # No document count: the fines alone decide. RMB 600,000 each, one violation unintentional,
    # all decided in the period of Announcement 170.
    violations(enterprise, IN_THE_PERIOD_OF_170, intentional, 600000 * (intentional + 1), unintentional=1)

    evaluate_dishonest_criteria(as_of=IN_THE_PERIOD_OF_170)

    proposal = proposals_for(enterprise, "art22-3").first()
    assert (proposal is not None) is met
    if met:
        assert proposal.figures["records"] == records
        assert Decimal(proposal.figures["amount_total"]) == 600000 * records
        assert len(proposal.evidence) == records


@BOTH_RULEBOOKS
def test_violations_outside_the_twelve_month_window_do_not_count(register, as_of, rulebook):
    enterprise = register()
    window_start = as_of - relativedelta(months=12)
    PenaltyFactory(enterprise=enterprise, decided_on=window_start, amount=Decimal("2000000"))
    evaluate_dishonest_criteria(as_of=as_of)
    assert not proposals_for(enterprise, "art22-3").exists()

    PenaltyFactory(enterprise=enterprise, decided_on=window_start + datetime.timedelta(days=1), amount=1)
    PenaltyFactory(enterprise=enterprise, decided_on=as_of, amount=Decimal("1000000"))
    evaluate_dishonest_criteria(as_of=as_of)
    assert proposals_for(enterprise, "art22-3").get().figures["records"] == 2


# --- Voluntary disclosure (主动披露) ---------------------------------------------------------------------


def _with_a_disclosed_violation(register, as_of, disclosed_on, amount, basis="海关总署公告", each=400000):
    """Two violations of RMB `each` and a voluntarily disclosed one of `amount`, against 2,000 documents.

    With RMB 400,000 each: with it 3 violations (1.5 per 1,000) and over RMB 1,000,000, without it
    RMB 800,000."""
    enterprise = register()
    DocumentCountFactory(enterprise=enterprise, year=as_of.year - 1, declarations=2000)
    for days in (1, 2):
        PenaltyFactory(enterprise=enterprise, decided_on=as_of - datetime.timedelta(days=days), amount=each)
    PenaltyFactory(
        enterprise=enterprise,
        decided_on=as_of - datetime.timedelta(days=3),
        amount=Decimal(amount),
        disclosed_on=disclosed_on,
        disclosure_basis=basis,
    )
    return enterprise


@pytest.mark.parametrize(
    ("as_of", "disclosed_on", "amount", "met"),
    [
        # 2025 No. 194 (and 2023 No. 127 before it): a warning or a fine of RMB 1,000,000 or less
        (ORDER_282_DAY, datetime.date(2026, 10, 1), "1000000.00", False),  # at the limit: left out
        (ORDER_282_DAY, datetime.date(2026, 10, 1), "1000000.01", True),  # above it: counts
        (ORDER_251_DAY, datetime.date(2026, 3, 1), "1000000.00", False),
        # 2019 No. 161 (RMB 500,000) until 2022-06-30, 2022 No. 54 (RMB 1,000,000) from 2022-07-01
        (datetime.date(2022, 8, 1), datetime.date(2022, 6, 30), "500000.00", False),
        (datetime.date(2022, 8, 1), datetime.date(2022, 6, 30), "600000.00", True),
        (datetime.date(2022, 8, 1), datetime.date(2022, 7, 1), "600000.00", False),
        # 2025 No. 194 ends on 2027-06-30; no later announcement is known: a disclosure after it counts
        (datetime.date(2027, 7, 20), datetime.date(2027, 6, 30), "600000.00", False),
        (datetime.date(2027, 7, 20), datetime.date(2027, 7, 1), "600000.00", True),
    ],
)
def test_a_disclosed_violation_within_the_announced_limit_does_not_count(
    register, as_of, disclosed_on, amount, met
):
    enterprise = _with_a_disclosed_violation(register, as_of, disclosed_on, amount)

    evaluate_dishonest_criteria(as_of=as_of)

    proposal = proposals_for(enterprise, "art22-3").first()
    assert (proposal is not None) is met
    if met:
        assert proposal.figures["records"] == 3
        assert len(proposal.evidence) == 3


def test_the_same_violation_not_disclosed_crosses_criterion_3(register):
    enterprise = _with_a_disclosed_violation(register, ORDER_282_DAY, None, "1000000.00", basis="")

    evaluate_dishonest_criteria(as_of=ORDER_282_DAY)

    figures = proposals_for(enterprise, "art22-3").get().figures
    assert (figures["records"], figures["amount_total"]) == (3, "1800000.00")


@pytest.mark.parametrize(("disclosed_on", "met"), [(datetime.date(2026, 10, 1), False), (None, True)])
def test_a_disclosed_violation_ending_in_a_warning_does_not_count(register, disclosed_on, met):
    # Two fines of RMB 600,000: RMB 1,200,000, but 2 violations are exactly 1 per 1,000 documents;
    # the warning (no fine) makes 3 when it counts.
    enterprise = _with_a_disclosed_violation(
        register,
        ORDER_282_DAY,
        disclosed_on,
        "0.00",
        basis="海关总署公告" if disclosed_on else "",
        each=600000,
    )

    evaluate_dishonest_criteria(as_of=ORDER_282_DAY)

    assert proposals_for(enterprise, "art22-3").exists() is met


# --- Art. 22(4) and (5): arrears -----------------------------------------------------------------------


@BOTH_RULEBOOKS
@pytest.mark.parametrize(
    ("due_before", "paid", "met"),
    [
        (relativedelta(months=3), None, False),  # exactly 3 months: not yet "more than"
        (relativedelta(months=3, days=1), None, True),
        (relativedelta(months=3, days=1), "before", False),  # paid before the evaluation day
        (relativedelta(months=3, days=1), "after", True),  # unpaid on the evaluation day
    ],
)
def test_tax_unpaid_more_than_three_months(register, as_of, rulebook, due_before, paid, met):
    enterprise = register()
    paid_on = {"before": as_of - datetime.timedelta(days=1), "after": as_of + datetime.timedelta(days=1)}
    ArrearFactory(enterprise=enterprise, kind="tax", due_on=as_of - due_before, paid_on=paid_on.get(paid))

    evaluate_dishonest_criteria(as_of=as_of)

    assert proposals_for(enterprise, "art22-4").exists() is met


@BOTH_RULEBOOKS
@pytest.mark.parametrize(
    ("amounts", "due_before", "met"),
    [
        (["10000.00"], relativedelta(months=6, days=1), False),  # exactly RMB 10,000
        (["10000.01"], relativedelta(months=6, days=1), True),
        (["6000.00", "4000.01"], relativedelta(months=6, days=1), True),  # the total counts
        (["10000.01"], relativedelta(months=6), False),  # exactly 6 months
    ],
)
def test_fines_unpaid_more_than_six_months_above_ten_thousand(
    register, as_of, rulebook, amounts, due_before, met
):
    enterprise = register()
    for amount in amounts:
        ArrearFactory(enterprise=enterprise, kind="fine", amount=Decimal(amount), due_on=as_of - due_before)

    evaluate_dishonest_criteria(as_of=as_of)

    proposal = proposals_for(enterprise, "art22-5").first()
    assert (proposal is not None) is met
    if met:
        assert Decimal(proposal.figures["amount_total"]) == sum(Decimal(a) for a in amounts)


# --- penalties that meet a criterion by themselves -------------------------------------------------------


@BOTH_RULEBOOKS
@pytest.mark.parametrize(
    ("kind", "subject", "amount", "codes"),
    [
        ("criminal_smuggling", "general", "0", {"art22-1"}),
        # Serious list (1): a crime against the import/export food-safety or cosmetics rules, smuggling
        # or not, or smuggling solid waste; smuggling food is not on it by itself.
        ("criminal_smuggling", "food", "0", {"art22-1"}),
        ("criminal_smuggling", "solid_waste", "0", {"art22-1", "serious-1"}),
        ("criminal_food_safety", "food", "0", {"serious-1"}),
        ("criminal_cosmetics", "cosmetics", "0", {"serious-1"}),
        ("administrative_smuggling", "general", "50000", {"art22-2"}),
        ("obstruction", "general", "2000", {"art22-6"}),
        ("bribery", "general", "2000", {"art22-7"}),
        ("administrative_smuggling", "solid_waste", "2500000.00", {"art22-2"}),  # at the amount
        ("administrative_smuggling", "solid_waste", "2500000.01", {"art22-2", "serious-2"}),
    ],
)
def test_penalty_criteria(register, as_of, rulebook, kind, subject, amount, codes):
    enterprise = register()
    PenaltyFactory(
        enterprise=enterprise, kind=kind, subject=subject, amount=Decimal(amount), decided_on=as_of
    )

    evaluate_dishonest_criteria(as_of=as_of)

    proposed = set(
        DishonestProposal.objects.filter(enterprise=enterprise).values_list("criterion__code", flat=True)
    )
    assert proposed == codes


@pytest.mark.parametrize(
    ("as_of", "grade"), [(ORDER_251_DAY, "dishonest"), (ORDER_282_DAY, "seriously_dishonest")]
)
def test_serious_list_grade_follows_the_rulebook(register, as_of, grade):
    enterprise = register()
    PenaltyFactory(enterprise=enterprise, kind="criminal_cosmetics", subject="cosmetics", decided_on=as_of)
    evaluate_dishonest_criteria(as_of=as_of)
    proposal = proposals_for(enterprise, "serious-1").get()
    assert proposal.criterion.resulting_grade == grade
    assert proposal.criterion.serious_list


# --- the proposals the evaluation writes -----------------------------------------------------------------


def test_a_rerun_refreshes_the_open_proposal_instead_of_adding_one(register):
    enterprise = register()
    PenaltyFactory(enterprise=enterprise, kind="administrative_smuggling", decided_on=ORDER_282_DAY)

    first = evaluate_dishonest_criteria(as_of=ORDER_282_DAY)
    PenaltyFactory(enterprise=enterprise, kind="administrative_smuggling", decided_on=ORDER_282_DAY)
    second = evaluate_dishonest_criteria(as_of=ORDER_282_DAY)

    assert (first["created"], second["created"], second["updated"]) == (1, 0, 1)
    proposal = proposals_for(enterprise, "art22-2").get()
    assert proposal.figures["records"] == 2
    assert proposal.history.count() == 2  # created and refreshed, both on record


def test_a_decided_criterion_is_not_proposed_again_without_new_evidence(register):
    enterprise = register()
    PenaltyFactory(enterprise=enterprise, kind="administrative_smuggling", decided_on=ORDER_282_DAY)
    evaluate_dishonest_criteria(as_of=ORDER_282_DAY)
    proposals_for(enterprise, "art22-2").update(status=DishonestProposal.Status.DROPPED)

    again = evaluate_dishonest_criteria(as_of=ORDER_282_DAY)
    assert (again["created"], again["already_decided"]) == (0, 1)

    PenaltyFactory(
        enterprise=enterprise,
        kind="administrative_smuggling",
        decided_on=ORDER_282_DAY + datetime.timedelta(1),
    )
    later = evaluate_dishonest_criteria(as_of=ORDER_282_DAY + datetime.timedelta(1))
    assert later["created"] == 1


def test_the_evaluation_drops_its_own_proposal_when_the_criterion_no_longer_holds(register, officer):
    enterprise, manual = register(), register()
    penalty = PenaltyFactory(enterprise=enterprise, kind="administrative_smuggling", decided_on=ORDER_282_DAY)
    evaluate_dishonest_criteria(as_of=ORDER_282_DAY)
    officers_own = DishonestProposalFactory(enterprise=manual, created_by=officer)
    withdrawn = datetime.datetime(2026, 11, 21, 9, tzinfo=datetime.UTC)
    Penalty.objects.filter(pk=penalty.pk).update(publication_withdrawn_at=withdrawn)  # objection upheld

    result = evaluate_dishonest_criteria(as_of=ORDER_282_DAY + datetime.timedelta(1))

    assert result["dropped"] == 1
    dropped = proposals_for(enterprise, "art22-2").get()
    assert dropped.status == DishonestProposal.Status.DROPPED
    assert dropped.drop_reason
    officers_own.refresh_from_db()
    assert officers_own.status == DishonestProposal.Status.PROPOSED


def test_the_number_of_queries_does_not_grow_with_the_register(register):
    def run(enterprises):
        for _ in range(enterprises):
            PenaltyFactory(enterprise=register(), kind="obstruction", decided_on=ORDER_282_DAY)
            register()  # one without records
        DishonestProposal.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            evaluate_dishonest_criteria(as_of=ORDER_282_DAY)
        return len(queries)

    assert run(2) == run(20)


def test_the_proposals_are_read_once_for_all_criteria(register, django_assert_num_queries):
    PenaltyFactory(enterprise=register(), kind="obstruction", decided_on=ORDER_282_DAY)
    evaluate_dishonest_criteria(as_of=ORDER_282_DAY)  # proposes Art. 22(6)

    # The rulebook, its 9 scheduled criteria and its record rules (3), the open and the decided
    # proposals (2), one aggregate per criterion (9), the evidence of the open proposal (1), its
    # evaluation day (1), the stale proposals (1).
    with django_assert_num_queries(17):
        evaluate_dishonest_criteria(as_of=ORDER_282_DAY + datetime.timedelta(days=1))


def test_a_rerun_without_new_records_only_moves_the_evaluation_day(register):
    enterprise = register()
    PenaltyFactory(enterprise=enterprise, kind="obstruction", decided_on=ORDER_282_DAY)
    evaluate_dishonest_criteria(as_of=ORDER_282_DAY)

    later = ORDER_282_DAY + datetime.timedelta(days=1)
    result = evaluate_dishonest_criteria(as_of=later)

    assert (result["created"], result["updated"], result["unchanged"]) == (0, 0, 1)
    proposal = proposals_for(enterprise, "art22-6").get()
    assert proposal.evaluated_on == later
    assert proposal.status == DishonestProposal.Status.PROPOSED  # not taken for stale
    assert proposal.history.count() == 1
