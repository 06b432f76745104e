"""The enterprise's side: scope and items, self-assessment with evidence, submission and its refusals."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from certification import applications, review
from certification.models import Application, Evidence, Result, Transition
from core.display import format_date
from core.errors import InvalidState, NotPermitted
from enterprises.ledger import ledger_record
from enterprises.models import LedgerEntry
from tests.certification.conftest import assess_all, pdf
from tests.factories.enterprises import EnterpriseFactory, EnterpriseMembershipFactory


def codes(application):
    return set(application.items.values_list("item__code", flat=True))


def test_items_are_the_general_standard_and_the_chosen_business_types(draft):
    """Announcement 2026 No.34: 68 general items and 6 bonus items of the advanced standard, plus the
    5 items of the health-quarantine individual standard; the other business types' items stay out."""
    found = codes(draft)
    general = {code for code in found if code.startswith("A-G-")}
    assert len(general) == 68
    assert {code for code in found if code.startswith("A-B-")} == {f"A-B-0{n}" for n in range(1, 7)}
    assert {code for code in found if code.startswith("A-I-")} == {f"A-I-HQ-0{n}" for n in range(1, 6)}
    assert draft.status == Application.Status.DRAFT
    assert draft.rulebook.code == "order-282"


def test_the_certified_grade_is_assessed_against_its_own_lighter_standard(
    catalogue, enterprise_b, enterprise_user_b, business_types
):
    """《海关认证企业标准》 is a standard of its own (56 general items and 6 bonus items), not the
    advanced one with items left out."""
    application = applications.application_create(
        actor=enterprise_user_b,
        enterprise=enterprise_b,
        target_grade="certified",
        business_types=[business_types["customs_broker"]],
    )
    found = codes(application)
    assert len(found) == 62
    assert all(code.startswith("C-") for code in found)
    solvency = application.items.get(item__code="C-G-12").item
    assert solvency.parameters["indicators"]["current_ratio"] == 0.8


def test_changing_the_scope_keeps_assessments_of_items_that_still_apply(
    draft, enterprise_user_b, business_types, enterprise_b
):
    enterprise_b.business_types.add(business_types["animal_plant_quarantine"])
    row = draft.items.get(item__code="A-G-01")
    applications.self_assess(actor=enterprise_user_b, application_item=row, result=Result.MEETS)
    applications.application_change_scope(
        actor=enterprise_user_b,
        application=draft,
        target_grade="advanced_certified",
        business_types=[business_types["animal_plant_quarantine"]],
    )
    assert "A-I-PQ-01" in codes(draft)
    assert "A-I-HQ-01" not in codes(draft)
    assert draft.items.get(item__code="A-G-01").self_assessment == Result.MEETS


@pytest.mark.parametrize(
    ("grade", "types", "field"),
    [
        ("regular", ["customs_broker"], "target_grade"),
        ("advanced_certified", [], "business_types"),
        ("advanced_certified", ["express_operator"], "business_types"),
    ],
)
def test_bad_scope_is_refused(
    catalogue, enterprise_b, enterprise_user_b, business_types, grade, types, field
):
    with pytest.raises(ValidationError) as error:
        applications.application_create(
            actor=enterprise_user_b,
            enterprise=enterprise_b,
            target_grade=grade,
            business_types=[business_types[code] for code in types],
        )
    assert field in error.value.message_dict
    assert not Application.objects.exists()


def test_only_the_enterprises_own_users_apply(
    catalogue, enterprise_b, enterprise_user, officer, business_types
):
    for outsider in (enterprise_user, officer):
        with pytest.raises(NotPermitted):
            applications.application_create(
                actor=outsider,
                enterprise=enterprise_b,
                target_grade="advanced_certified",
                business_types=[business_types["customs_broker"]],
            )


def test_one_application_in_progress_per_enterprise(draft, enterprise_b, enterprise_user_b, business_types):
    with pytest.raises(InvalidState):
        applications.application_create(
            actor=enterprise_user_b,
            enterprise=enterprise_b,
            target_grade="advanced_certified",
            business_types=[business_types["customs_broker"]],
        )


def test_a_not_fully_met_item_needs_an_explanation(draft, enterprise_user_b):
    row = draft.items.first()
    with pytest.raises(ValidationError) as error:
        applications.self_assess(actor=enterprise_user_b, application_item=row, result=Result.FAILS)
    assert "explanation" in error.value.message_dict
    row.refresh_from_db()
    assert row.self_assessment == ""


def test_evidence_is_stored_and_checked_by_content(draft, enterprise_user_b):
    row = draft.items.first()
    applications.self_assess(
        actor=enterprise_user_b, application_item=row, result=Result.MEETS, files=[pdf("policy.pdf")]
    )
    evidence = Evidence.objects.get()
    assert evidence.original_name == "policy.pdf"
    assert evidence.stage == Evidence.Stage.SELF_ASSESSMENT
    assert "evidence/" in evidence.file.name
    with translation.override("en"), pytest.raises(ValidationError, match="not really a PDF"):
        applications.self_assess(
            actor=enterprise_user_b,
            application_item=row,
            result=Result.MEETS,
            files=[SimpleUploadedFile("fake.pdf", b"MZ\x90\x00")],
        )
    with translation.override("en"), pytest.raises(ValidationError, match="not really a DOCX"):
        applications.self_assess(
            actor=enterprise_user_b,
            application_item=row,
            result=Result.MEETS,
            files=[SimpleUploadedFile("report.docx", b"PK\x03\x04not a zip at all")],
        )
    assert Evidence.objects.count() == 1


def test_the_upload_scanner_sees_every_file(draft, enterprise_user_b, settings):
    settings.UPLOAD_SCANNER = "tests.certification.scanner.refuse_eicar"
    row = draft.items.first()
    infected = SimpleUploadedFile("infected.pdf", b"%PDF EICAR-STANDARD-ANTIVIRUS-TEST-FILE")
    with pytest.raises(ValidationError, match="infected"):
        applications.self_assess(
            actor=enterprise_user_b, application_item=row, result=Result.MEETS, files=[infected]
        )
    assert not Evidence.objects.exists()


def test_submission_refuses_unassessed_items_and_changes_nothing(draft, enterprise_user_b):
    row = draft.items.first()
    applications.self_assess(actor=enterprise_user_b, application_item=row, result=Result.MEETS)
    with translation.override("en"), pytest.raises(ValidationError, match=r"items are not self-assessed"):
        applications.application_submit(actor=enterprise_user_b, application=draft)
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT
    assert draft.receipt_number is None


def test_submission_issues_a_receipt_and_starts_the_clock(submitted, today):
    assert submitted.status == Application.Status.SUBMITTED
    assert submitted.receipt_number.startswith(f"RZ{today:%Y}9700")
    assert submitted.clock_started_on == today
    assert list(submitted.transitions.values_list("action", flat=True)) == ["create", "submit"]


def test_receipt_pdf_names_the_application(submitted):
    from io import BytesIO

    from pypdf import PdfReader

    with translation.override("en"):
        content = applications.receipt_pdf(submitted)
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    assert submitted.receipt_number in text
    assert "Qinghai B Co., Ltd." in text or "青海乙公司" in text


def test_submission_is_refused_inside_the_one_year_bar(draft, enterprise_user_b, enterprise_b, today):
    """An enterprise repaired from dishonest four months ago waits until a year has passed."""
    enterprise_b.ledger_entries.update()  # registration entry stays
    for grade in ("dishonest", "regular"):
        ledger_record(
            actor=None,
            enterprise=enterprise_b,
            grade=grade,
            cause=LedgerEntry.Cause.MIGRATION,
            reason="test",
            effective_from=today - relativedelta(months=4),
        )
    assess_all(draft, enterprise_user_b)
    until = today - relativedelta(months=4) + relativedelta(months=12)
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match=f"may apply again from {format_date(until)}"),
    ):
        applications.application_submit(actor=enterprise_user_b, application=draft)


def test_a_withdrawn_application_bars_the_next_for_a_year(
    submitted, enterprise_user_b, enterprise_b, business_types
):
    applications.application_withdraw(actor=enterprise_user_b, application=submitted, reason="Not ready.")
    again = applications.application_create(
        actor=enterprise_user_b,
        enterprise=enterprise_b,
        target_grade="advanced_certified",
        business_types=[business_types["customs_broker"]],
    )
    assess_all(again, enterprise_user_b)
    with translation.override("en"), pytest.raises(ValidationError, match="withdrawn on"):
        applications.application_submit(actor=enterprise_user_b, application=again)


def test_a_dishonest_enterprise_cannot_apply(catalogue, offices, business_types):
    enterprise = EnterpriseFactory(
        customs_office=offices["9700"],
        credit_grade="dishonest",
        business_types=[business_types["customs_broker"]],
    )
    user = EnterpriseMembershipFactory(enterprise=enterprise).user
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="dishonest enterprise cannot apply"),
    ):
        applications.application_create(
            actor=user,
            enterprise=enterprise,
            target_grade="certified",
            business_types=[business_types["customs_broker"]],
        )


def test_withdrawal_needs_a_reason_and_the_enterprise(submitted, enterprise_user_b, officer):
    with pytest.raises(ValidationError):
        applications.application_withdraw(actor=enterprise_user_b, application=submitted, reason=" ")
    with pytest.raises(NotPermitted):
        applications.application_withdraw(actor=officer, application=submitted, reason="No.")
    applications.application_withdraw(actor=enterprise_user_b, application=submitted, reason="Not ready.")
    submitted.refresh_from_db()
    assert submitted.status == Application.Status.WITHDRAWN
    assert submitted.decided_at is not None
    step = Transition.objects.filter(application=submitted).last()
    assert (step.action, step.actor, step.reason) == ("withdraw", enterprise_user_b, "Not ready.")


def test_a_returned_application_can_be_completed_and_submitted_again(
    submitted, officer, enterprise_user_b, today
):
    review.application_return(actor=officer, application=submitted, reason="Audit report missing.")
    submitted.refresh_from_db()
    assert submitted.status == Application.Status.RETURNED
    assert submitted.clock_started_on is None
    row = submitted.items.first()
    applications.self_assess(
        actor=enterprise_user_b, application_item=row, result=Result.MEETS, files=[pdf()]
    )
    later = today + datetime.timedelta(days=3)
    resubmitted = applications.application_submit(actor=enterprise_user_b, application=submitted)
    assert resubmitted.status == Application.Status.SUBMITTED
    assert resubmitted.clock_started_on <= later
