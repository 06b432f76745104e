"""Every step of an application tells whoever acts next: the test walks the transition table.

Each action of `workflow.ACTIONS` has a scenario here that takes it through its service; the test
fails for an action without one, for a party the table names that is not told exactly once, and for
an actor told of their own step.
"""

import datetime

import pytest
from django.urls import reverse

from certification import applications, re_review, review, workflow
from certification.models import Application, ApplicationItem, Result
from notifications.models import Notification
from tests.certification.conftest import fail_one_item, find_all

Rectification = ApplicationItem.Rectification


def _answer(application, people):
    row = application.items.get(rectification=Rectification.REQUESTED)
    applications.rectification_answer(
        actor=people["enterprise"], application_item=row, answer="Seal log kept."
    )


def _pause(application, people):
    review.application_pause(actor=people["officer"], application=application, reason="Case 2026-17 filed.")


def _accept(application, people):
    review.application_accept(actor=people["officer"], application=application)


def _decidable(application, people):
    find_all(application, people["officer"])


def _past_deadline(application, people):
    fail_one_item(application, people["officer"], people["today"])
    application.items.update(rectification_due=people["today"] - datetime.timedelta(days=1))


# action: (the fixture it starts from, what brings it to the step, the step, taken by)
SCENARIOS = {
    "edit": (
        "draft",
        None,
        lambda a, p: applications.self_assess(
            actor=p["enterprise"], application_item=a.items.first(), result=Result.MEETS, explanation="x"
        ),
        "enterprise",
    ),
    "submit": ("submitted", None, None, "enterprise"),  # the fixture submits: counted from the draft
    "withdraw": (
        "under_audit",
        None,
        lambda a, p: applications.application_withdraw(
            actor=p["enterprise"], application=a, reason="Moving."
        ),
        "enterprise",
    ),
    "accept": ("submitted", None, _accept, "officer"),
    "return": (
        "submitted",
        None,
        lambda a, p: review.application_return(actor=p["officer"], application=a, reason="Add the ledger."),
        "officer",
    ),
    "team": (
        "submitted",
        _accept,
        lambda a, p: review.team_form(
            actor=p["officer"], application=a, officers=[p["officer"], p["second"]], leader=p["officer"]
        ),
        "officer",
    ),
    "audit": (
        "under_audit",
        None,
        lambda a, p: review.audit_plan(
            actor=p["officer"],
            application=a,
            visit_on=p["today"] + datetime.timedelta(days=9),
            place="Warehouse 3",
            agenda="Seals.",
        ),
        "officer",
    ),
    "finding": (
        "under_audit",
        None,
        lambda a, p: review.finding_record(
            actor=p["officer"], application_item=a.items.first(), finding=Result.MEETS
        ),
        "officer",
    ),
    "rectification": (
        "under_audit",
        None,
        lambda a, p: fail_one_item(a, p["officer"], p["today"]),
        "officer",
    ),
    "answer": (
        "under_audit",
        lambda a, p: fail_one_item(a, p["officer"], p["today"]),
        _answer,
        "enterprise",
    ),
    "review": (
        "under_audit",
        lambda a, p: (fail_one_item(a, p["officer"], p["today"]), _answer(a, p)),
        lambda a, p: review.rectification_review(
            actor=p["officer"],
            application_item=a.items.get(rectification=Rectification.ANSWERED),
            accept=True,
        ),
        "officer",
    ),
    "close_rectification": (
        "under_audit",
        _past_deadline,
        lambda a, p: review.rectification_close(actor=p["officer"], application=a),
        "officer",
    ),
    "extend": (
        "under_audit",
        None,
        lambda a, p: review.clock_extend(actor=p["officer"], application=a, reason="Complex supply chain."),
        "officer",
    ),
    "pause": ("under_audit", None, _pause, "officer"),
    "resume": (
        "under_audit",
        _pause,
        lambda a, p: review.application_resume(actor=p["officer"], application=a),
        "officer",
    ),
    "terminate": (
        "under_audit",
        _pause,
        lambda a, p: review.application_terminate(
            actor=p["officer"], application=a, reason="Case confirmed."
        ),
        "officer",
    ),
    "certify": (
        "under_audit",
        _decidable,
        lambda a, p: review.application_certify(
            actor=p["officer"], application=a, decision_number="西关认〔2026〕1号"
        ),
        "officer",
    ),
    "refuse": (
        "under_audit",
        _decidable,
        lambda a, p: review.application_refuse(
            actor=p["officer"], application=a, decision_number="西关认〔2026〕2号", reason="Findings."
        ),
        "officer",
    ),
}


@pytest.fixture
def people(officer, second_officer, enterprise_user_b, today):
    return {"officer": officer, "second": second_officer, "enterprise": enterprise_user_b, "today": today}


def _told(parties, people, actor):
    users = {
        workflow.ENTERPRISE: [people["enterprise"]],
        workflow.OFFICE: [people["officer"]],
        workflow.TEAM: [people["officer"], people["second"]],
    }
    return {user.username for party in parties for user in users[party]} - {actor.username}


def _last_notice_pk():
    return Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.mark.parametrize("name", list(workflow.ACTIONS))
def test_each_step_tells_the_party_who_acts_next_once(name, people, request):
    assert name in SCENARIOS, f"no scenario for the action {name!r}: add one"
    fixture, prepare, step, acting = SCENARIOS[name]
    if step is None:  # the fixture takes the step itself: count from the fixture it builds on
        request.getfixturevalue("draft")
        last = _last_notice_pk()
        application = request.getfixturevalue(fixture)
    else:
        application = request.getfixturevalue(fixture)
        if prepare:
            prepare(application, people)
        application.refresh_from_db()
        last = _last_notice_pk()
        step(application, people)
    told = Notification.objects.filter(
        pk__gt=last, link=reverse("application-detail", args=[application.pk])
    ).values_list("recipient__username", flat=True)
    assert sorted(told) == sorted(_told(workflow.ACTIONS[name].tells, people, people[acting]))


def test_the_steps_that_tell_nobody_are_those_the_same_party_goes_on_with():
    assert [name for name, action in workflow.ACTIONS.items() if not action.tells] == ["edit", "finding"]


def test_thirty_answers_make_one_notice_to_the_team(
    under_audit, officer, second_officer, enterprise_user_b, today
):
    find_all(under_audit, officer)
    rows = list(under_audit.items.filter(item__rectifiable=True)[:3])
    for row in rows:
        row.finding, row.finding_notes = Result.FAILS, "Short."
        row.save()
    review.rectification_request(
        actor=officer,
        application=under_audit,
        requests={row.pk: "Fix it." for row in rows},
        due=today + datetime.timedelta(days=30),
    )
    team_notices = Notification.objects.filter(recipient=second_officer)
    before = team_notices.count()
    for number, row in enumerate(rows, start=1):
        applications.rectification_answer(actor=enterprise_user_b, application_item=row, answer="Fixed.")
        assert team_notices.count() == before + (1 if number == len(rows) else 0)
    texts = team_notices.first().translations
    assert "Every item put to rectification has an answer to review." in texts["en"][1]
    assert "所有整改项均已答复，请审核。" in texts["zh-hans"][1]


def test_a_withdrawn_draft_tells_customs_nothing(draft, enterprise_user_b, officer):
    applications.application_withdraw(actor=enterprise_user_b, application=draft, reason="Not ready.")
    assert not Notification.objects.filter(recipient=officer).exists()


def test_the_enterprise_reads_where_and_when_the_audit_is(under_audit, enterprise_user_b):
    notice = Notification.objects.filter(recipient=enterprise_user_b).first()
    visit = under_audit.visits.get()
    assert notice.subject.startswith(f"认证申请{under_audit.receipt_number}：")
    assert "Enterprise premises" in notice.body
    assert f"{visit.visit_on.year}年{visit.visit_on.month}月{visit.visit_on.day}日" in notice.body


def test_a_re_review_tells_the_enterprise_and_the_officers_who_form_its_team(under_audit, officer):
    find_all(under_audit, officer)
    review.application_certify(actor=officer, application=under_audit, decision_number="西关认〔2026〕3号")
    certificate = under_audit.enterprise.certificates.get()
    before = set(Notification.objects.values_list("pk", flat=True))
    opened = re_review.re_review_start(
        actor=None,
        certificate=certificate,
        trigger=Application.ReReviewTrigger.PERIODIC,
        reason="Five years.",
    )
    told = Notification.objects.exclude(pk__in=before).filter(
        link=reverse("application-detail", args=[opened.pk])
    )
    assert sorted(told.values_list("recipient__username", flat=True)) == ["ent_b", "officer_xn"]


def test_the_team_reads_the_audit_day_in_its_own_language(under_audit, second_officer):
    visit = under_audit.visits.get()
    notice = Notification.objects.filter(recipient=second_officer).order_by("-pk").first()  # the audit's
    day = visit.visit_on
    assert f"{day.year}年{day.month}月{day.day}日 Enterprise premises" in notice.translations["zh-hans"][1]
    assert day.isoformat() not in notice.translations["en"][1]
