"""Case pages: the enterprise opens and rates, the coordinator works the queue, officers see workload."""

import pytest
from django.utils import timezone

from coordination import cases
from coordination.models import Case
from tests.factories.accounts import UserFactory
from tests.factories.coordination import CoordinatorProfileFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_enterprise_opens_a_case_and_the_coordinator_serves_it(
    client, enterprise_a, enterprise_user, coordinator
):
    client.force_login(enterprise_user)
    assert "Your enterprise has no case" in client.get("/coordination/cases/", **EN).content.decode()
    refused = client.post(
        "/coordination/cases/new/", {"category": "complaint", "subject": "", "description": ""}, **EN
    )
    assert refused.status_code == 200
    assert not Case.objects.exists()
    response = client.post(
        "/coordination/cases/new/",
        {
            "category": "difficult_matter",
            "subject": "Release of a held shipment",
            "description": "Held since Monday.",
        },
        **EN,
    )
    case = Case.objects.get()
    assert response.url == f"/coordination/cases/{case.pk}/"

    client.force_login(coordinator)
    queue = client.get("/coordination/cases/", **EN).content.decode()
    assert "Release of a held shipment" in queue
    assert "My case queue" in queue
    page = client.get(f"/coordination/cases/{case.pk}/", **EN).content.decode()
    assert "Log a contact" in page
    client.post(
        f"/coordination/cases/{case.pk}/",
        {
            "form": "log",
            "contact_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "channel": "phone",
            "people": "Ma Li",
            "result": "Inspection booked for tomorrow.",
        },
        **EN,
    )
    client.post(f"/coordination/cases/{case.pk}/", {"form": "close", "outcome": "Released."}, **EN)
    case.refresh_from_db()
    assert case.status == "closed"

    client.force_login(enterprise_user)
    rate_page = client.get(f"/coordination/cases/{case.pk}/", **EN).content.decode()
    assert "Rate the service" in rate_page
    assert "Inspection booked for tomorrow." in rate_page
    client.post(f"/coordination/cases/{case.pk}/", {"form": "rate", "rating": "4", "comment": "Fast."}, **EN)
    case.refresh_from_db()
    assert case.rating == 4


def test_cases_outside_visibility_answer_404(
    client, enterprise_a, enterprise_user, enterprise_user_b, officer_sh
):
    case = cases.case_open(
        actor=enterprise_user,
        enterprise=enterprise_a,
        category="complaint",
        subject="Private",
        description="D",
    )
    for outsider in (enterprise_user_b, officer_sh):
        client.force_login(outsider)
        assert client.get(f"/coordination/cases/{case.pk}/").status_code == 404
        assert "Private" not in client.get("/coordination/cases/").content.decode()


def test_posting_a_form_one_may_not_use_is_refused(client, enterprise_a, enterprise_user, coordinator):
    case = cases.case_open(
        actor=enterprise_user, enterprise=enterprise_a, category="complaint", subject="S", description="D"
    )
    client.force_login(enterprise_user)
    response = client.post(f"/coordination/cases/{case.pk}/", {"form": "close", "outcome": "Mine."})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == "open"


def test_officers_see_the_workload_of_their_coordinators(client, officer, coordinator, offices, enterprise_a):
    CoordinatorProfileFactory(user=coordinator, office=offices["9700"], capacity=1)
    other = UserFactory(role="coordinator", office=offices["2200"], username="c_shanghai")
    CoordinatorProfileFactory(user=other, office=offices["2200"])
    client.force_login(officer)
    page = client.get("/coordination/workload/", **EN).content.decode()
    assert str(coordinator) in page
    assert "c_shanghai" not in page
    client.force_login(coordinator)
    assert client.get("/coordination/workload/").status_code == 403


def test_the_queue_costs_the_same_queries_for_many_cases(
    client, enterprise_a, enterprise_user, coordinator, django_assert_max_num_queries
):
    for n in range(12):
        cases.case_open(
            actor=enterprise_user,
            enterprise=enterprise_a,
            category="complaint",
            subject=f"Case {n}",
            description="D",
        )
    client.force_login(coordinator)
    with django_assert_max_num_queries(10):
        assert client.get("/coordination/cases/").status_code == 200


def test_an_officer_overrides_the_coordinator_from_the_enterprise_page(
    client, officer, enterprise_a, coordinator, offices
):
    other = UserFactory(role="coordinator", office=offices["9700"], username="c_other")
    client.force_login(officer)
    page = client.get(f"/enterprises/{enterprise_a.pk}/", **EN).content.decode()
    assert f"/enterprises/{enterprise_a.pk}/coordinator/" in page
    client.post(f"/enterprises/{enterprise_a.pk}/coordinator/", {"coordinator": other.pk}, **EN)
    assert enterprise_a.coordinator_assignments.get(is_active=True).coordinator == other
    assert enterprise_a.coordinator_assignments.count() == 2
    client.force_login(coordinator)
    assert client.get(f"/enterprises/{enterprise_a.pk}/coordinator/").status_code in (403, 404)


def test_the_coordinator_home_lists_open_cases_by_deadline_and_the_assigned_enterprises(
    client, enterprise_a, enterprise_user, coordinator, django_assert_max_num_queries
):
    late = cases.case_open(
        actor=enterprise_user,
        enterprise=enterprise_a,
        category="policy_consultation",
        subject="Tariff question",
        description="Which heading?",
    )
    soon = cases.case_open(
        actor=enterprise_user,
        enterprise=enterprise_a,
        category="complaint",
        subject="Slow release",
        description="Three days.",
    )
    Case.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timezone.timedelta(days=2))
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        page = client.get("/", **EN).content.decode()
    assert page.index("Tariff question") < page.index("Slow release")  # the most urgent first
    assert "1 overdue" in page
    assert f'action="/coordination/cases/{soon.pk}/quick-log/"' in page  # log a contact from here
    row = page[page.index(enterprise_a.display_name, page.index("My enterprises")) :]
    assert row.index('<td class="text-end">2</td>') < row.index("</tr>")  # its two open cases
