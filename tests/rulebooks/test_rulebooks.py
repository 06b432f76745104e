import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.display import format_date
from core.errors import InvalidState, NotPermitted
from enterprises.ledger import ledger_record
from enterprises.models import LedgerEntry
from rulebooks.models import (
    CreditGrade,
    CriterionKind,
    DishonestCriterion,
    RecordRule,
    RecordRuleKind,
    Rulebook,
)
from rulebooks.selectors import measures_in_force, rulebook_in_force
from rulebooks.services import rulebook_in_use, rulebook_new_version

# The rulebooks come from `offices`: a transactional test elsewhere may have emptied their tables.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("offices")]


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (datetime.date(2021, 11, 1), "order-251"),
        (datetime.date(2026, 3, 31), "order-251"),
        (datetime.date(2026, 4, 1), "order-282"),
        (datetime.date(2030, 1, 1), "order-282"),
    ],
)
def test_the_rulebook_in_force_is_found_by_date(day, code):
    assert rulebook_in_force(day).code == code


def test_no_rulebook_before_order_251_is_a_clear_error():
    with pytest.raises(InvalidState, match=format_date(datetime.date(2021, 10, 31))):
        rulebook_in_force(datetime.date(2021, 10, 31))


def test_order_251_has_three_grades_and_order_282_five():
    assert list(Rulebook.objects.get(code="order-251").grades.values_list("grade", flat=True)) == [
        "advanced_certified",
        "regular",
        "dishonest",
    ]
    order_282 = Rulebook.objects.get(code="order-282")
    assert order_282.grades.count() == 5
    assert set(order_282.grades.filter(is_aeo=True).values_list("grade", flat=True)) == {
        "advanced_certified",
        "certified",
    }


def test_shipped_thresholds_follow_article_22():
    criterion = DishonestCriterion.objects.get(rulebook__code="order-251", code="art22-3")
    assert criterion.ratio_per_thousand == Decimal("1.000")
    assert criterion.ratio_per_thousand_broker == Decimal("0.500")
    assert criterion.fine_threshold == Decimal("1000000.00")
    assert criterion.fine_threshold_broker == Decimal("300000.00")
    assert criterion.repair_waiting_months == 6
    waiting = dict(
        DishonestCriterion.objects.filter(rulebook__code="order-282").values_list(
            "code", "repair_waiting_months"
        )
    )
    assert waiting["art22-2"] == waiting["art22-6"] == 12
    assert waiting["art22-4"] == waiting["art22-5"] == 3
    serious = DishonestCriterion.objects.get(rulebook__code="order-282", code="serious-1")
    assert serious.resulting_grade == CreditGrade.SERIOUSLY_DISHONEST
    assert not serious.repairable


def test_measures_for_a_grade_come_from_the_rulebook_in_force():
    rulebook, measures = measures_in_force(CreditGrade.DISHONEST, datetime.date(2026, 11, 1))
    assert rulebook.code == "order-282"
    rates = {m.code: m.value for m in measures}
    assert rates["inspection_rate_factor"] == "0.8"


def test_a_criterion_without_its_parameters_is_refused():
    criterion = DishonestCriterion(
        rulebook=Rulebook.objects.get(code="order-282"),
        code="x",
        article="x",
        title="x",
        title_en="x",
        kind=CriterionKind.FINE_ARREARS,
        overdue_months=6,
    )
    with pytest.raises(ValidationError) as error:
        criterion.full_clean()
    assert "amount_threshold" in error.value.message_dict


def test_a_rulebook_becomes_in_use_with_its_first_ledger_entry(enterprise_b):
    order_251 = Rulebook.objects.get(code="order-251")
    assert rulebook_in_use(order_251)  # enterprise_b's registration entry is under Order 251
    assert not rulebook_in_use(rulebook_new_version(actor=None, rulebook=order_251))


def test_a_new_version_copies_every_part_and_starts_after_today(administrator):
    order_282 = Rulebook.objects.get(code="order-282")
    copy = rulebook_new_version(actor=administrator, rulebook=order_282)
    assert copy.code == "order-282-v2"
    assert copy.effective_from > datetime.date.today()
    for part in ("grades", "criteria", "measures", "publication_periods", "record_rules"):
        assert getattr(copy, part).count() == getattr(order_282, part).count()
    assert rulebook_in_force().code == "order-282", "the copy is not retroactive"


def test_only_administrators_make_rulebook_versions(officer):
    with pytest.raises(NotPermitted):
        rulebook_new_version(actor=officer, rulebook=Rulebook.objects.get(code="order-282"))


def test_admin_shows_a_rulebook_in_use_read_only(client, administrator, enterprise_b):
    client.force_login(administrator)
    order_251 = Rulebook.objects.get(code="order-251")
    page = client.get(f"/admin/rulebooks/rulebook/{order_251.pk}/change/")
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()
    assert 'name="effective_to"' in page.content.decode(), "closing a rulebook stays possible"
    draft = rulebook_new_version(actor=administrator, rulebook=order_251)
    assert 'name="title"' in client.get(f"/admin/rulebooks/rulebook/{draft.pk}/change/").content.decode()


def test_grade_decisions_record_the_rulebook_in_force(enterprise_b, time_machine):
    time_machine.move_to(datetime.date(2026, 5, 1))
    entry = ledger_record(
        actor=None,
        enterprise=enterprise_b,
        grade=CreditGrade.CERTIFIED,
        cause=LedgerEntry.Cause.CERTIFICATION,
        reason="certified",
    )
    assert entry.rulebook.code == "order-282"


@pytest.mark.parametrize("code", ["order-251", "order-282"])
def test_the_announcements_that_leave_penalties_out_are_dated_rules_with_their_sources(code):
    rules = RecordRule.objects.filter(rulebook__code=code)
    unintentional = rules.get(kind=RecordRuleKind.UNINTENTIONAL_NON_BROKER)
    assert (unintentional.code, unintentional.effective_from, unintentional.effective_to) == (
        "gac-2023-170",
        datetime.date(2023, 12, 1),
        datetime.date(2025, 12, 31),
    )
    disclosure = rules.filter(kind=RecordRuleKind.VOLUNTARY_DISCLOSURE).order_by("effective_from")
    assert [(r.code, r.effective_from, r.effective_to, r.fine_limit) for r in disclosure] == [
        ("gac-2019-161", datetime.date(2019, 10, 17), datetime.date(2022, 6, 30), Decimal("500000.00")),
        ("gac-2022-54", datetime.date(2022, 7, 1), datetime.date(2023, 10, 10), Decimal("1000000.00")),
        ("gac-2023-127", datetime.date(2023, 10, 11), datetime.date(2025, 10, 10), Decimal("1000000.00")),
        ("gac-2025-194", datetime.date(2025, 10, 11), datetime.date(2027, 6, 30), Decimal("1000000.00")),
    ]
    assert all(rule.source and rule.title.startswith("海关总署公告") for rule in rules)
    # Violations without intent count unless a dated rule leaves them out: no permanent exception.
    assert DishonestCriterion.objects.get(rulebook__code=code, code="art22-3").count_unintentional_non_broker


@pytest.mark.parametrize(
    ("day", "covered"),
    [
        (datetime.date(2023, 11, 30), False),
        (datetime.date(2023, 12, 1), True),
        (datetime.date(2025, 12, 31), True),
        (datetime.date(2026, 1, 1), False),
    ],
)
def test_a_dated_rule_covers_its_period_only(day, covered):
    assert RecordRule.objects.filter(code="gac-2023-170").first().covers(day) is covered


def test_a_voluntary_disclosure_rule_needs_its_fine_limit():
    rule = RecordRule(
        rulebook=Rulebook.objects.get(code="order-282"),
        code="x",
        kind=RecordRuleKind.VOLUNTARY_DISCLOSURE,
        title="x",
        title_en="x",
        effective_from=datetime.date(2027, 7, 1),
    )
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert "fine_limit" in error.value.message_dict


def test_serious_list_item_1_names_the_food_safety_and_cosmetics_offences():
    for criterion in DishonestCriterion.objects.filter(code="serious-1"):
        assert (
            criterion.title
            == "违反进出口食品安全管理规定、进出口化妆品监督管理规定或者走私固体废物被依法追究刑事责任"
        )
