import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises.ledger import ledger_record
from enterprises.models import LedgerEntry
from rulebooks.models import CreditGrade
from tests.factories.enterprises import determined_proposal

pytestmark = pytest.mark.django_db

CONTRACT_FIELDS = {
    "grade",
    "previous_grade",
    "effective_from",
    "reason",
    "legal_basis",
    "decision_number",
    "rulebook",
}


def test_credit_history_lists_the_ledger_newest_first(api_client_for, officer, enterprise_b):
    determined_proposal(enterprise_b, code="art22-3", on=datetime.date(2025, 6, 2))
    ledger_record(
        actor=officer,
        enterprise=enterprise_b,
        grade=CreditGrade.REGULAR,
        cause=LedgerEntry.Cause.REPAIR,
        reason="Repaired.",
        effective_from=datetime.date(2026, 5, 1),
        decision_number="西宁关修〔2026〕3号",
    )
    response = api_client_for(officer).get(f"/api/v1/enterprises/{enterprise_b.pk}/credit-history/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    newest, determination, registration = body["results"]
    assert set(newest) >= CONTRACT_FIELDS
    assert (newest["grade"], newest["previous_grade"], newest["rulebook"]) == (
        "regular",
        "dishonest",
        "order-282",
    )
    assert newest["decision_number"] == "西宁关修〔2026〕3号"
    assert determination["grade"] == "dishonest"
    assert determination["rulebook"] == "order-251"
    assert "第二十二条第三项" in determination["legal_basis"]  # the article as Chinese cites it
    assert registration["previous_grade"] == ""


@pytest.mark.parametrize("outsider", ["officer_sh", "enterprise_user_b"])
def test_credit_history_outside_visibility_is_404(api_client_for, request, outsider, enterprise_a):
    response = api_client_for(request.getfixturevalue(outsider)).get(
        f"/api/v1/enterprises/{enterprise_a.pk}/credit-history/"
    )
    assert response.status_code == 404


def test_credit_history_needs_credentials(api_client, enterprise_a):
    assert api_client.get(f"/api/v1/enterprises/{enterprise_a.pk}/credit-history/").status_code == 401


def test_credit_history_query_count_does_not_grow_with_entries(api_client_for, officer, enterprise_b):
    client = api_client_for(officer)
    url = f"/api/v1/enterprises/{enterprise_b.pk}/credit-history/"

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    for year in (2022, 2023, 2024):
        ledger_record(
            actor=None,
            enterprise=enterprise_b,
            grade=CreditGrade.DISHONEST,
            cause=LedgerEntry.Cause.MIGRATION,
            reason="x",
            effective_from=datetime.date(year, 1, 1),
        )
    assert queries() == before


def test_measures_follow_the_grade_under_the_rulebook_in_force(api_client_for, enterprise_user, enterprise_a):
    response = api_client_for(enterprise_user).get(f"/api/v1/enterprises/{enterprise_a.pk}/measures/")
    assert response.status_code == 200
    body = response.json()
    assert (body["credit_grade"], body["rulebook"]) == ("advanced_certified", "order-282")
    measures = {m["code"]: m for m in body["measures"]}
    # The contract's fields stay; the kind (and how to read the figure) is added.
    assert set(measures["coordinator"]) == {
        "code",
        "title",
        "value",
        "kind",
        "metric",
        "basis",
        "inclusive",
        "unit",
    }
    # Order 251 Art. 20(1), carried into Order 282: below 20 % of the average rate of enterprises under
    # regular measures, a ceiling relative to their average, not a factor of some rate.
    assert {k: v for k, v in measures["inspection_rate_factor"].items() if k != "title"} == {
        "code": "inspection_rate_factor",
        "value": "0.2",
        "kind": "relative_ceiling",
        "metric": "inspection_rate",
        "basis": "regular_enterprises",
        "inclusive": False,
        "unit": "fraction",
    }
    assert {k: v for k, v in measures["coordinator"].items() if k != "title"} == {
        "code": "coordinator",
        "value": "",
        "kind": "flag",
        "metric": None,
        "basis": None,
        "inclusive": None,
        "unit": None,
    }


def test_measures_titles_follow_the_request_language(api_client_for, officer, enterprise_b):
    client = api_client_for(officer)
    english = client.get(f"/api/v1/enterprises/{enterprise_b.pk}/measures/", HTTP_ACCEPT_LANGUAGE="en").json()
    chinese = client.get(
        f"/api/v1/enterprises/{enterprise_b.pk}/measures/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).json()
    assert english["measures"][0]["title"] == "Regular control measures"
    assert chinese["measures"][0]["title"] == "实施常规管理措施"


def test_measures_of_a_dishonest_enterprise_carry_the_inspection_rate(api_client_for, officer, enterprise_b):
    determined_proposal(enterprise_b)
    body = api_client_for(officer).get(f"/api/v1/enterprises/{enterprise_b.pk}/measures/").json()
    assert body["credit_grade"] == "dishonest"
    # 80 % or more of the enterprise's own goods: an absolute floor that includes 80 %, with no basis.
    assert {k: v for k, v in body["measures"][0].items() if k != "title"} == {
        "code": "inspection_rate_factor",
        "value": "0.8",
        "kind": "absolute_floor",
        "metric": "inspection_rate",
        "basis": None,
        "inclusive": True,
        "unit": "fraction",
    }


def test_measures_outside_visibility_is_404(api_client_for, officer_sh, enterprise_a):
    assert (
        api_client_for(officer_sh).get(f"/api/v1/enterprises/{enterprise_a.pk}/measures/").status_code == 404
    )
