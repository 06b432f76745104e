"""The customs side: state machine, team, audit, findings, rectification, clock and decision."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from certification import applications, review, workflow
from certification.clock import clock
from certification.eligibility import application_bar
from certification.models import Application, ApplicationItem, Certificate, Result
from core.errors import InvalidState, NotPermitted
from enterprises.models import ConflictOfInterest
from notifications.models import Notification
from tests.certification.conftest import find_all
from tests.factories.accounts import UserFactory

Status = Application.Status


def test_allowed_actions_follow_the_role_and_the_state(submitted, officer, enterprise_user_b, officer_sh):
    assert workflow.allowed_actions(officer, submitted) == ["accept", "return", "extend", "pause"]
    assert workflow.allowed_actions(enterprise_user_b, submitted) == ["withdraw"]
    assert workflow.allowed_actions(officer_sh, submitted) == []


def test_an_officer_outside_the_jurisdiction_cannot_accept(submitted, officer_sh):
    with pytest.raises(NotPermitted):
        review.application_accept(actor=officer_sh, application=submitted)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_a_transition_from_the_wrong_state_is_refused(draft, officer):
    with pytest.raises(InvalidState):
        review.application_accept(actor=officer, application=draft)


def test_a_team_needs_two_officers_of_the_competent_office(submitted, officer, second_officer, officer_sh):
    application = review.application_accept(actor=officer, application=submitted)
    with pytest.raises(ValidationError, match="at least two"):
        review.team_form(actor=officer, application=application, officers=[officer], leader=officer)
    with pytest.raises(ValidationError):
        review.team_form(
            actor=officer, application=application, officers=[officer, officer_sh], leader=officer
        )
    assert not application.team.exists()


def test_an_officer_with_a_conflict_of_interest_cannot_serve(
    submitted, officer, second_officer, enterprise_b
):
    ConflictOfInterest.objects.create(
        officer=second_officer, enterprise=enterprise_b, description="Spouse works there."
    )
    application = review.application_accept(actor=officer, application=submitted)
    assert second_officer not in review.team_candidates(application)
    with translation.override("en"), pytest.raises(ValidationError, match="conflict of interest"):
        review.team_form(
            actor=officer, application=application, officers=[officer, second_officer], leader=officer
        )


def test_only_the_team_records_findings(under_audit, officer, offices, enterprise_user_b):
    outsider = UserFactory(role="officer", office=offices["9700"])
    row = under_audit.items.first()
    for actor in (outsider, enterprise_user_b):
        with pytest.raises(NotPermitted):
            review.finding_record(actor=actor, application_item=row, finding=Result.MEETS)
    review.finding_record(actor=officer, application_item=row, finding=Result.MEETS)
    row.refresh_from_db()
    assert (row.finding, row.found_by) == (Result.MEETS, officer)


def test_a_finding_short_of_the_standard_needs_notes(under_audit, officer):
    with pytest.raises(ValidationError):
        review.finding_record(actor=officer, application_item=under_audit.items.first(), finding=Result.FAILS)


def test_certification_needs_every_finding_and_a_pass(under_audit, officer):
    with pytest.raises(InvalidState, match="do not pass"):
        review.application_certify(actor=officer, application=under_audit, decision_number="D-1")
    find_all(under_audit, officer, **{"A-G-54": Result.FAILS})
    with pytest.raises(InvalidState):
        review.application_certify(actor=officer, application=under_audit, decision_number="D-1")
    assert not Certificate.objects.exists()


def test_certify_issues_the_certificate_and_moves_the_grade(under_audit, officer, enterprise_b, today):
    find_all(under_audit, officer, **{"A-G-02": Result.BASICALLY_MEETS})
    review.application_certify(actor=officer, application=under_audit, decision_number="XN-AEO-2026-1")
    under_audit.refresh_from_db()
    enterprise_b.refresh_from_db()
    certificate = Certificate.objects.get()
    assert under_audit.status == Status.CERTIFIED
    assert under_audit.result["passed"] is True
    assert under_audit.result["basically_meeting"] == ["A-G-02"]
    assert enterprise_b.credit_grade == "advanced_certified"
    assert certificate.grade == "advanced_certified"
    assert certificate.status == "active"
    assert certificate.re_review_due.year == today.year + 5
    entry = enterprise_b.ledger_entries.latest("id")
    assert (entry.cause, entry.decision_number, entry.previous_grade) == (
        "certification",
        "XN-AEO-2026-1",
        "regular",
    )
    assert Notification.objects.filter(recipient__enterprise_membership__enterprise=enterprise_b).exists()


def test_refusal_needs_a_reason_and_bars_the_enterprise(under_audit, officer, enterprise_b, today):
    find_all(under_audit, officer, **{"A-G-54": Result.FAILS})
    with pytest.raises(ValidationError):
        review.application_refuse(actor=officer, application=under_audit, decision_number="R-1", reason="")
    review.application_refuse(
        actor=officer, application=under_audit, decision_number="R-1", reason="A-G-54 fails."
    )
    under_audit.refresh_from_db()
    assert under_audit.status == Status.REFUSED
    assert under_audit.result["failing"] == ["A-G-54"]
    assert application_bar(enterprise_b).until.year == today.year + 1


def test_rectification_rescoring_turns_a_fail_into_a_pass(under_audit, officer, enterprise_user_b, today):
    find_all(under_audit, officer, **{"A-G-54": Result.FAILS, "A-G-68": Result.FAILS})
    assert not review.outcome(under_audit).passed
    rows = {row.item.code: row for row in review.rectifiable_items(under_audit)}
    due = today + datetime.timedelta(days=30)
    review.rectification_request(
        actor=officer,
        application=under_audit,
        requests={rows["A-G-54"].pk: "Use ISO 17712 seals.", rows["A-G-68"].pk: "Train the warehouse staff."},
        due=due,
    )
    under_audit.refresh_from_db()
    assert under_audit.status == Status.RECTIFICATION
    for code in ("A-G-54", "A-G-68"):
        applications.rectification_answer(
            actor=enterprise_user_b, application_item=rows[code], answer="Done."
        )
    review.rectification_review(actor=officer, application_item=rows["A-G-54"], accept=True)
    with pytest.raises(ValidationError):
        review.rectification_review(actor=officer, application_item=rows["A-G-68"], accept=False)
    review.rectification_review(
        actor=officer, application_item=rows["A-G-68"], accept=True, note="Seen the records."
    )
    review.rectification_close(actor=officer, application=under_audit)
    under_audit.refresh_from_db()
    assert under_audit.status == Status.UNDER_AUDIT
    assert review.outcome(under_audit).passed
    assert ApplicationItem.objects.get(pk=rows["A-G-54"].pk).finding == Result.MEETS


def test_rectification_covers_only_rectifiable_items_short_of_the_standard(under_audit, officer, today):
    """Every item of the 2026 standards may be rectified except the bonus items (附加标准)."""
    find_all(under_audit, officer, **{"A-B-01": Result.FAILS, "A-G-54": Result.FAILS})
    bonus = under_audit.items.get(item__code="A-B-01")
    assert list(review.rectifiable_items(under_audit).values_list("item__code", flat=True)) == ["A-G-54"]
    with pytest.raises(ValidationError):
        review.rectification_request(
            actor=officer,
            application=under_audit,
            requests={bonus.pk: "Fix it."},
            due=today + datetime.timedelta(days=9),
        )


def test_rectification_cannot_end_while_answers_are_due(under_audit, officer, today):
    find_all(under_audit, officer, **{"A-G-54": Result.FAILS})
    row = under_audit.items.get(item__code="A-G-54")
    review.rectification_request(
        actor=officer,
        application=under_audit,
        requests={row.pk: "Seals."},
        due=today + datetime.timedelta(days=5),
    )
    with pytest.raises(InvalidState):
        review.rectification_close(actor=officer, application=under_audit)


def test_an_answer_after_the_deadline_is_refused(
    under_audit, officer, enterprise_user_b, time_machine, today
):
    find_all(under_audit, officer, **{"A-G-54": Result.FAILS})
    row = under_audit.items.get(item__code="A-G-54")
    review.rectification_request(
        actor=officer,
        application=under_audit,
        requests={row.pk: "Seals."},
        due=today + datetime.timedelta(days=5),
    )
    time_machine.move_to(today + datetime.timedelta(days=6))
    with pytest.raises(InvalidState, match="deadline"):
        applications.rectification_answer(actor=enterprise_user_b, application_item=row, answer="Late.")
    review.rectification_close(actor=officer, application=under_audit)
    row.refresh_from_db()
    assert row.rectification == ApplicationItem.Rectification.REJECTED
    assert row.finding == Result.FAILS


def test_the_clock_counts_days_and_stops_while_paused(submitted, officer, time_machine, today):
    time_machine.move_to(today + datetime.timedelta(days=10))
    state = clock(submitted, today + datetime.timedelta(days=10))
    assert (state.days_used, state.days_left, state.deadline) == (10, 80, today + datetime.timedelta(days=90))
    review.application_pause(actor=officer, application=submitted, reason="Case XN-2026-7 filed.")
    time_machine.move_to(today + datetime.timedelta(days=40))
    submitted.refresh_from_db()
    paused = clock(submitted, today + datetime.timedelta(days=40))
    assert paused.days_used == 10
    assert paused.deadline == today + datetime.timedelta(days=120)
    review.application_resume(actor=officer, application=submitted)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert submitted.paused_days == 30
    review.clock_extend(actor=officer, application=submitted, reason="Complex premises.")
    with pytest.raises(InvalidState, match="once"):
        review.clock_extend(actor=officer, application=submitted, reason="Again.")
    submitted.refresh_from_db()
    extended = clock(submitted, today + datetime.timedelta(days=40))
    assert (extended.days_allowed, extended.days_used, extended.days_left) == (120, 10, 110)


def test_a_pause_longer_than_three_months_terminates_the_application(submitted, officer, today):
    review.application_pause(actor=officer, application=submitted, reason="Case filed.")
    submitted.refresh_from_db()
    limit = clock(submitted, today).pause_ends_application_on
    assert review.terminate_long_pauses(as_of=limit) == {"created": 0}
    assert review.terminate_long_pauses(as_of=limit + datetime.timedelta(days=1)) == {"created": 1}
    submitted.refresh_from_db()
    assert submitted.status == Status.TERMINATED
    assert submitted.transitions.last().actor is None
    assert review.terminate_long_pauses(as_of=limit + datetime.timedelta(days=2)) == {"created": 0}


def test_every_step_records_who_when_and_why(under_audit, officer):
    steps = list(under_audit.transitions.values_list("action", "from_status", "to_status"))
    assert steps == [
        ("create", "draft", "draft"),
        ("submit", "draft", "submitted"),
        ("accept", "submitted", "accepted"),
        ("team", "accepted", "accepted"),
        ("audit", "accepted", "under_audit"),
    ]
    assert under_audit.transitions.get(action="accept").actor == officer


def test_a_team_member_from_an_office_below_records_findings(under_audit, second_officer):
    row = under_audit.items.first()
    review.finding_record(actor=second_officer, application_item=row, finding=Result.MEETS)
    row.refresh_from_db()
    assert row.found_by == second_officer


@pytest.mark.parametrize("name", list(workflow.ACTIONS))
def test_every_action_is_refused_outside_its_source_statuses(submitted, officer, enterprise_user_b, name):
    """The transition table decides: for each status an action does not start from, a 409."""
    action = workflow.ACTIONS[name]
    actor = enterprise_user_b if action.actor == workflow.ENTERPRISE else officer
    submitted.team.create(officer=officer, is_leader=True)
    for status in Status.values:
        submitted.status = status
        problem = workflow.refusal(actor, submitted, name)
        if status in action.sources:
            assert problem is None, (name, status)
        else:
            assert isinstance(problem, InvalidState), (name, status)


def test_an_officer_terminates_a_paused_application_with_a_reason(submitted, officer):
    review.application_pause(actor=officer, application=submitted, reason="Case filed.")
    with pytest.raises(ValidationError):
        review.application_terminate(actor=officer, application=submitted, reason="")
    review.application_terminate(actor=officer, application=submitted, reason="Case concluded against it.")
    submitted.refresh_from_db()
    assert submitted.status == Status.TERMINATED
    assert submitted.paused_on is None


def test_a_re_review_cannot_be_withdrawn_or_submitted_by_the_enterprise(
    under_audit, officer, enterprise_user_b
):
    under_audit.kind = Application.Kind.RE_REVIEW
    under_audit.save()
    with pytest.raises(InvalidState):
        applications.application_withdraw(actor=enterprise_user_b, application=under_audit, reason="No.")


@pytest.fixture
def audit_on_monday(submitted, officer, second_officer, travel):
    """Accepted on 2026-11-02, the team formed, the on-site audit planned for Monday 2026-11-09."""
    travel(datetime.date(2026, 11, 2))
    application = review.application_accept(actor=officer, application=submitted)
    review.team_form(
        actor=officer, application=application, officers=[officer, second_officer], leader=officer
    )
    review.audit_plan(
        actor=officer,
        application=application,
        visit_on=datetime.date(2026, 11, 9),
        place="Site",
        agenda="All.",
    )
    return application


def test_findings_wait_for_the_planned_audit_day_unless_it_was_held_earlier(audit_on_monday, officer, travel):
    """Planned for Monday 2026-11-09: no finding on Sunday the 8th, findings on the 9th and the 10th."""
    row = audit_on_monday.items.first()
    travel(datetime.date(2026, 11, 8))
    with pytest.raises(InvalidState, match="planned for"):
        review.finding_record(actor=officer, application_item=row, finding=Result.MEETS)
    travel(datetime.date(2026, 11, 9))
    review.finding_record(actor=officer, application_item=row, finding=Result.MEETS)
    travel(datetime.date(2026, 11, 10))
    review.finding_record(actor=officer, application_item=row, finding=Result.FAILS, notes="Seals.")


def test_the_team_confirms_an_audit_held_before_its_planned_day(
    audit_on_monday, officer, second_officer, travel, client
):
    application = audit_on_monday
    travel(datetime.date(2026, 11, 6))
    client.force_login(second_officer)
    findings = f"/certification/{application.pk}/findings/"
    assert "Confirm it took place earlier" in client.get(findings, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    future = client.post(
        f"/certification/{application.pk}/audit-held/",
        {"held_on": "2026-11-07"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Give the day the audit took place: today or earlier." in future.content.decode()
    client.post(f"/certification/{application.pk}/audit-held/", {"held_on": "2026-11-05"})
    assert application.visits.get().held_on == datetime.date(2026, 11, 5)
    review.finding_record(
        actor=second_officer, application_item=application.items.first(), finding=Result.MEETS
    )
    assert (
        "Confirm it took place earlier"
        not in client.get(findings, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    with pytest.raises(InvalidState):  # nothing is waiting any more
        review.audit_held(actor=officer, application=application, held_on=datetime.date(2026, 11, 5))
