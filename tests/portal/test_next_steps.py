"""The enterprise home's "What to do next": each action once, soonest deadline first, in words."""

import datetime
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certification.models import Application, ApplicationItem, StandardItem
from coordination.models import Case
from core.deadlines import deadline_state
from enterprises.determination import statement_submit
from enterprises.models import DishonestProposal
from portal.next_steps import DUE_SOON_DAYS, Step, by_deadline
from rulebooks.selectors import rulebook_in_force
from tests.factories.certification import ApplicationFactory
from tests.factories.coordination import CaseFactory
from tests.factories.enterprises import (
    ArrearFactory,
    DishonestProposalFactory,
    EnterpriseFactory,
    EnterpriseMembershipFactory,
    ObjectionFactory,
    PenaltyFactory,
    determined_proposal,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def from_today(today):
    """The date `n` days after (before, if negative) the day the test runs."""
    return lambda n: today + datetime.timedelta(days=n)


@pytest.mark.parametrize(
    ("due_in", "urgency", "days"),
    [
        (None, "none", 0),
        (-3, "overdue", 3),
        (0, "soon", 0),
        (DUE_SOON_DAYS, "soon", DUE_SOON_DAYS),
        (DUE_SOON_DAYS + 1, "later", DUE_SOON_DAYS + 1),
    ],
)
def test_a_deadline_is_overdue_due_soon_or_later(due_in, urgency, days, today, from_today):
    due = None if due_in is None else from_today(due_in)
    state = deadline_state(due, today, soon_days=DUE_SOON_DAYS)
    assert (state.urgency, state.days) == (urgency, days)


def test_steps_come_soonest_first_and_undated_ones_last_in_the_order_given(today, from_today):
    steps = [
        Step(title="no deadline, first given", url="/a"),
        Step(title="in a month", url="/b", due=from_today(30)),
        Step(title="no deadline, second given", url="/c"),
        Step(title="overdue", url="/d", due=from_today(-1)),
    ]
    ordered = by_deadline(steps, today)
    assert [step.title for step in ordered] == [
        "overdue",
        "in a month",
        "no deadline, first given",
        "no deadline, second given",
    ]
    assert [step.urgency for step in ordered] == ["overdue", "later", "none", "none"]


def _section(page):
    return page[page.index('id="next"') : page.index("</section>", page.index('id="next"'))]


def _kinds(page):
    """The kinds of the steps to do, in the order shown (the waiting list is left out)."""
    steps = _section(page).split("Waiting for customs")[0]
    return re.findall(r'data-kind="([a-z_]+)"', steps)


def _notified(enterprise, *, due, code="art22-2"):
    return DishonestProposalFactory(
        enterprise=enterprise,
        criterion=rulebook_in_force().criteria.get(code=code),
        status=DishonestProposal.Status.NOTIFIED,
        notified_at=timezone.now(),
        statement_due=due,
        grounds="Fines unpaid.",
    )


def _closed_case(enterprise, user, *, due_on, subject="Licence question"):
    return CaseFactory(
        enterprise=enterprise,
        category=Case.Category.POLICY_CONSULTATION,
        subject=subject,
        description="Which licence?",
        opened_by=user,
        due_on=due_on,
        status=Case.Status.CLOSED,
        closed_at=timezone.now(),
        outcome="Answered.",
    )


def test_the_actions_come_by_deadline_each_with_its_state_in_words_and_a_link(
    client, enterprise_a, enterprise_user, from_today
):
    arrear = ArrearFactory(enterprise=enterprise_a, due_on=from_today(-10))
    proposal = _notified(enterprise_a, due=from_today(3))
    case = _closed_case(enterprise_a, enterprise_user, due_on=from_today(-2))
    client.force_login(enterprise_user)
    page = client.get("/", **EN).content.decode()
    section = _section(page)
    assert page.index('id="next"') < page.index('id="enterprise-heading"')  # at the top
    assert _kinds(page) == ["arrear", "statement", "rating"]
    assert "3 actions need you" in section
    overdue, soon, undated = re.split(r'<li class="list-group-item', section)[1:]
    assert arrear.reference in overdue
    assert "Overdue" in overdue
    assert "10 days ago" in overdue
    assert "Due soon" in soon
    assert "in 3 days" in soon
    assert f'href="/enterprises/proposals/{proposal.pk}/#action-statement"' in soon
    assert "No deadline" in undated
    assert f'href="/coordination/cases/{case.pk}/#rate-heading"' in undated


def test_a_statement_sent_moves_the_notice_to_what_customs_must_answer(
    client, enterprise_a, enterprise_user, from_today
):
    proposal = _notified(enterprise_a, due=from_today(5))
    client.force_login(enterprise_user)
    assert _kinds(client.get("/", **EN).content.decode()) == ["statement"]
    statement_submit(actor=enterprise_user, proposal=proposal, text="The fine was paid on time.")
    page = client.get("/", **EN).content.decode()
    assert _kinds(page) == []
    assert "Nothing needs your attention." in page
    waiting = _section(page).split("Waiting for customs")[1]
    assert "Customs decides on the intended determination (article not verified)" in waiting  # Order 282


def test_a_statement_period_that_ended_asks_nothing_more(client, enterprise_a, enterprise_user, from_today):
    _notified(enterprise_a, due=from_today(-1))
    client.force_login(enterprise_user)
    assert _kinds(client.get("/", **EN).content.decode()) == []


def test_nothing_to_do_says_so_and_what_the_enterprise_can_do(client, enterprise_b, enterprise_user_b):
    client.force_login(enterprise_user_b)
    page = client.get("/", **EN).content.decode()
    section = _section(page)
    assert "Nothing needs your attention." in section
    assert f'href="/enterprises/{enterprise_b.pk}/"' in section
    assert 'href="/coordination/cases/new/"' in section
    assert "Waiting for customs" not in section


def test_what_customs_owes_an_answer_on_is_listed_apart(client, enterprise_a, enterprise_user, from_today):
    objection = ObjectionFactory(penalty=PenaltyFactory(enterprise=enterprise_a), recheck_due=from_today(12))
    open_case = CaseFactory(
        enterprise=enterprise_a,
        category=Case.Category.COMPLAINT,
        subject="Slow release",
        description="Held a week.",
        opened_by=enterprise_user,
        due_on=from_today(4),
    )
    client.force_login(enterprise_user)
    page = client.get("/", **EN).content.decode()
    assert _kinds(page) == []
    waiting = _section(page).split("Waiting for customs")[1]
    assert f'href="/enterprises/objections/{objection.pk}/"' in waiting
    assert f'href="/coordination/cases/{open_case.pk}/"' in waiting
    assert "Due soon" not in waiting  # customs' deadlines are not the enterprise's to meet


def test_a_dishonest_enterprise_past_the_waiting_period_is_told_to_apply_for_repair(client, offices, today):
    enterprise = EnterpriseFactory(customs_office=offices["9700"])
    user = EnterpriseMembershipFactory(enterprise=enterprise).user
    determined_proposal(enterprise, code="art22-3", on=today - relativedelta(months=7))
    client.force_login(user)
    page = client.get("/", **EN).content.decode()
    assert _kinds(page) == ["repair"]
    assert f'href="/enterprises/{enterprise.pk}/repair/"' in _section(page)


def test_the_home_costs_the_same_queries_for_one_action_of_each_kind_as_for_four(
    client, catalogue, enterprise_a, enterprise_user, from_today
):
    criteria = list(rulebook_in_force().criteria.order_by("code")[:4])
    items = list(StandardItem.objects.filter(rulebook=rulebook_in_force()).order_by("code")[:4])
    application = ApplicationFactory(
        enterprise=enterprise_a,
        rulebook=rulebook_in_force(),
        target_grade="advanced_certified",
        status=Application.Status.RECTIFICATION,
        created_by=enterprise_user,
    )

    def add_rows(index):
        _notified(enterprise_a, due=from_today(index + 1), code=criteria[index].code)
        ApplicationItem.objects.create(
            application=application,
            item=items[index],
            rectification=ApplicationItem.Rectification.REQUESTED,
            rectification_due=from_today(index + 2),
            rectification_request="Keep a seal log.",
        )
        ArrearFactory(enterprise=enterprise_a, due_on=from_today(-index))
        _closed_case(enterprise_a, enterprise_user, due_on=from_today(-2), subject=f"Question {index}")
        ObjectionFactory(penalty=PenaltyFactory(enterprise=enterprise_a))

    def read():
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/", **EN).content.decode()
        return len(captured), _kinds(page)

    client.force_login(enterprise_user)
    add_rows(0)
    client.get("/")  # what a first request loads once is not counted
    few, kinds = read()
    assert sorted(set(kinds)) == ["arrear", "rating", "rectification", "statement"]
    for index in range(1, 4):
        add_rows(index)
    many, kinds = read()
    assert len(kinds) == 16
    assert many == few
