"""Logging a contact from the queue: the case page's service, its permission, back to the same page."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from coordination import cases
from coordination.models import Case, ServiceLogEntry
from tests.factories.accounts import UserFactory
from tests.factories.enterprises import CoordinatorAssignmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
QUEUE = "/coordination/cases/?status=open&page=1"
CONTACT = {
    "channel": "phone",
    "people": "Ma Li",
    "result": "Explained the classification.",
    "next_action": "Written answer by Friday",
    "next": QUEUE,
}


def _case(enterprise, user, subject="Tariff question", due_in=3, **fields):
    case = cases.case_open(
        actor=user,
        enterprise=enterprise,
        category=Case.Category.POLICY_CONSULTATION,
        subject=subject,
        description="Which heading?",
    )
    Case.objects.filter(pk=case.pk).update(
        due_on=timezone.localdate() + datetime.timedelta(days=due_in), **fields
    )
    case.refresh_from_db()
    return case


def _url(case):
    return f"/coordination/cases/{case.pk}/quick-log/"


@pytest.fixture
def case(enterprise_a, enterprise_user, coordinator):
    return _case(enterprise_a, enterprise_user)


def test_the_assigned_coordinator_logs_from_the_queue_with_the_case_pages_service(client, case, coordinator):
    client.force_login(coordinator)
    with mock.patch("coordination.views.cases.case_log", wraps=cases.case_log) as service:
        response = client.post(_url(case), CONTACT, **EN)
    assert response.status_code == 302
    assert response.url == QUEUE  # the same filters and page
    service.assert_called_once_with(
        actor=coordinator,
        case=case,
        contact_at=mock.ANY,
        officers=[],
        channel="phone",
        people="Ma Li",
        result="Explained the classification.",
        next_action="Written answer by Friday",
    )
    entry = ServiceLogEntry.objects.get(case=case)
    assert (entry.channel, entry.logged_by, entry.next_action) == (
        "phone",
        coordinator,
        "Written answer by Friday",
    )
    assert timezone.now() - entry.contact_at < datetime.timedelta(minutes=2)
    case.refresh_from_db()
    assert case.status == Case.Status.IN_PROGRESS  # as when logged on the case page
    queue = client.get(response.url, **EN).content.decode()
    assert "Contact logged on “Tariff question”." in queue
    page = client.get(case.get_absolute_url(), **EN).content.decode()
    assert "Explained the classification." in page
    assert "Written answer by Friday" in page


def test_the_same_quick_log_sent_twice_is_recorded_once(client, case, coordinator):
    client.force_login(coordinator)
    client.post(_url(case), CONTACT)
    client.post(_url(case), CONTACT)
    assert ServiceLogEntry.objects.filter(case=case).count() == 1


def test_an_officer_of_the_jurisdiction_may_log_as_on_the_case_page(client, case, officer):
    client.force_login(officer)
    assert client.post(_url(case), CONTACT).status_code == 302
    assert ServiceLogEntry.objects.get(case=case).logged_by == officer


@pytest.mark.parametrize("who", ["enterprise_user", "other_coordinator", "officer_sh"])
def test_anyone_the_case_page_would_not_let_log_gets_404_and_nothing_changes(client, request, case, who):
    if who == "other_coordinator":
        user = UserFactory(role=Role.COORDINATOR, office=request.getfixturevalue("offices")["9700"])
        CoordinatorAssignmentFactory(enterprise=request.getfixturevalue("enterprise_b"), coordinator=user)
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.post(_url(case), CONTACT).status_code == 404
    assert not ServiceLogEntry.objects.exists()
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


def test_a_get_is_refused(client, case, coordinator):
    client.force_login(coordinator)
    assert client.get(_url(case)).status_code == 405


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"result": "  "}, "result", "This field is required."),
        ({"people": ""}, "people", "This field is required."),
        ({"channel": "site_visit"}, "channel", "Select a valid choice."),
        ({"next_action": "x" * 301}, "next_action", "at most 300 characters"),
    ],
)
def test_bad_input_logs_nothing_and_opens_the_case_form_with_the_errors(
    client, case, coordinator, change, field, message
):
    client.force_login(coordinator)
    response = client.post(_url(case), {**CONTACT, **change}, **EN)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The contact was not logged: complete the form below." in page
    assert message in page
    assert f'id="id_{field}_errors"' in page  # beside its field of the case page's form
    assert f'action="{case.get_absolute_url()}"' in page  # fixing it posts to the case page
    if field != "people":
        assert 'value="Ma Li"' in page  # what was typed is kept
    assert not ServiceLogEntry.objects.exists()
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


def test_a_closed_case_is_not_logged_and_the_queue_says_why(
    client, enterprise_a, enterprise_user, coordinator
):
    closed = _case(enterprise_a, enterprise_user, status=Case.Status.CLOSED, closed_at=timezone.now())
    client.force_login(coordinator)
    response = client.post(_url(closed), CONTACT, **EN)
    assert response.url == QUEUE
    assert "This case is closed." in client.get(response.url, **EN).content.decode()
    assert not ServiceLogEntry.objects.exists()


def test_a_foreign_return_address_goes_back_to_the_queue(client, case, coordinator):
    client.force_login(coordinator)
    response = client.post(_url(case), {**CONTACT, "next": "https://evil.example/"})
    assert response.url == "/coordination/cases/"


def test_the_queue_offers_the_quick_log_on_open_cases_it_may_log_and_costs_the_same_queries(
    client, enterprise_a, enterprise_user, coordinator
):
    def add(n, start):
        return [
            _case(enterprise_a, enterprise_user, subject=f"Question {start + index}", due_in=index - 1)
            for index in range(n)
        ]

    add(2, 0)
    closed = _case(
        enterprise_a, enterprise_user, subject="Done", status=Case.Status.CLOSED, closed_at=timezone.now()
    )
    client.force_login(coordinator)
    client.get("/coordination/cases/")

    def read():
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/coordination/cases/", **EN).content.decode()
        return len(captured), page

    few, page = read()
    assert page.count('/quick-log/"') == 2
    assert _url(closed) not in page
    add(8, 2)
    many, page = read()
    assert page.count('/quick-log/"') == 10
    assert many == few
    assert (
        page.index("Question 0") < page.index("Question 1") < page.index("Done")
    )  # by deadline, closed last
    assert '<span class="badge text-bg-danger">Overdue</span>' in page  # in words beside the colour
    assert "Due today" in page


def test_the_list_condition_agrees_with_may_serve_for_every_role(
    enterprise_a, enterprise_user, coordinator, officer, officer_sh, administrator, offices, enterprise_b
):
    other = UserFactory(role=Role.COORDINATOR, office=offices["9700"])
    CoordinatorAssignmentFactory(enterprise=enterprise_b, coordinator=other)
    open_case = _case(enterprise_a, enterprise_user)
    closed = _case(enterprise_a, enterprise_user, subject="Done", status=Case.Status.CLOSED)
    for user in (coordinator, other, officer, officer_sh, administrator, enterprise_user):
        annotated = dict(
            Case.objects.annotate(may_log=cases.may_log_expression(user)).values_list("pk", "may_log")
        )
        expected = {
            c.pk: c.is_open and cases.may_serve(user, c) and not user.is_enterprise_user
            for c in (open_case, closed)
        }
        assert annotated == expected, user.role
