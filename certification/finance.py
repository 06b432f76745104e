"""The financial-status items, computed from the enterprise's figures rather than typed.

Pure: no database. An item's `parameters` choose its rule (the catalogue keeps their sources):

- **Debt ratio over consecutive years** (`max_debt_ratio`, `consecutive_years`; the 2022 standard):
  the item fails when the debt ratio (total liabilities / total assets) is above the limit in every
  one of the last `consecutive_years` financial years; fewer years above it, or a younger
  enterprise, meets it.
- **Indicators** (`indicators`, `meets_with`, `basically_meets_with`; the 2026 standards): each
  indicator of the item against its threshold (one figure, or one for production and one for
  non-production enterprises), computed from the latest financial year; the item meets with at
  least `meets_with` indicators met, basically meets with at least `basically_meets_with`, and
  fails with fewer.

Either way the item stays unassessed while a figure it needs is missing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

MEETS, BASICALLY_MEETS, FAILS = "meets", "basically_meets", "fails"
AT_MOST, AT_LEAST, ABOVE = "at_most", "at_least", "above"

# The figures of one financial year, as the audited statements give them (yuan).
FIGURES = {
    "total_assets": _("Total assets"),
    "total_liabilities": _("Total liabilities"),
    "current_assets": _("Current assets"),
    "current_liabilities": _("Current liabilities"),
    "monetary_funds": _("Monetary funds"),
    "trading_financial_assets": _("Trading financial assets"),
    "operating_cash_flow": _("Net cash flow from operating activities"),
    "revenue": _("Operating revenue"),
    "cost_of_revenue": _("Operating cost"),
    "operating_profit": _("Operating profit"),
    "total_profit": _("Total profit"),
    "interest_expense": _("Interest expense"),
    "net_profit": _("Net profit"),
}

# Balances and amounts that are never below zero; profits and cash flows may be.
NEVER_NEGATIVE = (
    "total_assets",
    "total_liabilities",
    "current_assets",
    "current_liabilities",
    "monetary_funds",
    "trading_financial_assets",
    "revenue",
    "cost_of_revenue",
    "interest_expense",
)


def _ratio(numerator, denominator):
    return None if denominator == 0 else numerator / denominator


def _average_assets(year, previous):
    """Average total assets: of the year's opening (the previous year's closing) and closing figures,
    or the closing figure alone when the previous year was not entered."""
    if previous is None or previous.get("total_assets") is None:
        return year["total_assets"]
    return (previous["total_assets"] + year["total_assets"]) / 2


def _operating_margin(year, previous):
    """A margin over a loss is no margin: the standard asks for an operating profit as well."""
    if year["operating_profit"] <= 0:
        return None
    return _ratio(year["operating_profit"], year["revenue"])


@dataclass(frozen=True)
class Indicator:
    label: str
    needs: tuple
    test: str  # AT_MOST, AT_LEAST or ABOVE the threshold
    formula: Callable = field(compare=False)  # (year, previous year or None) -> value or None
    percent: bool = False  # shown as a percentage; thresholds are fractions (0.85 = 85%)

    def value(self, year, previous=None):
        return self.formula(year, previous)


INDICATORS = {
    "debt_to_asset_ratio": Indicator(
        _("Debt-to-asset ratio (total liabilities / total assets)"),
        ("total_liabilities", "total_assets"),
        AT_MOST,
        lambda y, p: _ratio(y["total_liabilities"], y["total_assets"]),
        percent=True,
    ),
    "cash_ratio": Indicator(
        _("Cash ratio ((monetary funds + trading financial assets) / current liabilities)"),
        ("monetary_funds", "trading_financial_assets", "current_liabilities"),
        AT_LEAST,
        lambda y, p: _ratio(y["monetary_funds"] + y["trading_financial_assets"], y["current_liabilities"]),
    ),
    "operating_cash_flow_to_liabilities": Indicator(
        _("Operating cash flow to liabilities (net operating cash flow / total liabilities)"),
        ("operating_cash_flow", "total_liabilities"),
        AT_LEAST,
        lambda y, p: _ratio(y["operating_cash_flow"], y["total_liabilities"]),
    ),
    "current_ratio": Indicator(
        _("Current ratio (current assets / current liabilities)"),
        ("current_assets", "current_liabilities"),
        AT_LEAST,
        lambda y, p: _ratio(y["current_assets"], y["current_liabilities"]),
    ),
    "net_profit": Indicator(_("Net profit"), ("net_profit",), ABOVE, lambda y, p: y["net_profit"]),
    "operating_profit_margin": Indicator(
        _("Operating profit margin (operating profit / operating revenue), with an operating profit"),
        ("operating_profit", "revenue"),
        AT_LEAST,
        _operating_margin,
        percent=True,
    ),
    "gross_margin": Indicator(
        _("Gross margin ((operating revenue - operating cost) / operating revenue)"),
        ("revenue", "cost_of_revenue"),
        AT_LEAST,
        lambda y, p: _ratio(y["revenue"] - y["cost_of_revenue"], y["revenue"]),
        percent=True,
    ),
    "net_operating_cash_flow": Indicator(
        _("Net operating cash flow"), ("operating_cash_flow",), ABOVE, lambda y, p: y["operating_cash_flow"]
    ),
    "return_on_total_assets": Indicator(
        _("Return on total assets ((total profit + interest expense) / average total assets)"),
        ("total_profit", "interest_expense", "total_assets"),
        AT_LEAST,
        lambda y, p: _ratio(y["total_profit"] + y["interest_expense"], _average_assets(y, p)),
        percent=True,
    ),
}


@dataclass(frozen=True)
class Line:
    """One row of the item's table: an indicator (or a year's debt ratio) against its threshold."""

    label: str
    value: Decimal | None  # None: cannot be computed (a zero denominator, a margin over a loss)
    threshold: Decimal
    test: str
    percent: bool
    met: bool
    year: int | None = None


@dataclass(frozen=True)
class Assessment:
    result: str  # "" while figures are missing
    lines: list = field(default_factory=list)
    missing: list = field(default_factory=list)  # (year, figure code) pairs still to enter
    met: int = 0


def in_order(indicators):
    """(name, threshold) of `indicators` in the standard's order (a JSON column keeps no key order)."""
    return [(name, indicators[name]) for name in INDICATORS if name in indicators]


def is_computed(parameters):
    """Whether an item with these parameters is computed from figures."""
    return "indicators" in parameters or "max_debt_ratio" in parameters


def _passes(value, threshold, test):
    if value is None:
        return False
    if test == AT_MOST:
        return value <= threshold
    if test == AT_LEAST:
        return value >= threshold
    return value > threshold


def threshold_for(spec, production):
    """An indicator's threshold: one figure, or {"production": x, "non_production": y}."""
    if isinstance(spec, dict):
        spec = spec["production" if production else "non_production"]
    return Decimal(str(spec))


def _debt_ratio_years(parameters, years):
    """Fails when each of the `consecutive_years` years up to the latest one entered is above the
    limit; a year of that window not entered is one the enterprise did not exist in (the team checks
    it against the audit reports), so the run is broken."""
    limit = Decimal(str(parameters["max_debt_ratio"]))
    span = int(parameters["consecutive_years"])
    indicator = INDICATORS["debt_to_asset_ratio"]
    if not years:
        return Assessment("", missing=[(None, code) for code in indicator.needs])
    newest = max(years)
    window = [number for number in range(newest, newest - span, -1) if number in years]
    lines, missing = [], []
    for number in window:
        absent = [code for code in indicator.needs if years[number].get(code) is None]
        missing += [(number, code) for code in absent]
        value = None if absent else indicator.value(years[number])
        lines.append(
            Line(indicator.label, value, limit, AT_MOST, True, _passes(value, limit, AT_MOST), number)
        )
    if missing:
        return Assessment("", lines, missing)
    above = len(window) == span and not any(line.met for line in lines)
    return Assessment(FAILS if above else MEETS, lines, met=sum(line.met for line in lines))


def _indicators(parameters, years, production):
    if not years:
        needs = {code for name in parameters["indicators"] for code in INDICATORS[name].needs}
        return Assessment("", missing=[(None, code) for code in FIGURES if code in needs])
    newest = max(years)
    year, previous = years[newest], years.get(newest - 1)
    lines, missing = [], []
    for name, spec in in_order(parameters["indicators"]):
        indicator = INDICATORS[name]
        absent = [code for code in indicator.needs if year.get(code) is None]
        missing += [(newest, code) for code in absent if (newest, code) not in missing]
        value = None if absent else indicator.value(year, previous)
        threshold = threshold_for(spec, production)
        lines.append(
            Line(
                indicator.label,
                value,
                threshold,
                indicator.test,
                indicator.percent,
                _passes(value, threshold, indicator.test),
                newest,
            )
        )
    if missing:
        return Assessment("", lines, missing)
    met = sum(line.met for line in lines)
    if met >= parameters["meets_with"]:
        result = MEETS
    elif met >= parameters["basically_meets_with"]:
        result = BASICALLY_MEETS
    else:
        result = FAILS
    return Assessment(result, lines, met=met)


def assess(parameters, years, production=True):
    """The item's result from `years` ({year: {figure code: Decimal or None}}); `production` says
    whether the enterprise is a production enterprise, for thresholds that differ."""
    if "indicators" in parameters:
        return _indicators(parameters, years, production)
    return _debt_ratio_years(parameters, years)
