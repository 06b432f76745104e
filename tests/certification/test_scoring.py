"""The scoring engine, table-driven for both methods of the brief (section 5)."""

import pytest
from django.utils import translation

from certification.scoring import Finding, ScoringRules, explain, score

POINTS_2018 = ScoringRules(method="points", pass_mark=95, bonus_cap=2)
POINTS_KEY_LIMIT = ScoringRules(method="points", pass_mark=95, bonus_cap=2, max_basically_meets_key_parts=3)
COUNT_2021 = ScoringRules(method="count", max_basically_meets=3)
COUNT_NO_LIMIT = ScoringRules(method="count")

M, B, F, NA = "meets", "basically_meets", "fails", "not_applicable"
IC, FS, LA, TS = "internal_control", "financial_status", "law_abiding", "trade_security"


def findings(*rows):
    """rows: (part, result) or (part, result, bonus points)."""
    return [
        Finding(f"X-{n:02d}", row[0], row[1], row[2] if len(row) > 2 else 0) for n, row in enumerate(rows)
    ]


@pytest.mark.parametrize(
    ("rules", "rows", "passed", "total", "reasons"),
    [
        # Points: every item meets -> 100.
        (POINTS_2018, [(IC, M), (FS, M), (TS, M)], True, 100, []),
        # Five "basically meets" -> 95, exactly the pass mark.
        (POINTS_2018, [(IC, B), (IC, B), (FS, B), (LA, B), (TS, B)], True, 95, []),
        # Six -> 94, below the pass mark.
        (POINTS_2018, [(IC, B)] * 3 + [(FS, B)] * 3, False, 94, ["below_pass_mark"]),
        # Bonus items lift the total, capped at 2: 94 + 2 = 96.
        (POINTS_2018, [(IC, B)] * 3 + [(FS, B)] * 3 + [(LA, M, 1)] * 3, True, 96, []),
        # A bonus item not met neither adds nor deducts.
        (POINTS_2018, [(IC, M), (LA, F, 1)], True, 100, []),
        # One failing item never passes, whatever the total.
        (POINTS_2018, [(IC, M), (FS, F), (LA, M, 2)], False, 100, ["failing"]),
        # Not applicable items count nothing.
        (POINTS_2018, [(IC, NA), (TS, NA), (FS, M)], True, 100, []),
        # The version with a limit of 3 "basically meets" in internal control and trade security.
        (POINTS_KEY_LIMIT, [(IC, B), (IC, B), (TS, B), (FS, B)], True, 96, []),
        (POINTS_KEY_LIMIT, [(IC, B), (IC, B), (TS, B), (TS, B)], False, 96, ["key_parts_limit"]),
        # Count method: within the limit of 3.
        (COUNT_2021, [(IC, B), (FS, B), (TS, B), (LA, M)], True, None, []),
        (COUNT_2021, [(IC, B), (FS, B), (TS, B), (LA, B)], False, None, ["basically_limit"]),
        (COUNT_2021, [(IC, M), (FS, F)], False, None, ["failing"]),
        (
            COUNT_2021,
            [(IC, F), (IC, B), (IC, B), (IC, B), (IC, B)],
            False,
            None,
            ["failing", "basically_limit"],
        ),
        # Bonus items do not exist in the count method's limit.
        (COUNT_2021, [(IC, M), (LA, B, 1), (LA, B, 1), (LA, B, 1), (LA, B, 1)], True, None, []),
        (COUNT_NO_LIMIT, [(IC, B)] * 10, True, None, []),
        # No applicable item never passes: an empty catalogue, or every item not applicable; one item
        # that applies and meets is enough.
        (COUNT_2021, [], False, None, ["nothing_applicable"]),
        (POINTS_2018, [], False, 100, ["nothing_applicable"]),
        (COUNT_2021, [(IC, NA), (TS, NA)], False, None, ["nothing_applicable"]),
        (POINTS_2018, [(IC, NA), (TS, NA)], False, 100, ["nothing_applicable"]),
        (COUNT_2021, [(IC, NA), (TS, M)], True, None, []),
        # Items without a finding stop any result.
        (COUNT_2021, [(IC, M), (FS, "")], False, None, ["unassessed"]),
        (POINTS_2018, [(IC, M), (FS, "")], False, 100, ["unassessed"]),
    ],
)
def test_score(rules, rows, passed, total, reasons):
    outcome = score(rules, findings(*rows))
    assert outcome.passed is passed
    assert outcome.total == total
    assert [code for code, _figures in outcome.reasons] == reasons


def test_outcome_lists_the_items_behind_the_result():
    outcome = score(COUNT_2021, findings((IC, F), (FS, B), (TS, ""), (LA, M)))
    assert outcome.failing == ["X-00"]
    assert outcome.basically_meeting == ["X-01"]
    assert outcome.unassessed == ["X-02"]
    assert not outcome.complete


@pytest.mark.parametrize(
    ("rules", "rows", "sentence"),
    [
        (POINTS_2018, [(IC, B)] * 6, "The total of 94 points is below the pass mark of 95."),
        (COUNT_2021, [(IC, B)] * 4, "4 items only basically meet the standard; at most 3 are allowed."),
        (
            COUNT_2021,
            [(IC, B), (IC, M)],
            "No item fails and 1 item basically meets the standard, within the limit.",
        ),
        (POINTS_2018, [(IC, B)], "No item fails and the total of 99 points reaches the pass mark."),
    ],
)
def test_explain_says_why(rules, rows, sentence):
    outcome = score(rules, findings(*rows))
    with translation.override("en"):
        assert explain(outcome) == [sentence]
        assert explain(outcome.as_dict()) == [sentence]


@pytest.mark.parametrize(
    ("rows", "bonus_sentence"),
    [
        ([(IC, B), (LA, M, 1)], ["It includes 1 bonus point for bonus items met."]),
        ([(IC, B), (LA, M, 1), (LA, M, 1), (LA, M, 1)], ["It includes 2 bonus points for bonus items met."]),
        ([(IC, B), (LA, F, 1)], []),
    ],
)
def test_explain_shows_the_bonus_points_the_total_includes(rows, bonus_sentence):
    outcome = score(POINTS_2018, findings(*rows))
    with translation.override("en"):
        assert explain(outcome)[1:] == bonus_sentence


@pytest.mark.parametrize(
    ("rules", "rows", "reasons"),
    [
        (POINTS_2018, [(IC, B)] * 6, [("below_pass_mark", {"total": 94, "pass_mark": 95})]),
        (
            POINTS_KEY_LIMIT,
            [(IC, B), (TS, B), (TS, B), (IC, B), (FS, B)],
            [("key_parts_limit", {"count": 4, "limit": 3})],
        ),
        (
            COUNT_2021,
            [(IC, B)] * 4 + [(FS, "")] * 2,
            [("unassessed", {"count": 2}), ("basically_limit", {"count": 4, "limit": 3})],
        ),
        (COUNT_2021, [(IC, F), (TS, F), (FS, M)], [("failing", {"count": 2})]),
    ],
)
def test_each_reason_carries_the_figures_its_sentence_states(rules, rows, reasons):
    assert score(rules, findings(*rows)).reasons == reasons


def test_the_bonus_counts_only_bonus_items_met_and_stops_at_the_cap():
    one = score(POINTS_2018, findings((IC, M), (LA, M, 1), (LA, B, 1)))
    assert (one.bonus, one.total, one.basically_meeting) == (1, 101, [])
    capped = score(ScoringRules(method="points", pass_mark=95, bonus_cap=1), findings((LA, M, 1), (LA, M, 1)))
    assert (capped.bonus, capped.total) == (1, 101)


def test_the_count_method_adds_up_bonus_items_and_says_they_do_not_change_the_result():
    """Announcement 2026 No.34's bonus items (+1 each, at most +2): shown, the count method's result
    stays that of the other items."""
    three = score(
        COUNT_2021, findings((IC, B), (IC, B), (IC, B), (IC, B), (LA, M, 1), (LA, M, 1), (LA, M, 1))
    )
    assert (three.bonus, three.passed, three.reasons) == (
        2,
        False,
        [("basically_limit", {"count": 4, "limit": 3})],
    )
    one = score(COUNT_2021, findings((IC, M), (LA, M, 1)))
    with translation.override("en"):
        assert explain(one) == [
            "No item fails and 0 items basically meet the standard, within the limit.",
            "Bonus items met add 1 point; under the count method they do not change the result.",
        ]


def test_a_points_rulebook_without_a_key_part_limit_allows_any_number_there():
    outcome = score(POINTS_2018, findings(*[(IC, B)] * 5))
    assert (outcome.passed, outcome.total, outcome.reasons) == (True, 95, [])


def test_scoring_rules_are_read_from_the_rulebook():
    class Rulebook:
        scoring_method, pass_mark, bonus_cap = "points", 90, 3
        max_basically_meets, max_basically_meets_key_parts = 4, 2

    assert ScoringRules.of(Rulebook) == ScoringRules(
        method="points", pass_mark=90, bonus_cap=3, max_basically_meets=4, max_basically_meets_key_parts=2
    )


@pytest.mark.parametrize(
    ("rules", "rows", "sentences"),
    [
        (COUNT_2021, [(IC, M), (FS, "")], ["1 item has no finding yet."]),
        (COUNT_2021, [(IC, ""), (FS, "")], ["2 items have no finding yet."]),
        (COUNT_2021, [(IC, F)], ["1 item fails; an application with a failing item cannot pass."]),
        (
            COUNT_2021,
            [(IC, F), (FS, F), (TS, "")],
            ["1 item has no finding yet.", "2 items fail; an application with a failing item cannot pass."],
        ),
        (
            POINTS_KEY_LIMIT,
            [(IC, B)] * 4,
            [
                "4 items only basically meet the standard in internal control and trade security; "
                "at most 3 are allowed."
            ],
        ),
        (
            ScoringRules(method="points", pass_mark=95, max_basically_meets_key_parts=0),
            [(TS, B)],
            [
                "1 item only basically meets the standard in internal control and trade security; "
                "at most 0 are allowed."
            ],
        ),
        (
            ScoringRules(method="count", max_basically_meets=0),
            [(TS, B)],
            ["1 item only basically meets the standard; at most 0 are allowed."],
        ),
        (COUNT_2021, [(IC, M)], ["No item fails and 0 items basically meet the standard, within the limit."]),
        (
            COUNT_2021,
            [(IC, B), (TS, B)],
            ["No item fails and 2 items basically meet the standard, within the limit."],
        ),
        (
            POINTS_2018,
            [(IC, M), (LA, M, 1)],
            [
                "No item fails and the total of 101 points reaches the pass mark.",
                "It includes 1 bonus point for bonus items met.",
            ],
        ),
    ],
)
def test_explain_names_every_reason_in_its_own_words(rules, rows, sentences):
    with translation.override("en"):
        assert explain(score(rules, findings(*rows))) == sentences


def test_explain_speaks_the_active_language():
    with translation.override("zh-hans"):
        sentences = explain(score(POINTS_2018, findings(*[(IC, B)] * 6)))
    assert sentences == ["总分94分，低于通过分数95分。"]


def test_an_outcome_with_every_item_assessed_is_complete():
    outcome = score(COUNT_2021, findings((IC, F), (FS, B), (TS, NA)))
    assert (outcome.complete, outcome.unassessed) == (True, [])


@pytest.mark.django_db
def test_an_items_thresholds_read_as_sentences_in_the_readers_language():
    from certification.models import StandardItem

    debt = StandardItem.objects.filter(code="G-5").first()  # the 2022 standard's
    with translation.override("en"):
        assert debt.display_parameters == [
            "Debt ratio (liabilities to assets) at most 95%.",
            "Failing only when it holds for 5 consecutive years.",
        ]
    with translation.override("zh-hans"):
        assert debt.display_parameters[0] == "资产负债率不超过95%。"
    debt.parameters = {"max_debt_ratio": "0.95", "note": 1}  # typed by an administrator
    with translation.override("en"):
        assert debt.display_parameters == ["Debt ratio (liabilities to assets) at most 0.95.", "note: 1"]
    solvency = StandardItem.objects.get(code="A-G-13")
    with translation.override("en"):
        sentences = solvency.display_parameters
    assert sentences[0] == (
        "Debt-to-asset ratio (total liabilities / total assets): at most 85% for production enterprises, "
        "75% for others."
    )
    assert sentences[-2:] == [
        "Meets the standard when 2 or more of the indicators are met.",
        "Basically meets it when fewer but at least 1 are met; fails when fewer still.",
    ]


def test_the_key_parts_limit_counts_individual_standard_items_by_their_part():
    """An individual standard's item filed under internal control counts towards the limit of 3 items
    basically meeting in internal control and trade security, like a general standard's."""
    rows = [Finding("G-1", IC, B), Finding("G-11", TS, B), Finding("G-12", TS, B), Finding("I-1", IC, B)]
    outcome = score(POINTS_KEY_LIMIT, rows)
    assert outcome.reasons == [("key_parts_limit", {"count": 4, "limit": 3})]
    assert score(POINTS_KEY_LIMIT, rows[:3]).passed
