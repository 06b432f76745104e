import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from certification import applications, review
from certification.models import Result

TODAY = timezone.localdate()


def pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence", content_type="application/pdf")


@pytest.fixture
def draft(catalogue, enterprise_b, enterprise_user_b, business_types):
    """Enterprise B (regular, customs broker, Xining) applying for advanced certification."""
    return applications.application_create(
        actor=enterprise_user_b,
        enterprise=enterprise_b,
        target_grade="advanced_certified",
        business_types=[business_types["customs_broker"]],
    )


def assess_all(application, user, result=Result.MEETS):
    for row in application.items.all():
        applications.self_assess(actor=user, application_item=row, result=result, explanation="See evidence.")


@pytest.fixture
def submitted(draft, enterprise_user_b):
    assess_all(draft, enterprise_user_b)
    return applications.application_submit(actor=enterprise_user_b, application=draft)


@pytest.fixture
def under_audit(submitted, officer, second_officer):
    application = review.application_accept(actor=officer, application=submitted)
    review.team_form(
        actor=officer, application=application, officers=[officer, second_officer], leader=officer
    )
    review.audit_plan(
        actor=officer,
        application=application,
        visit_on=TODAY + datetime.timedelta(days=7),
        place="Enterprise premises",
        agenda="Walk through the trade security items.",
    )
    application.refresh_from_db()
    return application


def find_all(application, officer, result=Result.MEETS, **overrides):
    """Record a finding on every item; `overrides` maps item codes to other results."""
    for row in application.items.select_related("item"):
        finding = overrides.get(row.item.code, result)
        review.finding_record(actor=officer, application_item=row, finding=finding, notes="Checked on site.")


@pytest.fixture(autouse=True)
def english():
    """Services' messages are asserted in English; the default language is Chinese."""
    with translation.override("en"):
        yield
