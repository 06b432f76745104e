"""The figures of an application and the items computed from them, through the service and the pages."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from certification import applications, financial_status, review
from certification.models import FinancialYear
from core.errors import InvalidState
from tests.certification.conftest import HEALTHY_YEAR, enter_figures

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def row_of(application, code):
    return application.items.select_related("item").get(item__code=code)


def test_the_enterprises_figures_set_the_self_assessment_of_the_computed_items(draft, enterprise_user_b):
    enter_figures(draft, enterprise_user_b)
    solvency, profitability = row_of(draft, "A-G-13"), row_of(draft, "A-G-14")
    assert (solvency.self_assessment, profitability.self_assessment) == ("meets", "meets")
    assert solvency.explanation == "Computed from the financial figures: 4 of 4 within the threshold."
    # Weaker figures of the same year replace them: only the debt ratio of 50% is within its threshold.
    enter_figures(
        draft, enterprise_user_b, monetary_funds="100", operating_cash_flow="100", current_assets="1000"
    )
    assert row_of(draft, "A-G-13").self_assessment == "basically_meets"
    assert FinancialYear.objects.filter(application=draft).count() == 1


def test_a_typed_result_never_overrides_the_figures(draft, enterprise_user_b):
    row = row_of(draft, "A-G-13")
    with pytest.raises(ValidationError, match="Enter the financial figures first"):
        applications.self_assess(actor=enterprise_user_b, application_item=row, result="meets")
    enter_figures(draft, enterprise_user_b, total_liabilities="9000", monetary_funds="0", current_assets="0")
    applications.self_assess(actor=enterprise_user_b, application_item=row, result="meets")
    assert row_of(draft, "A-G-13").self_assessment == "fails"  # 90% debt, no cash, no current assets


def test_the_production_enterprise_threshold_applies_when_declared(draft, enterprise_user_b):
    """A debt ratio of 80%: within 85% for a production enterprise, above 75% for others."""
    thin = {
        "monetary_funds": "0",
        "operating_cash_flow": "0",
        "current_assets": "0",
        "total_liabilities": "8000",
    }
    enter_figures(draft, enterprise_user_b, **thin)
    assert row_of(draft, "A-G-13").self_assessment == "fails"
    financial_status.financial_year_save(
        actor=enterprise_user_b,
        application=draft,
        year=2025,
        figures={code: Decimal(value) for code, value in (HEALTHY_YEAR | thin).items() if code != "year"},
        production_enterprise=True,
    )
    assert row_of(draft, "A-G-13").self_assessment == "basically_meets"


@pytest.mark.parametrize(
    ("year", "changes", "field"),
    [
        (1989, {}, "year"),
        (2999, {}, "year"),
        (2025, {"total_liabilities": "-1"}, "total_liabilities"),
    ],
)
def test_bad_figures_are_refused_and_change_nothing(draft, enterprise_user_b, year, changes, field):
    with pytest.raises(ValidationError) as error:
        enter_figures(draft, enterprise_user_b, year=year, **changes)
    assert field in error.value.message_dict
    assert not FinancialYear.objects.exists()
    assert row_of(draft, "A-G-13").self_assessment == ""


def test_the_team_corrects_the_figures_and_its_findings_follow(under_audit, officer, enterprise_user_b):
    with pytest.raises(InvalidState):  # submitted: the enterprise no longer changes its figures
        enter_figures(under_audit, enterprise_user_b)
    enter_figures(under_audit, officer)
    review.finding_record(actor=officer, application_item=row_of(under_audit, "A-G-13"), finding="fails")
    assert row_of(under_audit, "A-G-13").finding == "meets"
    enter_figures(
        under_audit, officer, monetary_funds="100", operating_cash_flow="100", current_assets="1000"
    )
    found = row_of(under_audit, "A-G-13")
    assert (found.finding, found.found_by) == ("basically_meets", officer)
    assert row_of(under_audit, "A-G-14").finding == ""  # no finding recorded yet: none is made up


def test_removing_a_year_leaves_the_items_open_again(draft, enterprise_user_b):
    enter_figures(draft, enterprise_user_b)
    financial_status.financial_year_remove(
        actor=enterprise_user_b, financial_year=draft.financial_years.get()
    )
    assert row_of(draft, "A-G-13").self_assessment == ""


def test_the_figures_page_is_the_applicants_and_refuses_bad_input_without_a_change(
    client, draft, enterprise_user_b, enterprise_user
):
    url = f"/certification/{draft.pk}/finance/"
    client.force_login(enterprise_user)
    assert client.get(url).status_code == 404
    client.force_login(enterprise_user_b)
    empty = client.get(url, **EN).content.decode()
    assert "No figures entered yet." in empty
    bad = client.post(url, HEALTHY_YEAR | {"total_assets": "abc"}, **EN)
    assert "Enter a number." in bad.content.decode()
    assert not FinancialYear.objects.exists()
    client.post(url, HEALTHY_YEAR, **EN)
    page = client.get(url, **EN).content.decode()
    assert "Result computed from the figures" in page
    removed = client.post(f"/certification/{draft.pk}/finance/2025/remove/", follow=True, **EN)
    assert "The figures of 2025 have been removed." in removed.content.decode()
    assert not FinancialYear.objects.exists()


def test_the_item_page_shows_each_indicator_against_its_threshold(client, draft, enterprise_user_b):
    enter_figures(draft, enterprise_user_b, current_liabilities="0")
    client.force_login(enterprise_user_b)
    page = client.get(f"/certification/{draft.pk}/items/{row_of(draft, 'A-G-13').pk}/", **EN).content.decode()
    assert "Cash ratio" in page
    assert "Not computable" in page  # no current liabilities: the ratio has no denominator
    assert "≥ 0.20" in page


def test_the_application_names_the_standard_and_a_2025_application_keeps_the_2022_one(
    client, catalogue, enterprise_b, enterprise_user_b, business_types, travel
):
    travel(datetime.date(2025, 6, 2))
    earlier = applications.application_create(
        actor=enterprise_user_b,
        enterprise=enterprise_b,
        target_grade="advanced_certified",
        business_types=[business_types["customs_broker"]],
    )
    codes = set(earlier.items.values_list("item__code", flat=True))
    assert "G-5" in codes
    assert not any(code.startswith("A-") for code in codes)
    travel(datetime.date(2026, 12, 7))
    client.force_login(enterprise_user_b)
    page = client.get(f"/certification/{earlier.pk}/", **EN).content.decode()
    assert "海关总署公告2022年第106号" in page
    assert set(earlier.items.values_list("item__code", flat=True)) == codes
