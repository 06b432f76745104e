"""Case filings as credit events: the services' rules, the officers' section of the enterprise page,
and the API read. What a filing does to the certificate: tests/certification/test_suspension.py."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import ActivityEntry
from core.errors import InvalidState, NotPermitted
from enterprises.case_filings import case_filing_close, case_filing_record, case_filing_suspend_measures
from enterprises.models import CaseFiling
from tests.factories.enterprises import CaseFilingFactory, PenaltyFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date


def record(actor, enterprise, **overrides):
    values = {
        "kind": "administrative",
        "case_number": "西关缉违立字〔2026〕40号",
        "filing_authority": "西宁海关缉私局",
        "filed_on": DAY(2026, 9, 1),
        "description": "涉嫌违反海关监管规定",
        **overrides,
    }
    return case_filing_record(actor=actor, enterprise=enterprise, **values)


def test_an_officer_records_a_filing_once_with_an_activity_entry(officer, enterprise_b):
    filing = record(officer, enterprise_b)
    assert record(officer, enterprise_b) == filing  # sent twice
    assert enterprise_b.case_filings.count() == 1
    assert (filing.is_open, filing.suspends_measures, filing.recorded_by) == (True, False, officer)
    assert (
        ActivityEntry.objects.filter(verb="case_filing.recorded", target_id=str(enterprise_b.pk)).count() == 1
    )


def test_a_criminal_filing_always_suspends_the_measures(officer, enterprise_b):
    assert record(officer, enterprise_b, kind="criminal").suspends_measures is True


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "civil"}, "kind"),
        ({"case_number": ""}, "case_number"),
        ({"filing_authority": " "}, "filing_authority"),
        ({"filed_on": DAY(2999, 1, 1)}, "filed_on"),
    ],
)
def test_bad_input_is_a_field_error_and_records_nothing(officer, enterprise_b, overrides, field):
    with pytest.raises(ValidationError) as error:
        record(officer, enterprise_b, **overrides)
    assert field in error.value.message_dict
    assert not CaseFiling.objects.exists()


def test_a_number_of_another_filing_is_refused(officer, enterprise_a, enterprise_b):
    CaseFilingFactory(enterprise=enterprise_a, case_number="西关缉违立字〔2026〕40号")
    with pytest.raises(ValidationError) as error:
        record(officer, enterprise_b)
    assert "case_number" in error.value.message_dict


@pytest.mark.parametrize("actor_fixture", ["enterprise_user", "coordinator"])
def test_only_customs_officers_record_filings(request, actor_fixture, enterprise_a):
    with pytest.raises(NotPermitted):
        record(request.getfixturevalue(actor_fixture), enterprise_a)


def test_an_officer_of_another_customs_cannot_record(officer_sh, enterprise_b):
    with pytest.raises(ValidationError):
        record(officer_sh, enterprise_b)


def test_closing_checks_the_outcome_dates_and_penalty(officer, enterprise_a, enterprise_b):
    filing = CaseFilingFactory(enterprise=enterprise_b, filed_on=DAY(2026, 9, 1))
    with pytest.raises(ValidationError) as error:
        case_filing_close(actor=officer, filing=filing, closed_on=DAY(2026, 9, 2), outcome="dropped")
    assert "outcome" in error.value.message_dict
    with pytest.raises(ValidationError) as error:  # the day before it was filed
        case_filing_close(actor=officer, filing=filing, closed_on=DAY(2026, 8, 31), outcome="no_liability")
    assert "closed_on" in error.value.message_dict
    own, foreign = PenaltyFactory(enterprise=enterprise_b), PenaltyFactory(enterprise=enterprise_a)
    for outcome, penalty in (("no_liability", own), ("liability", foreign)):
        with pytest.raises(ValidationError) as error:
            case_filing_close(
                actor=officer, filing=filing, closed_on=DAY(2026, 9, 2), outcome=outcome, penalty=penalty
            )
        assert "penalty" in error.value.message_dict
    filing.refresh_from_db()
    assert filing.is_open
    closed = case_filing_close(
        actor=officer, filing=filing, closed_on=DAY(2026, 9, 1), outcome="liability", penalty=own
    )
    assert (closed.closed_on, closed.outcome, closed.penalty) == (DAY(2026, 9, 1), "liability", own)
    # The same close sent twice is the same result; a suspension asked for afterwards is refused.
    assert (
        case_filing_close(actor=officer, filing=filing, closed_on=DAY(2026, 9, 1), outcome="liability")
        == closed
    )
    with pytest.raises(InvalidState):
        case_filing_suspend_measures(actor=officer, filing=filing, reason="Too late.")


def test_a_suspension_needs_a_reason_and_an_officer(officer, enterprise_user, enterprise_a):
    filing = CaseFilingFactory(enterprise=enterprise_a)
    with pytest.raises(ValidationError):
        case_filing_suspend_measures(actor=officer, filing=filing, reason=" ")
    with pytest.raises(NotPermitted):
        case_filing_suspend_measures(actor=enterprise_user, filing=filing, reason="Asked by the enterprise.")
    filing.refresh_from_db()
    assert filing.suspends_measures is False


# --- the officers' section of the enterprise page -------------------------------------------------


def test_officers_see_the_filings_and_the_enterprise_does_not(client, officer, enterprise_user, enterprise_a):
    CaseFilingFactory(enterprise=enterprise_a, case_number="西关缉违立字〔2026〕41号")
    client.force_login(officer)
    page = client.get(enterprise_a.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="case-filings"' in page
    assert "西关缉违立字〔2026〕41号" in page
    assert reverse("case-filing-create", args=[enterprise_a.pk]) in page
    client.force_login(enterprise_user)
    page = client.get(enterprise_a.get_absolute_url()).content.decode()
    assert 'id="case-filings"' not in page
    assert "西关缉违立字〔2026〕41号" not in page


def test_an_officer_records_closes_and_suspends_on_the_pages(client, officer, enterprise_a, english):
    client.force_login(officer)
    url = reverse("case-filing-create", args=[enterprise_a.pk])
    response = client.post(
        url,
        {
            "kind": "administrative",
            "case_number": "西关缉违立字〔2026〕42号",
            "filing_authority": "西宁海关缉私局",
            "filed_on": "2026-09-01",
        },
    )
    assert response.status_code == 302
    filing = enterprise_a.case_filings.get()
    response = client.post(reverse("case-filing-suspend", args=[filing.pk]), {"reason": "High-value goods."})
    assert response.status_code == 302
    filing.refresh_from_db()
    assert filing.suspends_measures
    response = client.post(
        reverse("case-filing-close", args=[filing.pk]),
        {"closed_on": "2026-08-01", "outcome": "no_liability"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "A case closes on or after the day it was filed" in response.content.decode()
    response = client.post(
        reverse("case-filing-close", args=[filing.pk]), {"closed_on": "2026-10-01", "outcome": "no_liability"}
    )
    assert response.status_code == 302
    filing.refresh_from_db()
    assert (filing.closed_on, filing.outcome) == (DAY(2026, 10, 1), "no_liability")


def test_the_pages_are_for_officers_only(client, coordinator, enterprise_a):
    filing = CaseFilingFactory(enterprise=enterprise_a)
    client.force_login(coordinator)
    assert client.get(reverse("case-filing-create", args=[enterprise_a.pk])).status_code == 403
    assert client.get(reverse("case-filing-close", args=[filing.pk])).status_code == 403


def test_a_filing_outside_the_jurisdiction_is_not_found(client, officer_sh, enterprise_a):
    filing = CaseFilingFactory(enterprise=enterprise_a)
    client.force_login(officer_sh)
    assert client.get(reverse("case-filing-close", args=[filing.pk])).status_code == 404
    assert client.get(reverse("case-filing-suspend", args=[filing.pk])).status_code == 404


# --- the API read ----------------------------------------------------------------------------------


def test_the_api_lists_filings_for_customs_staff(
    api_client_for, officer, coordinator, enterprise_user, enterprise_a
):
    penalty = PenaltyFactory(enterprise=enterprise_a, case_number="西关缉决字〔2026〕5号")
    CaseFilingFactory(
        enterprise=enterprise_a,
        kind="criminal",
        case_number="西关缉刑立字〔2026〕20号",
        filed_on=DAY(2026, 8, 3),
        closed_on=DAY(2026, 10, 9),
        outcome="liability",
        penalty=penalty,
    )
    url = f"/api/v1/enterprises/{enterprise_a.pk}/case-filings/"
    for reader in (officer, coordinator):
        results = api_client_for(reader).get(url).json()["results"]
        assert results == [
            {
                "id": results[0]["id"],
                "kind": "criminal",
                "case_number": "西关缉刑立字〔2026〕20号",
                "filing_authority": "西宁海关缉私局",
                "filed_on": "2026-08-03",
                "description": "",
                "suspends_measures": True,
                "closed_on": "2026-10-09",
                "outcome": "liability",
                "outcome_note": "",
                "penalty": "西关缉决字〔2026〕5号",
            }
        ]
    assert api_client_for(enterprise_user).get(url).status_code == 403
    assert api_client_for(officer).post(url, {}).status_code == 405


def test_the_api_list_costs_the_same_for_more_filings(api_client_for, officer, enterprise_a):
    client = api_client_for(officer)
    url = f"/api/v1/enterprises/{enterprise_a.pk}/case-filings/"

    def cost(expected_rows):
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get(url).json()["results"]) == expected_rows
        return len(queries)

    for n in range(3):
        CaseFilingFactory(
            enterprise=enterprise_a,
            filed_on=DAY(2026, 11, n + 1),
            closed_on=DAY(2026, 12, 1),
            outcome="liability",
            penalty=PenaltyFactory(enterprise=enterprise_a),
        )
    few = cost(3)
    for n in range(10):
        CaseFilingFactory(enterprise=enterprise_a, filed_on=DAY(2026, 10, n + 1))
    assert cost(13) == few <= 4
