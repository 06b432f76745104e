"""Cases: opened by the enterprise, served and logged by its coordinator, closed, rated, escalated."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coordination import cases
from coordination.assignment import assign_coordinators, coordinator_deactivate
from coordination.models import Case
from core.errors import InvalidState, NotPermitted
from notifications.models import Notification
from tests.factories.accounts import UserFactory
from tests.factories.coordination import CoordinatorProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def case(enterprise_a, enterprise_user, coordinator):
    return cases.case_open(
        actor=enterprise_user,
        enterprise=enterprise_a,
        category="policy_consultation",
        subject="Tariff classification of a new product",
        description="Which heading applies to high-purity tellurium?",
    )


def test_the_enterprise_opens_a_case_for_its_coordinator_with_a_deadline(case, coordinator, today):
    assert case.coordinator == coordinator
    assert case.due_on == today + datetime.timedelta(days=Case.SERVICE_DAYS["policy_consultation"])
    assert case.status == "open"
    assert Notification.objects.filter(recipient=coordinator, link=case.get_absolute_url()).exists()


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("category", {"category": "gossip"}),
        ("subject", {"subject": " "}),
        ("description", {"description": ""}),
    ],
)
def test_bad_input_opens_nothing(enterprise_a, enterprise_user, field, values):
    data = {"category": "complaint", "subject": "S", "description": "D", **values}
    with pytest.raises(ValidationError) as error:
        cases.case_open(actor=enterprise_user, enterprise=enterprise_a, **data)
    assert field in error.value.message_dict
    assert not Case.objects.exists()


def test_only_the_enterprises_users_open_its_cases(enterprise_a, enterprise_user_b, officer):
    for outsider in (enterprise_user_b, officer):
        with pytest.raises(NotPermitted):
            cases.case_open(
                actor=outsider, enterprise=enterprise_a, category="complaint", subject="S", description="D"
            )


def test_the_coordinator_logs_contacts_and_a_site_visit_needs_two_officers(
    case, coordinator, officer, offices, now
):
    colleague = UserFactory(role="officer", office=offices["9700"])
    cases.case_log(
        actor=coordinator,
        case=case,
        contact_at=now,
        channel="phone",
        people="Ma Li",
        officers=[coordinator],
        result="Explained.",
    )
    case.refresh_from_db()
    assert case.status == "in_progress"
    with pytest.raises(ValidationError, match="at least two"):
        cases.case_log(
            actor=coordinator,
            case=case,
            contact_at=now,
            channel="site_visit",
            people="Ma Li",
            officers=[officer],
            result="Visited.",
        )
    cases.case_log(
        actor=coordinator,
        case=case,
        contact_at=now,
        channel="site_visit",
        people="Ma Li, plant manager",
        officers=[officer, colleague],
        departments="Tariff department",
        result="Samples taken.",
    )
    assert case.log.count() == 2
    with pytest.raises(ValidationError):
        cases.case_log(
            actor=coordinator,
            case=case,
            contact_at=now + datetime.timedelta(days=1),
            channel="phone",
            people="x",
            officers=[],
            result="Future.",
        )


@pytest.mark.parametrize(
    "outsider",
    [
        "enterprise_user",
        "officer_sh",  # Shanghai Customs
        "officer",  # named twice: still one officer
        lambda offices: UserFactory(role="coordinator", office=offices["2200"]),
        lambda offices: UserFactory(role="officer", office=offices["9700"], is_active=False),
    ],
)
def test_a_site_visit_counts_only_officers_and_coordinators_of_the_enterprises_customs(
    request, case, coordinator, officer, second_officer, offices, outsider, now
):
    outsider = outsider(offices) if callable(outsider) else request.getfixturevalue(outsider)
    visit = {"contact_at": now, "channel": "site_visit", "people": "Ma Li", "result": "Visited."}
    with pytest.raises(ValidationError) as refused:
        cases.case_log(actor=coordinator, case=case, officers=[officer, outsider], **visit)
    assert "officers" in refused.value.message_dict
    assert not case.log.exists()
    cases.case_log(actor=coordinator, case=case, officers=[officer, second_officer], **visit)  # Xining, Xihai
    assert case.log.get().officers.count() == 2


def test_a_next_action_is_kept_with_the_contact_and_an_overlong_one_is_refused(case, coordinator, now):
    contact = {"contact_at": now, "channel": "phone", "people": "Ma Li", "officers": [], "result": "Called."}
    with pytest.raises(ValidationError) as refused:
        cases.case_log(actor=coordinator, case=case, next_action="x" * 301, **contact)
    assert "at most" in refused.value.message_dict["next_action"][0]
    assert not case.log.exists()
    entry = cases.case_log(actor=coordinator, case=case, next_action="  Call back on Friday ", **contact)
    assert entry.next_action == "Call back on Friday"


def test_another_coordinator_cannot_serve_the_case(case, offices, now):
    other = UserFactory(role="coordinator", office=offices["9700"])
    with pytest.raises(NotPermitted):
        cases.case_log(
            actor=other, case=case, contact_at=now, channel="phone", people="x", officers=[], result="y"
        )


def test_closing_needs_a_contact_and_an_outcome_then_the_enterprise_rates_once(
    case, coordinator, enterprise_user, now
):
    with pytest.raises(InvalidState):
        cases.case_close(actor=coordinator, case=case, outcome="Done.")
    cases.case_log(
        actor=coordinator,
        case=case,
        contact_at=now,
        channel="online",
        people="Ma Li",
        officers=[],
        result="Answered.",
    )
    with pytest.raises(ValidationError):
        cases.case_close(actor=coordinator, case=case, outcome=" ")
    with pytest.raises(InvalidState):
        cases.case_rate(actor=enterprise_user, case=case, rating=5)
    cases.case_close(actor=coordinator, case=case, outcome="Heading 2804 applies.")
    with pytest.raises(ValidationError):
        cases.case_rate(actor=enterprise_user, case=case, rating=6)
    cases.case_rate(actor=enterprise_user, case=case, rating=5, comment="Quick and clear.")
    with pytest.raises(InvalidState):
        cases.case_rate(actor=enterprise_user, case=case, rating=1)
    case.refresh_from_db()
    assert (case.status, case.rating) == ("closed", 5)
    with pytest.raises(InvalidState):
        cases.case_log(
            actor=coordinator, case=case, contact_at=now, channel="phone", people="x", officers=[], result="y"
        )


def test_an_overdue_case_escalates_to_the_office_head_once(case, offices, officer):
    xining = offices["9700"]
    xining.head = officer
    xining.save()
    assert cases.escalate_overdue_cases(as_of=case.due_on) == {"created": 0}
    assert cases.escalate_overdue_cases(as_of=case.due_on + datetime.timedelta(days=1)) == {"created": 1}
    assert cases.escalate_overdue_cases(as_of=case.due_on + datetime.timedelta(days=2)) == {"created": 0}
    case.refresh_from_db()
    assert case.escalated_at is not None
    assert Notification.objects.filter(recipient=officer, link=case.get_absolute_url()).count() == 1


def test_open_cases_follow_the_enterprise_to_its_new_coordinator(case, coordinator, offices, officer):
    leaving = CoordinatorProfileFactory(user=coordinator, office=offices["9700"])
    successor = UserFactory(role="coordinator", office=offices["9700"])
    CoordinatorProfileFactory(user=successor, office=offices["9700"])
    coordinator_deactivate(actor=officer, profile=leaving)
    case.refresh_from_db()
    assert case.coordinator == successor


def test_open_cases_count_towards_a_coordinators_load(case, coordinator, offices, enterprise_a):
    from tests.factories.enterprises import EnterpriseFactory

    CoordinatorProfileFactory(user=coordinator, office=offices["9700"], capacity=2)
    newcomer = EnterpriseFactory(customs_office=offices["9700"], credit_grade="advanced_certified")
    # One enterprise and one open case already: the coordinator is full.
    assert assign_coordinators() == {"created": 0, "ended": 0, "unassigned": 1}
    assert not newcomer.coordinator_assignments.exists()
