import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from certification import applications, review
from certification.models import Result


def pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence", content_type="application/pdf")


@pytest.fixture
def draft(catalogue, enterprise_b, enterprise_user_b, business_types):
    """Enterprise B (regular, customs broker with health-quarantine business, Xining) applying for
    advanced certification."""
    return applications.application_create(
        actor=enterprise_user_b,
        enterprise=enterprise_b,
        target_grade="advanced_certified",
        business_types=[business_types["customs_broker"], business_types["health_quarantine"]],
    )


def assess_all(application, user, result=Result.MEETS):
    """Self-assess every item; fixture data set in one UPDATE (the service is tested item by item)."""
    application.items.update(self_assessment=result, explanation="See evidence.")


@pytest.fixture
def submitted(draft, enterprise_user_b):
    assess_all(draft, enterprise_user_b)
    return applications.application_submit(actor=enterprise_user_b, application=draft)


@pytest.fixture
def under_audit(submitted, officer, second_officer, today):
    application = review.application_accept(actor=officer, application=submitted)
    review.team_form(
        actor=officer, application=application, officers=[officer, second_officer], leader=officer
    )
    review.audit_plan(
        actor=officer,
        application=application,
        visit_on=today,  # findings are recorded from the audit's day on (review.audit_pending)
        place="Enterprise premises",
        agenda="Walk through the trade security items.",
    )
    application.refresh_from_db()
    return application


def find_all(application, officer, result=Result.MEETS, **overrides):
    """A finding on every item, `overrides` mapping item codes to other results.

    Fixture data set in bulk; `review.finding_record` is tested on its own.
    """
    rows = application.items.select_related("item")
    rows.update(finding=result, finding_notes="Checked on site.", found_by=officer, found_at=timezone.now())
    for code, finding in overrides.items():
        rows.filter(item__code=code).update(finding=finding)


@pytest.fixture(autouse=True)
def english():
    """Services' messages are asserted in English; the default language is Chinese."""
    with translation.override("en"):
        yield


def fail_one_item(application, officer, today, notes="Seals not logged.", request="Log every seal."):
    """Every item found, one rectifiable item short of the standard and put to rectification for
    30 days; that item."""
    find_all(application, officer)
    row = application.items.filter(item__rectifiable=True).select_related("item").first()
    row.finding, row.finding_notes = Result.FAILS, notes
    row.save()
    review.rectification_request(
        actor=officer,
        application=application,
        requests={row.pk: request},
        due=today + datetime.timedelta(days=30),
    )
    return row


# One year of audited figures (yuan) meeting every financial indicator of the 2026 advanced standard:
# debt ratio 50%, cash ratio 0.25, operating cash flow 16% of the liabilities, current ratio 1.5,
# net profit, operating margin 5%, gross margin 25%, return on total assets 10.5%.
HEALTHY_YEAR = {
    "year": 2025,
    "total_assets": "10000",
    "total_liabilities": "5000",
    "current_assets": "3000",
    "current_liabilities": "2000",
    "monetary_funds": "500",
    "trading_financial_assets": "0",
    "operating_cash_flow": "800",
    "revenue": "20000",
    "cost_of_revenue": "15000",
    "operating_profit": "1000",
    "total_profit": "1000",
    "interest_expense": "50",
    "net_profit": "800",
}


def enter_figures(application, user, **changes):
    """HEALTHY_YEAR (with `changes`) entered through the service."""
    from decimal import Decimal

    from certification.financial_status import financial_year_save

    data = HEALTHY_YEAR | changes
    figures = {code: Decimal(value) for code, value in data.items() if code != "year" and value is not None}
    return financial_year_save(actor=user, application=application, year=data["year"], figures=figures)
