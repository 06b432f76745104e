import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.errors import NotPermitted
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


# --- Offences of the serious list and voluntary disclosure (主动披露) -------------------------------------

ANNOUNCEMENT_161 = "海关总署公告2019年第161号（关于处理主动披露涉税违规行为有关事项的公告）"
ANNOUNCEMENT_54 = "海关总署公告2022年第54号（关于处理主动披露涉税违规行为有关事项的公告）"
ANNOUNCEMENT_127 = "海关总署公告2023年第127号（关于处理主动披露违规行为有关事项的公告）"
ANNOUNCEMENT_194 = "海关总署公告2025年第194号（关于处理主动披露违规行为有关事项的公告）"


def _disclosed(officer, enterprise, disclosed_on, **fields):
    return penalty_record(
        actor=officer,
        enterprise=enterprise,
        case_number="西关违字〔2025〕77号",
        kind=fields.pop("kind", "supervision_violation"),
        decided_on=fields.pop("decided_on", disclosed_on + datetime.timedelta(days=10)),
        amount=Decimal("80000"),
        disclosed_on=disclosed_on,
        **fields,
    )


@pytest.mark.parametrize(
    ("disclosed_on", "basis"),
    [
        (datetime.date(2022, 6, 30), ANNOUNCEMENT_161),
        (datetime.date(2022, 7, 1), ANNOUNCEMENT_54),
        (datetime.date(2025, 10, 10), ANNOUNCEMENT_127),
        (datetime.date(2025, 10, 11), ANNOUNCEMENT_194),
    ],
)
def test_a_disclosure_gets_the_announcement_in_force_on_its_day(officer, enterprise_b, disclosed_on, basis):
    penalty = _disclosed(officer, enterprise_b, disclosed_on)
    penalty.refresh_from_db()
    assert penalty.voluntarily_disclosed
    assert (penalty.disclosed_on, penalty.disclosure_basis) == (disclosed_on, basis)


def test_a_named_basis_is_kept(officer, enterprise_b):
    penalty = _disclosed(
        officer, enterprise_b, datetime.date(2025, 10, 11), disclosure_basis="署稽发〔2025〕1号"
    )
    assert penalty.disclosure_basis == "署稽发〔2025〕1号"


def test_a_disclosure_no_announcement_covers_needs_its_basis(officer, enterprise_b):
    with pytest.raises(ValidationError) as error:
        _disclosed(officer, enterprise_b, datetime.date(2019, 10, 16))  # 2019 No. 161 began on 10-17
    assert "disclosure_basis" in error.value.message_dict
    assert not enterprise_b.penalties.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "administrative_smuggling"}, "disclosed_on"),  # smuggling is not disclosed away
        ({"decided_on": datetime.date(2025, 10, 31)}, "disclosed_on"),  # disclosed after the decision
    ],
)
def test_only_a_supervision_violation_disclosed_before_the_decision_is_a_disclosure(
    officer, enterprise_b, fields, field
):
    with pytest.raises(ValidationError) as error:
        _disclosed(officer, enterprise_b, datetime.date(2025, 11, 1), **fields)
    assert list(error.value.message_dict) == [field]
    assert not enterprise_b.penalties.exists()


def test_a_basis_without_a_disclosure_day_is_refused(officer, enterprise_b):
    with pytest.raises(ValidationError) as error:
        penalty_record(
            actor=officer,
            enterprise=enterprise_b,
            case_number="P-B",
            kind="supervision_violation",
            decided_on=datetime.date(2025, 11, 1),
            disclosure_basis=ANNOUNCEMENT_194,
        )
    assert list(error.value.message_dict) == ["disclosure_basis"]


@pytest.mark.parametrize(
    ("kind", "subject", "valid"),
    [
        ("criminal_food_safety", "food", True),
        ("criminal_food_safety", "general", False),
        ("criminal_cosmetics", "cosmetics", True),
        ("criminal_cosmetics", "food", False),
    ],
)
def test_a_food_safety_or_cosmetics_offence_concerns_those_goods(officer, enterprise_b, kind, subject, valid):
    def record():
        return penalty_record(
            actor=officer,
            enterprise=enterprise_b,
            case_number="西缉刑〔2026〕3号",
            kind=kind,
            subject=subject,
            decided_on=datetime.date(2026, 9, 1),
        )

    if valid:
        assert record().get_kind_display()
    else:
        with pytest.raises(ValidationError) as error:
            record()
        assert list(error.value.message_dict) == ["subject"]


def test_the_api_records_a_disclosure_and_reads_it_back(
    api_client_for, officer, enterprise_user, enterprise_a
):
    url = f"/api/v1/enterprises/{enterprise_a.pk}/penalties/"
    body = {
        "case_number": "API-D1",
        "kind": "supervision_violation",
        "decided_on": "2026-03-02",
        "amount": "80000",
        "disclosed_on": "2026-02-20",
    }
    created = api_client_for(officer).post(url, body)
    assert created.status_code == 201
    assert (created.json()["voluntarily_disclosed"], created.json()["disclosure_basis"]) == (
        True,
        ANNOUNCEMENT_194,
    )
    (listed,) = api_client_for(enterprise_user).get(url).json()["results"]
    assert (listed["disclosed_on"], listed["voluntarily_disclosed"]) == ("2026-02-20", True)

    refused = api_client_for(officer).post(url, {**body, "case_number": "API-D2", "kind": "bribery"})
    assert refused.status_code == 400
    assert list(refused.json()) == ["disclosed_on"]
    assert enterprise_a.penalties.count() == 1
