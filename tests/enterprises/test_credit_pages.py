import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories.enterprises import (
    ArrearFactory,
    DishonestProposalFactory,
    PenaltyFactory,
    determined_proposal,
)

pytestmark = pytest.mark.django_db


def test_officer_sees_ledger_records_measures_and_proposals(client, officer, enterprise_b):
    determined_proposal(enterprise_b, code="art22-4", on=datetime.date(2026, 6, 1))
    PenaltyFactory(enterprise=enterprise_b, case_number="CASE-PAGE-1")
    ArrearFactory(enterprise=enterprise_b, reference="ARR-PAGE-1")
    client.force_login(officer)
    page = client.get(f"/enterprises/{enterprise_b.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for text in (
        "Credit ledger",
        "TEST-",
        "CASE-PAGE-1",
        "ARR-PAGE-1",
        "Mark paid today",
        "Inspection rate 80 % or more",
        "article not verified Tax unpaid more than 3 months after it fell due",  # Order 282: no number yet
        "Add penalty",
    ):
        assert text in page


def test_enterprise_user_sees_own_page_without_internal_proposals_or_edit_links(
    client, enterprise_user, enterprise_a
):
    DishonestProposalFactory(enterprise=enterprise_a)  # still "proposed": internal to customs
    client.force_login(enterprise_user)
    page = client.get(f"/enterprises/{enterprise_a.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Credit ledger" in page
    assert "A smuggling act punished administratively" not in page
    assert "Add penalty" not in page


def test_enterprise_detail_query_count_does_not_grow_with_records(client, officer, enterprise_b):
    client.force_login(officer)
    url = f"/enterprises/{enterprise_b.pk}/"

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    PenaltyFactory(enterprise=enterprise_b)
    ArrearFactory(enterprise=enterprise_b)
    before = queries()
    for _ in range(5):
        PenaltyFactory(enterprise=enterprise_b)
        ArrearFactory(enterprise=enterprise_b)
    assert queries() == before


def test_record_forms_are_for_officers_and_save_through_the_service(
    client, officer, enterprise_user, enterprise_a
):
    client.force_login(enterprise_user)
    assert client.get(f"/enterprises/{enterprise_a.pk}/penalties/new/").status_code == 403
    client.force_login(officer)
    response = client.post(
        f"/enterprises/{enterprise_a.pk}/arrears/new/",
        {"reference": "WEB-1", "kind": "tax", "amount": "1200.50", "due_on": "2026-08-01"},
    )
    assert response.status_code == 302
    assert enterprise_a.arrears.get().reference == "WEB-1"
    invalid = client.post(
        f"/enterprises/{enterprise_a.pk}/arrears/new/", {"reference": "WEB-2", "kind": "tax"}
    )
    assert invalid.status_code == 200
    assert enterprise_a.arrears.count() == 1


def test_a_voluntary_disclosure_is_recorded_on_the_form_and_marked_on_the_pages(
    client, officer, enterprise_user, enterprise_a
):
    client.force_login(officer)
    form = {
        "case_number": "西关违字〔2026〕208号",
        "kind": "supervision_violation",
        "subject": "general",
        "decided_on": "2026-03-02",
        "amount": "60000",
        "is_intentional": "on",
        "disclosed_on": "2026-03-05",  # after the decision: refused
    }
    refused = client.post(f"/enterprises/{enterprise_a.pk}/penalties/new/", form, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 200
    assert "so before the penalty decision" in refused.content.decode()
    assert not enterprise_a.penalties.exists()
    form["disclosed_on"] = "2026-02-20"
    assert client.post(f"/enterprises/{enterprise_a.pk}/penalties/new/", form).status_code == 302
    assert enterprise_a.penalties.get().disclosure_basis.startswith("海关总署公告2025年第194号")
    for user in (officer, enterprise_user):
        client.force_login(user)
        for language, mark in (("en", "Voluntarily disclosed (主动披露)"), ("zh-hans", "主动披露")):
            page = client.get(f"/enterprises/{enterprise_a.pk}/", HTTP_ACCEPT_LANGUAGE=language)
            assert mark in page.content.decode()
    assert "海关总署公告2025年第194号" in page.content.decode()


def test_record_forms_outside_visibility_are_404(client, officer_sh, enterprise_a):
    client.force_login(officer_sh)
    assert client.get(f"/enterprises/{enterprise_a.pk}/penalties/new/").status_code == 404


def test_enterprise_portal_shows_grade_measures_and_pending_notice(client, enterprise_user, enterprise_a):
    from enterprises.models import DishonestProposal

    DishonestProposalFactory(
        enterprise=enterprise_a,
        status=DishonestProposal.Status.NOTIFIED,
        notified_at=timezone.now(),
        statement_due=timezone.localdate() + datetime.timedelta(days=10),
    )
    client.force_login(enterprise_user)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Priority clearance" in page
    assert "Submit a statement on the notice of intended dishonest determination" in page


def test_public_lookup_page_works_without_login(client, enterprise_a):
    page = client.get("/public/", {"q": enterprise_a.uscc}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert enterprise_a.name in text
    assert enterprise_a.legal_representative not in text
    assert "1 enterprise found" in text


def test_public_lookup_page_explains_a_too_short_query(client):
    page = client.get("/public/", {"q": "x"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "at least 2 characters" in page
