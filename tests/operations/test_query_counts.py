"""Lists cost the same number of queries for 3 rows as for 13: an N+1 cannot come back unnoticed.

Each list page and API endpoint is read by the role that uses it, then more rows of every kind
are added and it is read again; the two counts must be equal.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cultivation.models import Candidate, CultivationPlan, Milestone
from rulebooks.selectors import rulebook_in_force
from tests.factories.enterprises import (
    DishonestProposalFactory,
    DocumentCountFactory,
    EnterpriseFactory,
    PenaltyFactory,
)
from tests.factories.notifications import NotificationFactory

pytestmark = pytest.mark.django_db

OFFICER_URLS = [
    "/enterprises/",
    "/enterprises/proposals/",
    "/cultivation/",
    "/cultivation/candidates/",
    "/notifications/",
    "/api/v1/enterprises/",
    "/api/v1/proposals/",
    "/api/v1/cultivation/plans/",
    "/api/v1/cultivation/candidates/",
]


def add_rows(count, offices, officer, business_types):
    """`count` enterprises under Xihai, each with records, a proposal, a candidacy or a plan, a notice."""
    rulebook = rulebook_in_force()
    today = timezone.localdate()
    for n in range(count):
        enterprise = EnterpriseFactory(
            customs_office=offices["9703"], business_types=[business_types["consignee_consignor"]]
        )
        PenaltyFactory(enterprise=enterprise)
        DocumentCountFactory(enterprise=enterprise)
        DishonestProposalFactory(enterprise=enterprise, rulebook=rulebook)
        NotificationFactory(recipient=officer)
        if n % 2:
            Candidate.objects.create(
                enterprise=enterprise, office=officer.office, source="selection", status="in_pool"
            )
            continue
        plan = CultivationPlan.objects.create(
            enterprise=enterprise,
            office=officer.office,
            rulebook=rulebook,
            target_grade="advanced_certified",
            starts_on=today,
            target_on=today + datetime.timedelta(days=700),
            created_by=officer,
        )
        plan.officers.set([officer])
        plan.business_types.set(enterprise.business_types.all())
        Milestone.objects.create(plan=plan, phase="diagnosis", title="Baseline", due_on=today)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, url
    return len(captured)


def test_officer_lists_cost_the_same_for_more_rows(client, api_client_for, offices, officer, business_types):
    api = api_client_for(officer)
    client.force_login(officer)
    add_rows(3, offices, officer, business_types)
    few = {url: queries(api if url.startswith("/api/") else client, url) for url in OFFICER_URLS}
    add_rows(10, offices, officer, business_types)
    many = {url: queries(api if url.startswith("/api/") else client, url) for url in OFFICER_URLS}
    assert many == few
