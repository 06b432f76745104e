import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from credit_mgmt.errors import NotPermitted
from enterprises.records import arrear_mark_paid, arrear_record, document_count_set, penalty_record
from tests.factories.enterprises import PenaltyFactory

pytestmark = pytest.mark.django_db


def test_an_officer_records_a_penalty_with_an_activity_entry(officer, enterprise_b):
    penalty = penalty_record(
        actor=officer,
        enterprise=enterprise_b,
        case_number="西关缉违字〔2026〕8号",
        kind="supervision_violation",
        decided_on=datetime.date(2026, 9, 1),
        amount=Decimal("20000"),
        is_intentional=False,
    )
    assert penalty.enterprise == enterprise_b
    from accounts.models import ActivityEntry

    assert ActivityEntry.objects.filter(verb="penalty.recorded", target_id=str(enterprise_b.pk)).exists()


def test_a_duplicate_case_number_is_a_field_error_and_changes_nothing(officer, enterprise_b):
    PenaltyFactory(enterprise=enterprise_b, case_number="DUP-1")
    with pytest.raises(ValidationError) as error:
        penalty_record(
            actor=officer,
            enterprise=enterprise_b,
            case_number="DUP-1",
            kind="obstruction",
            decided_on=datetime.date(2026, 9, 1),
        )
    assert "case_number" in error.value.message_dict
    assert enterprise_b.penalties.count() == 1


@pytest.mark.parametrize("actor_fixture", ["enterprise_user", "coordinator"])
def test_only_customs_officers_record_credit_information(request, actor_fixture, enterprise_a):
    with pytest.raises(NotPermitted):
        arrear_record(
            actor=request.getfixturevalue(actor_fixture),
            enterprise=enterprise_a,
            reference="R1",
            kind="tax",
            amount=Decimal("1"),
            due_on=datetime.date(2026, 1, 1),
        )


def test_an_officer_of_another_district_cannot_record(officer_sh, enterprise_b):
    with pytest.raises(ValidationError):
        arrear_record(
            actor=officer_sh,
            enterprise=enterprise_b,
            reference="R1",
            kind="tax",
            amount=Decimal("1"),
            due_on=datetime.date(2026, 1, 1),
        )
    assert not enterprise_b.arrears.exists()


def test_marking_an_arrear_paid_is_idempotent_and_refuses_future_dates(officer, enterprise_b):
    arrear = arrear_record(
        actor=officer,
        enterprise=enterprise_b,
        reference="R2",
        kind="fine",
        amount=Decimal("15000"),
        due_on=datetime.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError):
        arrear_mark_paid(
            actor=officer, arrear=arrear, paid_on=datetime.date.today() + datetime.timedelta(days=3)
        )
    paid = arrear_mark_paid(actor=officer, arrear=arrear, paid_on=datetime.date(2026, 3, 1))
    assert (
        arrear_mark_paid(actor=officer, arrear=paid, paid_on=datetime.date(2026, 3, 1)).paid_on
        == paid.paid_on
    )


def test_document_counts_are_set_per_year_and_corrected_in_place(officer, enterprise_b):
    document_count_set(
        actor=officer, enterprise=enterprise_b, year=2025, declarations=900, filing_lists=50, manifests=50
    )
    corrected = document_count_set(
        actor=officer, enterprise=enterprise_b, year=2025, declarations=1900, filing_lists=50, manifests=50
    )
    assert enterprise_b.document_counts.get().total == corrected.total == 2000


def test_records_api_lists_for_readers_and_records_for_officers(
    api_client_for, officer, enterprise_user, enterprise_a
):
    body = {"case_number": "API-1", "kind": "bribery", "decided_on": "2026-10-01", "amount": "0"}
    assert (
        api_client_for(enterprise_user)
        .post(f"/api/v1/enterprises/{enterprise_a.pk}/penalties/", body)
        .status_code
        == 403
    )
    assert (
        api_client_for(officer).post(f"/api/v1/enterprises/{enterprise_a.pk}/penalties/", body).status_code
        == 201
    )
    listed = api_client_for(enterprise_user).get(f"/api/v1/enterprises/{enterprise_a.pk}/penalties/").json()
    assert [p["case_number"] for p in listed["results"]] == ["API-1"]
    bad = api_client_for(officer).post(
        f"/api/v1/enterprises/{enterprise_a.pk}/arrears/", {"reference": "A", "kind": "tax", "amount": "-5"}
    )
    assert bad.status_code == 400
    assert {"amount", "due_on"} <= set(bad.json())


def test_records_api_outside_visibility_is_404(api_client_for, officer_sh, enterprise_a):
    response = api_client_for(officer_sh).post(
        f"/api/v1/enterprises/{enterprise_a.pk}/document-counts/", {"year": 2025, "declarations": 1}
    )
    assert response.status_code == 404
