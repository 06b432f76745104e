"""Look-back windows as the law writes them: only Art. 22(3) says "within one year".

The other penalty criteria have no window of their own. A record counts until the rulebook's
automatic-repair period (24 months) has passed since it was decided: after that the law restores an
enterprise that met no criterion, so an older record neither makes an enterprise dishonest nor keeps
it so. Dates are written out: the last day a record does not count, the first day it does.
"""

import datetime
from decimal import Decimal

import pytest

from enterprises.evaluation import evaluate_dishonest_criteria
from enterprises.models import DishonestProposal
from enterprises.repair import repair_automatically
from rulebooks.models import Rulebook
from tests.factories.enterprises import EnterpriseFactory, PenaltyFactory, determined_proposal

# The rulebooks come from `offices`: a transactional test elsewhere may have emptied their tables.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("offices")]

date = datetime.date
ORDER_251_DAY = date(2026, 3, 16)
ORDER_282_DAY = date(2026, 11, 20)

# A penalty that meets each criterion without a window by itself.
PENALTIES = {
    "art22-1": {"kind": "criminal_smuggling"},
    "art22-2": {"kind": "administrative_smuggling"},
    "art22-6": {"kind": "obstruction"},
    "art22-7": {"kind": "bribery"},
    "serious-1": {"kind": "criminal_smuggling", "subject": "solid_waste"},
    "serious-2": {
        "kind": "administrative_smuggling",
        "subject": "solid_waste",
        "amount": Decimal("2500000.01"),
    },
}


@pytest.mark.parametrize("code", ["order-251", "order-282"])
def test_only_the_supervision_violations_criterion_has_a_window(code):
    windows = dict(Rulebook.objects.get(code=code).criteria.values_list("code", "window_months"))
    assert windows == {
        "art22-1": None,
        "art22-2": None,
        "art22-3": 12,  # 1年内
        "art22-4": None,
        "art22-5": None,
        "art22-6": None,
        "art22-7": None,
        "art22-8": None,
        "serious-1": None,
        "serious-2": None,
    }


@pytest.mark.parametrize("code", sorted(PENALTIES))
@pytest.mark.parametrize(
    ("as_of", "decided_on", "met"),
    [
        (ORDER_282_DAY, date(2024, 11, 20), False),  # exactly 24 months before
        (ORDER_282_DAY, date(2024, 11, 21), True),
        (ORDER_282_DAY, date(2025, 10, 20), True),  # 13 months: beyond a year, still counted
        (ORDER_251_DAY, date(2024, 3, 16), False),
        (ORDER_251_DAY, date(2024, 3, 17), True),
    ],
)
def test_a_criterion_without_a_window_counts_records_for_the_automatic_repair_period(
    offices, code, as_of, decided_on, met
):
    enterprise = EnterpriseFactory(customs_office=offices["9700"])
    PenaltyFactory(enterprise=enterprise, decided_on=decided_on, **PENALTIES[code])

    evaluate_dishonest_criteria(as_of=as_of)

    proposed = DishonestProposal.objects.filter(enterprise=enterprise, criterion__code=code)
    assert proposed.exists() is met


@pytest.fixture
def determined_on_3_june_2024(offices):
    """Determined under Order 251's Art. 22(2) on 2024-06-03, on a penalty of 2024-06-01."""
    enterprise = EnterpriseFactory(customs_office=offices["9700"])
    PenaltyFactory(enterprise=enterprise, kind="administrative_smuggling", decided_on=date(2024, 6, 1))
    determined_proposal(enterprise, code="art22-2", on=date(2024, 6, 3))
    return enterprise


def test_an_old_record_without_a_window_does_not_block_automatic_repair(determined_on_3_june_2024):
    result = repair_automatically(as_of=date(2026, 6, 3))

    assert result["created"] == 1
    determined_on_3_june_2024.refresh_from_db()
    assert determined_on_3_june_2024.credit_grade == "regular"


@pytest.mark.parametrize(("as_of", "restored"), [(date(2026, 6, 3), 0), (date(2026, 6, 4), 1)])
def test_a_later_record_keeps_the_enterprise_dishonest_until_it_is_24_months_old(
    determined_on_3_june_2024, as_of, restored
):
    """A second penalty of 2024-06-04, never determined, still meets Art. 22(2) on 2026-06-03."""
    PenaltyFactory(
        enterprise=determined_on_3_june_2024, kind="administrative_smuggling", decided_on=date(2024, 6, 4)
    )
    assert repair_automatically(as_of=as_of)["created"] == restored
