"""The financial-status items computed from figures, at the edges of each published threshold.

Thresholds are the catalogue's (certification/data/standards.json): the 2022 standard's debt ratio
above 95% for 5 consecutive years, and the 2026 advanced standard's solvency indicators (debt ratio
at most 85% for production and 75% for non-production enterprises, cash ratio at least 0.2,
operating cash flow to liabilities at least 0.1, current ratio at least 1.0) and profitability
indicators (net profit above 0, operating margin at least 1% with an operating profit, gross margin
at least 1%, net operating cash flow above 0, return on total assets at least 1%); two met meet the
item, one basically meets it, none fails it.
"""

from decimal import Decimal

import pytest

from certification.finance import assess

D = Decimal
DEBT_2022 = {"max_debt_ratio": 0.95, "consecutive_years": 5}
SOLVENCY_2026 = {
    "indicators": {
        "debt_to_asset_ratio": {"production": 0.85, "non_production": 0.75},
        "cash_ratio": 0.2,
        "operating_cash_flow_to_liabilities": 0.1,
        "current_ratio": 1.0,
    },
    "meets_with": 2,
    "basically_meets_with": 1,
}
PROFITABILITY_2026 = {
    "indicators": {
        "net_profit": 0,
        "operating_profit_margin": 0.01,
        "gross_margin": 0.01,
        "net_operating_cash_flow": 0,
        "return_on_total_assets": 0.01,
    },
    "meets_with": 2,
    "basically_meets_with": 1,
}


def balance(liabilities, assets="10000"):
    return {"total_assets": D(assets), "total_liabilities": D(liabilities)}


@pytest.mark.parametrize(
    ("ratios", "result"),
    [
        # 95.01% in each of the 5 years up to 2025: fails.
        (["9501"] * 5, "fails"),
        # Exactly 95% in one of them is within the limit: the run is broken.
        (["9501", "9501", "9500", "9501", "9501"], "meets"),
        # Four years above it.
        (["9501"] * 4 + ["9000"], "meets"),
    ],
)
def test_2022_debt_ratio_fails_only_when_above_95_percent_in_5_consecutive_years(ratios, result):
    years = {2021 + index: balance(liabilities) for index, liabilities in enumerate(reversed(ratios))}
    assert assess(DEBT_2022, years).result == result


def test_2022_a_younger_enterprise_or_a_year_without_accounts_breaks_the_run():
    assert assess(DEBT_2022, {year: balance("9900") for year in (2022, 2023, 2024, 2025)}).result == "meets"
    years = {year: balance("9900") for year in (2020, 2021, 2023, 2024, 2025)}
    assert assess(DEBT_2022, years).result == "meets"


def test_2022_only_the_latest_5_years_count():
    years = {year: balance("9900") for year in range(2019, 2025)} | {2025: balance("5000")}
    assessment = assess(DEBT_2022, years)
    assert (assessment.result, [line.year for line in assessment.lines]) == (
        "meets",
        [2025, 2024, 2023, 2022, 2021],
    )


def test_2022_a_missing_figure_leaves_the_item_open_and_names_it():
    assessment = assess(DEBT_2022, {2025: {"total_assets": D("100"), "total_liabilities": None}})
    assert (assessment.result, assessment.missing) == ("", [(2025, "total_liabilities")])
    assert assess(DEBT_2022, {}).result == ""


def solvency_year(**overrides):
    """A year meeting no solvency indicator of the advanced standard, `overrides` changing figures."""
    year = {
        "total_assets": D("10000"),
        "total_liabilities": D("9000"),  # 90%
        "monetary_funds": D("100"),
        "trading_financial_assets": D("0"),
        "current_liabilities": D("1000"),  # cash ratio 0.1
        "operating_cash_flow": D("0"),  # 0 of the liabilities
        "current_assets": D("900"),  # current ratio 0.9
    }
    return {2025: year | {key: D(value) for key, value in overrides.items()}}


@pytest.mark.parametrize(
    ("overrides", "production", "met"),
    [
        ({"total_liabilities": "8500"}, True, 1),  # 85%: within the production limit
        ({"total_liabilities": "8501"}, True, 0),
        ({"total_liabilities": "7500"}, False, 1),  # 75%: within the non-production limit
        ({"total_liabilities": "7501"}, False, 0),
        ({"total_liabilities": "8500"}, False, 0),
        ({"monetary_funds": "150", "trading_financial_assets": "50"}, True, 1),  # cash ratio 0.2
        ({"monetary_funds": "199"}, True, 0),
        ({"operating_cash_flow": "900"}, True, 1),  # 0.1 of 9,000
        ({"operating_cash_flow": "899"}, True, 0),
        ({"current_assets": "1000"}, True, 1),  # current ratio 1.0
        ({"current_assets": "999"}, True, 0),
    ],
)
def test_2026_each_solvency_indicator_at_its_threshold(overrides, production, met):
    assessment = assess(SOLVENCY_2026, solvency_year(**overrides), production)
    assert assessment.met == met


@pytest.mark.parametrize(
    ("overrides", "result"),
    [
        ({}, "fails"),
        ({"current_assets": "1000"}, "basically_meets"),
        ({"current_assets": "1000", "monetary_funds": "200"}, "meets"),
    ],
)
def test_2026_two_indicators_meet_one_basically_meets_none_fails(overrides, result):
    assert assess(SOLVENCY_2026, solvency_year(**overrides), True).result == result


def profit_year(**overrides):
    """A year meeting no profitability indicator, `overrides` changing figures."""
    year = {
        "net_profit": D("0"),
        "operating_profit": D("-1"),
        "revenue": D("10000"),
        "cost_of_revenue": D("9901"),  # gross margin 0.99%
        "operating_cash_flow": D("0"),
        "total_profit": D("0"),
        "interest_expense": D("99"),
        "total_assets": D("10000"),  # return on total assets 0.99%
    }
    return {2025: year | {key: D(value) for key, value in overrides.items()}}


@pytest.mark.parametrize(
    ("overrides", "met"),
    [
        ({"net_profit": "0.01"}, 1),  # above 0
        ({"operating_profit": "100"}, 1),  # 1% of the revenue, with an operating profit
        ({"operating_profit": "99"}, 0),
        ({"cost_of_revenue": "9900"}, 1),  # gross margin 1%
        ({"operating_cash_flow": "0.01"}, 1),
        ({"interest_expense": "100"}, 1),  # (0 + 100) / 10,000 = 1%
    ],
)
def test_2026_each_profitability_indicator_at_its_threshold(overrides, met):
    assert assess(PROFITABILITY_2026, profit_year(**overrides)).met == met


def test_2026_return_on_total_assets_uses_the_average_with_the_previous_year():
    """(0 + 100) / ((12,000 + 10,000) / 2) = 0.91%: below 1%, though 1% of the closing assets alone."""
    years = profit_year(interest_expense="100") | {2024: {"total_assets": D("12000")}}
    line = next(line for line in assess(PROFITABILITY_2026, years).lines if "average" in str(line.label))
    assert not line.met


def test_a_zero_denominator_is_not_computable_and_not_met():
    assessment = assess(SOLVENCY_2026, solvency_year(current_liabilities="0", monetary_funds="5000"), True)
    cash = assessment.lines[1]
    assert (cash.value, cash.met) == (None, False)


def test_2026_a_missing_figure_of_the_latest_year_leaves_the_item_open():
    years = solvency_year()
    years[2025]["current_assets"] = None
    assessment = assess(SOLVENCY_2026, years, True)
    assert (assessment.result, assessment.missing) == ("", [(2025, "current_assets")])
