"""The dishonest determination workflow: review, written pre-notice, statement, decision, drop."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core.display import format_date
from core.errors import InvalidState, NotPermitted
from core.uploads import MAX_BYTES
from enterprises.determination import (
    ACTIONS,
    ENTERPRISE,
    NOTIFYING_OFFICER,
    add_working_days,
    allowed_actions,
    proposal_create,
    proposal_decide,
    proposal_drop,
    proposal_notify,
    statement_submit,
)
from enterprises.models import DishonestProposal, DishonestStatement, LedgerEntry, StatementAttachment
from enterprises.selectors import visible_proposals
from notifications.models import Notification
from rulebooks.models import Rulebook
from rulebooks.selectors import rulebook_in_force
from tests.factories.enterprises import DishonestProposalFactory, EnterpriseMembershipFactory

pytestmark = pytest.mark.django_db

WEDNESDAY = datetime.date(2026, 6, 3)
PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def today(time_machine):
    time_machine.move_to(
        datetime.datetime(2026, 6, 3, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    )
    return WEDNESDAY


@pytest.fixture
def proposal(today, enterprise_a, enterprise_user):
    """An Art. 22(2) proposal for enterprise A, whose user will receive the notice."""
    return DishonestProposalFactory(enterprise=enterprise_a, grounds="Smuggling case 2026-17 decided.")


@pytest.fixture
def notified(proposal, officer):
    return proposal_notify(actor=officer, proposal=proposal)


def pdf(name="statement.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def move_to_day(time_machine, day):
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(10), datetime.UTC))


# --- working days -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (datetime.date(2026, 6, 3), 5, datetime.date(2026, 6, 10)),  # Wednesday -> Wednesday
        (datetime.date(2026, 6, 5), 1, datetime.date(2026, 6, 8)),  # Friday -> Monday
        (datetime.date(2026, 6, 5), 5, datetime.date(2026, 6, 12)),  # across one weekend
        (datetime.date(2026, 6, 6), 1, datetime.date(2026, 6, 8)),  # Saturday -> Monday
        (datetime.date(2026, 6, 4), 10, datetime.date(2026, 6, 18)),  # across two weekends
    ],
)
def test_working_days_skip_weekends(start, count, expected):
    assert add_working_days(start, count) == expected


# --- create -----------------------------------------------------------------------------------------


def test_officer_proposes_manually_and_a_repeat_returns_the_open_proposal(today, officer, enterprise_a):
    criterion = rulebook_in_force().criteria.get(code="art22-8")
    first = proposal_create(
        actor=officer,
        enterprise=enterprise_a,
        criterion=criterion,
        grounds="Court ruling 12",
        evidence=["R-12"],
    )
    again = proposal_create(
        actor=officer, enterprise=enterprise_a, criterion=criterion, grounds="Other words"
    )
    assert again.pk == first.pk
    assert first.status == DishonestProposal.Status.PROPOSED
    assert first.created_by == officer
    assert first.evidence == ["R-12"]
    assert first.rulebook.code == "order-282"


def test_manual_proposal_needs_grounds_and_a_criterion_in_force(today, officer, enterprise_a):
    current = rulebook_in_force().criteria.get(code="art22-8")
    old = Rulebook.objects.get(code="order-251").criteria.get(code="art22-8")
    with pytest.raises(ValidationError) as error:
        proposal_create(actor=officer, enterprise=enterprise_a, criterion=current, grounds="  ")
    assert "grounds" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        proposal_create(actor=officer, enterprise=enterprise_a, criterion=old, grounds="x")
    assert "criterion" in error.value.message_dict
    assert not DishonestProposal.objects.exists()


@pytest.mark.parametrize("role_fixture", ["officer_sh", "coordinator", "enterprise_user"])
def test_only_officers_of_the_jurisdiction_propose(request, today, enterprise_a, role_fixture):
    actor = request.getfixturevalue(role_fixture)
    criterion = rulebook_in_force().criteria.get(code="art22-8")
    with pytest.raises(NotPermitted):
        proposal_create(actor=actor, enterprise=enterprise_a, criterion=criterion, grounds="x")


# --- notify -----------------------------------------------------------------------------------------


def test_notice_opens_the_statement_period_and_reaches_every_user(
    proposal, officer, enterprise_a, enterprise_user, django_capture_on_commit_callbacks
):
    english = EnterpriseMembershipFactory(enterprise=enterprise_a, user__preferred_language="en").user
    with django_capture_on_commit_callbacks(execute=True):
        notified = proposal_notify(actor=officer, proposal=proposal, grounds="Case 2026-17: smuggling.")
    assert notified.status == DishonestProposal.Status.NOTIFIED
    assert notified.notified_by == officer
    assert notified.grounds == "Case 2026-17: smuggling."
    assert notified.statement_due == datetime.date(2026, 6, 10)  # 5 working days after Wednesday
    notices = Notification.objects.filter(link=f"/enterprises/proposals/{proposal.pk}/")
    assert {n.recipient for n in notices} == {enterprise_user, english}
    assert "10 Jun 2026" in notices.get(recipient=english).body
    assert sorted(m.to[0] for m in mail.outbox) == sorted([enterprise_user.email, english.email])
    assert all(n.email_status == Notification.EmailStatus.SENT for n in notices)


def test_statement_period_counts_working_days_across_a_weekend(time_machine, enterprise_a, officer):
    move_to_day(time_machine, datetime.date(2026, 6, 5))  # Friday
    proposal = DishonestProposalFactory(enterprise=enterprise_a, grounds="g")
    assert proposal_notify(actor=officer, proposal=proposal).statement_due == datetime.date(2026, 6, 12)


def test_notifying_twice_sends_one_notice(notified, officer, enterprise_user):
    again = proposal_notify(actor=officer, proposal=notified)
    assert again.notified_at == notified.notified_at
    assert Notification.objects.filter(recipient=enterprise_user).count() == 1


def test_notice_needs_grounds(today, enterprise_a, officer):
    proposal = DishonestProposalFactory(enterprise=enterprise_a, grounds="")
    with pytest.raises(ValidationError):
        proposal_notify(actor=officer, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == DishonestProposal.Status.PROPOSED


# --- statements -------------------------------------------------------------------------------------


def test_enterprise_states_its_case_with_attachments(notified, enterprise_user, officer):
    statement = statement_submit(
        actor=enterprise_user,
        proposal=notified,
        text="The goods were declared.",
        files=[pdf(), SimpleUploadedFile("photo.PNG", b"\x89PNG\r\n\x1a\nrest")],
    )
    names = sorted(a.original_name for a in statement.attachments.all())
    assert names == ["photo.PNG", "statement.pdf"]
    assert statement.attachments.get(original_name="statement.pdf").file.read() == PDF
    with translation.override(officer.preferred_language):
        subject = translation.gettext("Statement received")
    assert Notification.objects.filter(recipient=officer, subject=subject).exists()


def test_statement_is_accepted_on_the_due_day_and_refused_after(notified, enterprise_user, time_machine):
    move_to_day(time_machine, notified.statement_due)
    statement_submit(actor=enterprise_user, proposal=notified, text="On time.")
    move_to_day(time_machine, notified.statement_due + datetime.timedelta(days=1))
    with translation.override("en"), pytest.raises(InvalidState, match="statement period ended"):
        statement_submit(actor=enterprise_user, proposal=notified, text="Too late.")
    assert DishonestStatement.objects.count() == 1


def test_statement_only_by_the_enterprise_while_notified(
    proposal, enterprise_user, enterprise_user_b, officer
):
    with pytest.raises(InvalidState):
        statement_submit(actor=enterprise_user, proposal=proposal, text="Before the notice.")
    notified = proposal_notify(actor=officer, proposal=proposal)
    for outsider in (enterprise_user_b, officer):
        with pytest.raises(NotPermitted):
            statement_submit(actor=outsider, proposal=notified, text="Not mine.")
    assert not DishonestStatement.objects.exists()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (lambda: [pdf(content=b"%PDF" + b"0" * (MAX_BYTES - 3))], "larger than 10 MB"),
        (lambda: [SimpleUploadedFile("tool.exe", b"MZ\x90\x00")], "only PDF, JPG, PNG, DOCX and XLSX"),
        (lambda: [SimpleUploadedFile("fake.pdf", b"MZ\x90\x00")], "not really a PDF"),
        (lambda: [pdf(f"f{n}.pdf") for n in range(6)], "at most 5 files"),
    ],
    ids=["too-big", "wrong-type", "content-mismatch", "too-many"],
)
def test_bad_attachments_are_refused_and_change_nothing(notified, enterprise_user, files, message):
    files = files()  # made per run: an upload read once is closed
    with translation.override("en"), pytest.raises(ValidationError) as error:
        statement_submit(actor=enterprise_user, proposal=notified, text="See files.", files=files)
    assert message in " ".join(error.value.message_dict["files"])
    assert not DishonestStatement.objects.exists()
    assert not StatementAttachment.objects.exists()


def test_attachments_at_the_limits_are_accepted(notified, enterprise_user):
    files = [pdf(content=b"%PDF" + b"0" * (MAX_BYTES - 4))] + [pdf(f"f{n}.pdf") for n in range(4)]
    statement = statement_submit(actor=enterprise_user, proposal=notified, text="Five files.", files=files)
    assert statement.attachments.count() == 5


# --- decide -----------------------------------------------------------------------------------------


def test_decision_waits_for_the_statement_period(notified, officer, time_machine):
    with pytest.raises(InvalidState, match=format_date(datetime.date(2026, 6, 10))):
        proposal_decide(actor=officer, proposal=notified, decision_number="D-1", note="")
    move_to_day(time_machine, notified.statement_due)
    with pytest.raises(InvalidState):
        proposal_decide(actor=officer, proposal=notified, decision_number="D-1", note="")
    move_to_day(time_machine, notified.statement_due + datetime.timedelta(days=1))
    assert proposal_decide(actor=officer, proposal=notified, decision_number="D-1").status == "determined"


def test_a_statement_does_not_end_the_statement_period(notified, officer, enterprise_user):
    statement_submit(actor=enterprise_user, proposal=notified, text="We contest it; documents follow.")
    with translation.override("en"), pytest.raises(InvalidState, match="nothing more to state"):
        proposal_decide(actor=officer, proposal=notified, decision_number="D-2")
    statement_submit(actor=enterprise_user, proposal=notified, text="The documents.")
    assert notified.statements.count() == 2


def test_nothing_more_to_state_lets_the_officer_decide_and_closes_the_statements(
    notified, officer, enterprise_user
):
    statement_submit(actor=enterprise_user, proposal=notified, text="We accept.", final=True)
    with translation.override("en"), pytest.raises(InvalidState, match="nothing more to state"):
        statement_submit(actor=enterprise_user, proposal=notified, text="One more thing.")
    assert proposal_decide(actor=officer, proposal=notified, decision_number="D-2").status == "determined"


def test_decision_records_the_ledger_entry_and_publication(
    notified, officer, enterprise_a, enterprise_user, time_machine, django_capture_on_commit_callbacks
):
    day = notified.statement_due + datetime.timedelta(days=1)
    move_to_day(time_machine, day)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decided = proposal_decide(
            actor=officer, proposal=notified, decision_number="XN-2026-5", note="Upheld."
        )
    entry = decided.ledger_entry
    assert (entry.grade, entry.previous_grade) == ("dishonest", "advanced_certified")
    assert entry.cause == LedgerEntry.Cause.DETERMINATION
    assert (entry.criterion, entry.rulebook) == (notified.criterion, notified.rulebook)
    assert (entry.decision_number, entry.reason, entry.effective_from) == ("XN-2026-5", "Upheld.", day)
    assert (decided.decided_by, decided.decision_number) == (officer, "XN-2026-5")
    assert decided.publication_level == "general"
    assert decided.published_until == day + relativedelta(months=12)  # Order 282: general, at most 12 months
    enterprise_a.refresh_from_db()
    assert enterprise_a.credit_grade == "dishonest"
    assert [m.to for m in mail.outbox] == [[enterprise_user.email]]
    assert "XN-2026-5" in mail.outbox[0].body
    # A repeated request with the same decision returns it; no second ledger entry.
    assert proposal_decide(actor=officer, proposal=decided, decision_number="XN-2026-5").pk == decided.pk
    assert enterprise_a.ledger_entries.filter(cause="determination").count() == 1


@pytest.mark.parametrize(
    ("code", "grade", "level", "months"),
    [
        ("serious-1", "seriously_dishonest", "serious", 36),
        ("art22-4", "dishonest", "minor", 3),
        ("art22-1", "dishonest", "serious", 36),
    ],
)
def test_grade_and_publication_period_come_from_the_rulebook(
    today, officer, enterprise_b, enterprise_user_b, code, grade, level, months
):
    proposal = DishonestProposalFactory(
        enterprise=enterprise_b, criterion=rulebook_in_force().criteria.get(code=code), grounds="g"
    )
    proposal = proposal_notify(actor=officer, proposal=proposal)
    statement_submit(actor=enterprise_user_b, proposal=proposal, text="No objection.", final=True)
    decided = proposal_decide(actor=officer, proposal=proposal, decision_number=f"D-{code}")
    assert decided.ledger_entry.grade == grade
    assert decided.publication_level == level
    assert decided.published_until == today + relativedelta(months=months)


def test_a_determination_is_recorded_even_when_the_grade_is_already_worse(
    today, officer, enterprise_b, enterprise_user_b
):
    serious = DishonestProposalFactory(
        enterprise=enterprise_b, criterion=rulebook_in_force().criteria.get(code="serious-1"), grounds="g"
    )
    ordinary = DishonestProposalFactory(enterprise=enterprise_b, grounds="g")
    for proposal in (serious, ordinary):
        proposal = proposal_notify(actor=officer, proposal=proposal)
        statement_submit(actor=enterprise_user_b, proposal=proposal, text="Noted.", final=True)
        proposal_decide(actor=officer, proposal=proposal, decision_number=f"D-{proposal.pk}")
    ordinary.refresh_from_db()
    assert ordinary.status == "determined"
    assert ordinary.ledger_entry.grade == "seriously_dishonest"
    assert ordinary.ledger_entry.criterion.code == "art22-2"
    enterprise_b.refresh_from_db()
    assert enterprise_b.credit_grade == "seriously_dishonest"


@pytest.mark.parametrize("role_fixture", ["coordinator", "enterprise_user", "officer_sh"])
def test_coordinators_enterprise_users_and_other_offices_never_decide(request, notified, role_fixture):
    actor = request.getfixturevalue(role_fixture)
    for action, kwargs in (
        (proposal_decide, {"decision_number": "D-X"}),
        (proposal_drop, {"reason": "No."}),
    ):
        with pytest.raises(NotPermitted):
            action(actor=actor, proposal=notified, **kwargs)
    notified.refresh_from_db()
    assert notified.status == DishonestProposal.Status.NOTIFIED


@pytest.mark.parametrize("role_fixture", ["administrator", "gac_officer"])
def test_administrators_and_gac_officers_decide(request, notified, enterprise_user, role_fixture):
    statement_submit(actor=enterprise_user, proposal=notified, text="Noted.", final=True)
    actor = request.getfixturevalue(role_fixture)
    assert proposal_decide(actor=actor, proposal=notified, decision_number="D-GAC").decided_by == actor


def test_transitions_refused_from_the_wrong_state(proposal, officer, enterprise_user):
    with pytest.raises(InvalidState):
        proposal_decide(actor=officer, proposal=proposal, decision_number="D-3")
    notified = proposal_notify(actor=officer, proposal=proposal)
    statement_submit(actor=enterprise_user, proposal=notified, text="Noted.", final=True)
    decided = proposal_decide(actor=officer, proposal=notified, decision_number="D-3")
    with pytest.raises(InvalidState):
        proposal_drop(actor=officer, proposal=decided, reason="Too late.")
    with pytest.raises(InvalidState):
        proposal_notify(actor=officer, proposal=decided)
    with pytest.raises(InvalidState):
        proposal_decide(actor=officer, proposal=decided, decision_number="D-4")
    with pytest.raises(InvalidState):
        statement_submit(actor=enterprise_user, proposal=decided, text="After.")
    assert allowed_actions(officer, decided) == []


def test_a_decision_without_a_number_takes_the_next_of_its_customs_register(
    notified, officer, enterprise_user
):
    """Enterprise A is under Xihai Customs, whose notices Xining Customs (西关信字) numbers: the pre-notice
    took number 1 of 2026, the decision takes number 2."""
    assert notified.notice_number == "西关信字〔2026〕1号"
    statement_submit(actor=enterprise_user, proposal=notified, text="Noted.", final=True)
    decided = proposal_decide(actor=officer, proposal=notified, decision_number=" ")
    assert decided.decision_number == "西关信字〔2026〕2号"
    assert decided.ledger_entry.decision_number == "西关信字〔2026〕2号"
    # A repeated request returns the decision made, without taking a number.
    assert proposal_decide(actor=officer, proposal=decided).decision_number == "西关信字〔2026〕2号"


# --- drop -------------------------------------------------------------------------------------------


def test_dropping_needs_a_reason_and_tells_only_a_notified_enterprise(
    today, officer, enterprise_a, enterprise_user
):
    internal = DishonestProposalFactory(enterprise=enterprise_a, grounds="g")
    with pytest.raises(ValidationError):
        proposal_drop(actor=officer, proposal=internal, reason="")
    dropped = proposal_drop(actor=officer, proposal=internal, reason="Evidence withdrawn.")
    assert (dropped.status, dropped.drop_reason) == ("dropped", "Evidence withdrawn.")
    assert not Notification.objects.filter(recipient=enterprise_user).exists()
    assert proposal_drop(actor=officer, proposal=dropped, reason="Again").drop_reason == "Evidence withdrawn."

    notified = proposal_notify(
        actor=officer, proposal=DishonestProposalFactory(enterprise=enterprise_a, grounds="g")
    )
    proposal_drop(actor=officer, proposal=notified, reason="Paid in full.")
    latest = Notification.objects.filter(recipient=enterprise_user).first()
    assert "Paid in full." in latest.body


# --- visibility -------------------------------------------------------------------------------------


def test_enterprise_users_never_see_proposals_customs_has_not_notified(
    today, officer, enterprise_a, enterprise_user, enterprise_user_b
):
    internal = DishonestProposalFactory(enterprise=enterprise_a, grounds="g")
    criteria = rulebook_in_force().criteria
    dropped = proposal_drop(
        actor=officer,
        proposal=DishonestProposalFactory(enterprise=enterprise_a, criterion=criteria.get(code="art22-4")),
        reason="Paid before the notice.",
    )
    notified = proposal_notify(
        actor=officer,
        proposal=DishonestProposalFactory(
            enterprise=enterprise_a, criterion=criteria.get(code="art22-6"), grounds="g"
        ),
    )
    assert list(visible_proposals(enterprise_user)) == [notified]
    assert set(visible_proposals(officer)) == {internal, dropped, notified}
    assert not visible_proposals(enterprise_user_b).exists()


# --- hand-offs: each step of the table tells whoever acts next --------------------------------------


def _statement(proposal, people):
    return statement_submit(actor=people["enterprise"], proposal=proposal, text="We paid.", final=True)


# action: (start from a notified proposal, the step, taken by)
HAND_OFFS = {
    "notify": (False, lambda p, people: proposal_notify(actor=people["officer"], proposal=p), "officer"),
    "statement": (True, _statement, "enterprise"),
    "decide": (True, lambda p, people: proposal_decide(actor=people["officer"], proposal=p), "officer"),
    "drop": (
        True,
        lambda p, people: proposal_drop(actor=people["officer"], proposal=p, reason="Paid."),
        "officer",
    ),
}


@pytest.mark.parametrize("name", list(ACTIONS))
def test_each_step_of_a_proposal_tells_the_party_who_acts_next(name, proposal, officer, enterprise_user):
    people = {"officer": officer, "enterprise": enterprise_user}
    notified_first, step, acting = HAND_OFFS[name]
    if notified_first:
        proposal_notify(actor=officer, proposal=proposal)
    if name == "decide":
        _statement(proposal, people)
    last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    step(proposal, people)
    expected = {ENTERPRISE: enterprise_user.username, NOTIFYING_OFFICER: officer.username}[
        ACTIONS[name].tells
    ]
    told = Notification.objects.filter(pk__gt=last).values_list("recipient__username", flat=True)
    assert list(told) == [expected]
    assert people[acting].username != expected


def test_dropping_a_proposal_never_notified_tells_nobody(proposal, officer, enterprise_user):
    proposal_drop(actor=officer, proposal=proposal, reason="Criterion no longer met.")
    assert not Notification.objects.exists()
