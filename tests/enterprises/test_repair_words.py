"""Credit repair word for word and day for day (domain brief 4.2): each refusal, the stored application
and decision, the audit entries, and what the enterprise reads (in Chinese, its users' language).

Days are written out. Order 251 (in force until 31 March 2026) sets the waiting period of Art. 22(4)
(unpaid tax) at 3 months; both rulebooks answer a repair application within 20 days and restore credit
automatically after 24 clean months.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.models import ActivityEntry
from core.errors import InvalidState, NotPermitted
from enterprises.ledger import ledger_record
from enterprises.models import DishonestProposal, LedgerEntry, RepairApplication
from enterprises.repair import (
    Eligibility,
    repair_apply,
    repair_automatically,
    repair_decide,
    repair_eligibility,
)
from notifications.models import Notification
from tests.factories.enterprises import (
    ArrearFactory,
    DishonestProposalFactory,
    EnterpriseFactory,
    EnterpriseMembershipFactory,
    determined_proposal,
)

pytestmark = pytest.mark.django_db

DECISION = "西宁关修〔2026〕1号"


@pytest.fixture
def on_3_june(travel):
    travel(date(2026, 6, 3))


@pytest.fixture
def unpaid_tax(on_3_june, offices):
    """Determined under Art. 22(4) on 10 February 2026: repair can be applied for from 10 May."""
    enterprise = EnterpriseFactory(
        customs_office=offices["9700"], name="青海丁公司", name_en="Qinghai D Co., Ltd."
    )
    determined_proposal(enterprise, code="art22-4", on=date(2026, 2, 10))
    return enterprise


@pytest.fixture
def user(unpaid_tax):
    return EnterpriseMembershipFactory(enterprise=unpaid_tax).user


def inbox(user):
    return [(n.subject, n.body, n.link) for n in Notification.objects.filter(recipient=user)]


def determined_on(enterprise, code, day):
    return determined_proposal(enterprise, code=code, on=day)


# --- when repair may be applied for -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "eligible", "reason"),
    [
        (
            date(2026, 5, 9),
            False,
            "Credit repair can be applied for from 10 May 2026, 3 months after the determination under "
            "Art. 22(4).",
        ),
        (date(2026, 5, 10), True, ""),
        (date(2026, 5, 11), True, ""),
    ],
)
def test_repair_opens_3_months_after_an_unpaid_tax_determination(unpaid_tax, today, eligible, reason):
    with translation.override("en"):
        assert repair_eligibility(unpaid_tax, today) == Eligibility(eligible, date(2026, 5, 10), reason)


def test_the_longest_waiting_period_of_several_determinations_binds(unpaid_tax):
    determined_on(unpaid_tax, "art22-2", date(2026, 2, 20))  # 12 months
    with translation.override("en"):
        assert repair_eligibility(unpaid_tax, date(2026, 6, 3)) == Eligibility(
            False,
            date(2027, 2, 20),
            "Credit repair can be applied for from 20 Feb 2027, 12 months after the determination under "
            "Art. 22(2).",
        )


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (
            "serious-1",
            "Enterprises on the serious-dishonesty list (Art. 23(1)) cannot apply for credit repair; "
            "credit is restored automatically after a clean period.",
        ),
        (
            "art22-1",
            "A determination under Art. 22(1) cannot be repaired on application; credit is restored "
            "automatically after a clean period.",
        ),
    ],
)
def test_determinations_repaired_only_automatically_say_so(on_3_june, offices, code, reason):
    enterprise = EnterpriseFactory(customs_office=offices["9700"])
    determined_on(enterprise, code, date(2026, 2, 10))
    with translation.override("en"):
        assert repair_eligibility(enterprise, date(2030, 1, 1)) == Eligibility(False, None, reason)


def test_only_a_dishonest_enterprise_needs_repair(enterprise_b, on_3_june):
    with translation.override("en"):
        assert repair_eligibility(enterprise_b) == Eligibility(
            False,
            None,
            "Only an enterprise determined dishonest needs credit repair.",
        )


def test_a_dishonest_enterprise_without_a_determination_on_record_may_apply_at_once(on_3_june, offices):
    taken_over = EnterpriseFactory(customs_office=offices["9700"], credit_grade="dishonest")
    assert repair_eligibility(taken_over) == Eligibility(True, date(2026, 6, 3), "")


# --- the application ----------------------------------------------------------------------------------


def test_an_application_is_stored_due_in_20_days_and_audited(unpaid_tax, user):
    application = repair_apply(actor=user, enterprise=unpaid_tax, corrective_actions="  The tax was paid.  ")
    assert (application.status, application.applied_by, application.corrective_actions) == (
        "submitted",
        user,
        "The tax was paid.",
    )
    assert (application.rulebook.code, application.answer_due) == ("order-282", date(2026, 6, 23))
    entry = ActivityEntry.objects.get(verb="repair.applied")
    assert (entry.actor, entry.target_id, entry.note) == (user, str(application.pk), "The tax was paid.")


def test_the_applications_refusals_in_words(unpaid_tax, user, enterprise_user):
    with translation.override("en"):
        with pytest.raises(
            NotPermitted, match=r"^Only the enterprise's own users apply for its credit repair\.$"
        ):
            repair_apply(actor=enterprise_user, enterprise=unpaid_tax, corrective_actions="Paid.")
        with pytest.raises(ValidationError) as blank:
            repair_apply(actor=user, enterprise=unpaid_tax, corrective_actions=" ")
        assert blank.value.message_dict == {
            "corrective_actions": ["Describe how the behaviour was corrected."]
        }
        repair_apply(actor=user, enterprise=unpaid_tax, corrective_actions="Paid.")
        with pytest.raises(
            InvalidState, match=r"^An application for credit repair is already being considered\.$"
        ):
            repair_apply(actor=user, enterprise=unpaid_tax, corrective_actions="Again.")
    assert RepairApplication.objects.count() == 1


# --- the decision ---------------------------------------------------------------------------------------


def test_an_approval_restores_the_grade_and_tells_the_enterprise(
    unpaid_tax, user, officer, django_capture_on_commit_callbacks
):
    application = repair_apply(actor=user, enterprise=unpaid_tax, corrective_actions="Paid.")
    with django_capture_on_commit_callbacks(execute=True):
        repair_decide(actor=officer, application=application, approve=True, decision_number=f" {DECISION} ")
    application.refresh_from_db()
    entry = application.ledger_entry
    assert (application.status, application.decided_by, application.decision_note) == (
        "approved",
        officer,
        "",
    )
    assert application.decided_at is not None
    assert (entry.grade, entry.cause, entry.reason, entry.decision_number, entry.effective_from) == (
        "regular",
        LedgerEntry.Cause.REPAIR,
        "Paid.",  # no note: the corrective actions are the reason
        DECISION,
        date(2026, 6, 3),
    )
    assert set(DishonestProposal.objects.values_list("repaired_by", flat=True)) == {entry.pk}
    audit = ActivityEntry.objects.get(verb="repair.decided")
    assert (audit.actor, audit.changes, audit.note) == (
        officer,
        {"status": ["submitted", "approved"]},
        DECISION,
    )
    assert inbox(user) == [
        (
            "信用修复：已批准",
            f"海关已对青海丁公司进行信用修复（决定书 {DECISION}）："
            "自今日起恢复为常规企业，失信记录不再公示。",
            f"/enterprises/repairs/{application.pk}/",
        )
    ]


def test_an_approval_with_a_note_gives_the_note_as_the_reason(unpaid_tax, user, officer):
    application = repair_apply(actor=user, enterprise=unpaid_tax, corrective_actions="Paid.")
    repair_decide(
        actor=officer, application=application, approve=True, note=" Verified. ", decision_number=DECISION
    )
    application.refresh_from_db()
    assert (application.decision_note, application.ledger_entry.reason) == ("Verified.", "Verified.")
    assert ActivityEntry.objects.get(verb="repair.decided").note == "Verified."


def test_a_refusal_keeps_the_grade_and_tells_the_enterprise_why(
    unpaid_tax, user, officer, django_capture_on_commit_callbacks
):
    application = repair_apply(actor=user, enterprise=unpaid_tax, corrective_actions="Paid.")
    with django_capture_on_commit_callbacks(execute=True):
        repair_decide(actor=officer, application=application, approve=False, note=" 税款尚未缴清。 ")
    application.refresh_from_db()
    unpaid_tax.refresh_from_db()
    assert (application.status, application.decision_note, application.ledger_entry) == (
        "refused",
        "税款尚未缴清。",
        None,
    )
    assert unpaid_tax.credit_grade == "dishonest"
    assert ActivityEntry.objects.get(verb="repair.decided").changes == {"status": ["submitted", "refused"]}
    ((subject, body, _link),) = inbox(user)
    assert (subject, body) == ("信用修复：已驳回", "海关对青海丁公司的信用修复申请不予准许：税款尚未缴清。")


def test_the_decisions_refusals_in_words(unpaid_tax, user, officer, officer_sh):
    application = repair_apply(actor=user, enterprise=unpaid_tax, corrective_actions="Paid.")
    with translation.override("en"):
        with pytest.raises(ValidationError) as no_number:
            repair_decide(actor=officer, application=application, approve=True, decision_number=" ")
        assert no_number.value.message_dict == {"decision_number": ["Give the decision number."]}
        with pytest.raises(ValidationError) as no_reason:
            repair_decide(actor=officer, application=application, approve=False, note=" ")
        assert no_reason.value.message_dict == {"note": ["Give the reason for refusing."]}
        with pytest.raises(
            NotPermitted, match=r"^Only officers of the enterprise's customs decide on repair\.$"
        ):
            repair_decide(actor=officer_sh, application=application, approve=True, decision_number=DECISION)
        repair_decide(actor=officer, application=application, approve=False, note="Unpaid.")
        with pytest.raises(InvalidState, match=r"^This application has already been decided\.$"):
            repair_decide(actor=officer, application=application, approve=True, decision_number=DECISION)


def test_an_approval_is_refused_once_a_new_determination_bars_repair(unpaid_tax, user, officer):
    application = repair_apply(actor=user, enterprise=unpaid_tax, corrective_actions="Paid.")
    determined_on(unpaid_tax, "art22-1", date(2026, 3, 1))  # a later determination entered since
    with translation.override("en"), pytest.raises(InvalidState) as refused:
        repair_decide(actor=officer, application=application, approve=True, decision_number=DECISION)
    assert str(refused.value) == (
        "A determination under Art. 22(1) cannot be repaired on application; credit is restored "
        "automatically after a clean period."
    )
    application.refresh_from_db()
    assert application.status == "submitted"


# --- automatic repair after 24 clean months ---------------------------------------------------------------


@pytest.fixture
def determined_3_june_2024(offices):
    enterprise = EnterpriseFactory(
        customs_office=offices["9700"], name="青海戊公司", name_en="Qinghai E Co., Ltd."
    )
    determined_on(enterprise, "art22-2", date(2024, 6, 3))
    return enterprise


def test_automatic_repair_restores_and_tells_the_enterprise_in_chinese(
    determined_3_june_2024, django_capture_on_commit_callbacks
):
    user = EnterpriseMembershipFactory(enterprise=determined_3_june_2024).user
    with django_capture_on_commit_callbacks(execute=True):
        result = repair_automatically(as_of=date(2026, 6, 3))
    assert result == {"rulebook": "order-282", "created": 1, "candidates": 1}
    entry = determined_3_june_2024.ledger_entries.order_by("-id").first()
    assert (entry.grade, entry.cause, entry.reason, entry.effective_from, entry.decided_by) == (
        "regular",
        LedgerEntry.Cause.AUTOMATIC_REPAIR,
        "连续 24 个月未发生失信情形。",
        date(2026, 6, 3),
        None,
    )
    assert DishonestProposal.objects.get(enterprise=determined_3_june_2024).repaired_by == entry
    audit = ActivityEntry.objects.get(verb="repair.automatic")
    assert (audit.actor, audit.target_id, audit.note) == (None, str(determined_3_june_2024.pk), entry.reason)
    assert inbox(user) == [
        (
            "信用修复：自动信用修复",
            "青海戊公司连续 24 个月未发生失信情形，自 2026年6月3日 起恢复为常规企业。",
            f"/enterprises/{determined_3_june_2024.pk}/",
        )
    ]


def test_an_open_proposal_keeps_the_enterprise_dishonest(determined_3_june_2024):
    DishonestProposalFactory(enterprise=determined_3_june_2024, status=DishonestProposal.Status.NOTIFIED)
    assert repair_automatically(as_of=date(2026, 6, 3)) == {
        "rulebook": "order-282",
        "created": 0,
        "candidates": 0,
    }


@pytest.mark.parametrize(("evidence_date", "restored"), [(date(2024, 6, 3), 1), (date(2024, 6, 4), 0)])
def test_a_determination_on_evidence_from_inside_the_clean_period_keeps_it_dishonest(
    determined_3_june_2024, evidence_date, restored
):
    DishonestProposal.objects.filter(enterprise=determined_3_june_2024).update(evidence_date=evidence_date)
    assert repair_automatically(as_of=date(2026, 6, 3))["created"] == restored


def test_only_dishonest_enterprises_are_repaired_automatically(offices):
    regular = EnterpriseFactory(customs_office=offices["9700"])
    determined_on(regular, "art22-2", date(2024, 6, 3))
    ledger_record(
        actor=None,
        enterprise=regular,
        grade="regular",
        cause="migration",
        reason="Taken over as regular.",
        effective_from=date(2024, 6, 3),
        today=date(2024, 6, 3),
    )
    assert repair_automatically(as_of=date(2026, 6, 3))["candidates"] == 0


def test_every_clean_enterprise_is_restored_and_only_candidates_are_counted(determined_3_june_2024, offices):
    second = EnterpriseFactory(customs_office=offices["9700"])
    determined_on(second, "art22-2", date(2024, 5, 1))
    not_a_candidate = EnterpriseFactory(customs_office=offices["9700"])
    ArrearFactory(enterprise=not_a_candidate, kind="tax", due_on=date(2024, 1, 10))  # meets Art. 22(4) today
    assert repair_automatically(as_of=date(2026, 6, 3)) == {
        "rulebook": "order-282",
        "created": 2,
        "candidates": 2,
    }


def test_the_clean_period_runs_from_the_last_grade_decision(determined_3_june_2024):
    ledger_record(
        actor=None,
        enterprise=determined_3_june_2024,
        grade="dishonest",
        cause="migration",
        reason="Confirmed when taken over from the earlier system.",
        effective_from=date(2025, 1, 10),
        today=date(2025, 1, 10),
    )
    assert repair_automatically(as_of=date(2026, 6, 3))["candidates"] == 0
    assert repair_automatically(as_of=date(2027, 1, 10))["created"] == 1


def test_a_dropped_proposal_on_recent_evidence_does_not_keep_it_dishonest(determined_3_june_2024):
    DishonestProposalFactory(
        enterprise=determined_3_june_2024,
        status=DishonestProposal.Status.DROPPED,
        evidence_date=date(2026, 5, 1),
    )
    assert repair_automatically(as_of=date(2026, 6, 3))["created"] == 1


def test_automatic_repair_applies_the_rulebook_in_force_on_its_day(offices):
    enterprise = EnterpriseFactory(customs_office=offices["9700"])
    determined_on(enterprise, "art22-2", date(2024, 2, 20))
    assert repair_automatically(as_of=date(2026, 2, 20)) == {
        "rulebook": "order-251",
        "created": 1,
        "candidates": 1,
    }


def test_no_decision_number_or_reason_at_all_is_refused(unpaid_tax, user, officer):
    application = repair_apply(actor=user, enterprise=unpaid_tax, corrective_actions="Paid.")
    with translation.override("en"):
        with pytest.raises(ValidationError) as no_number:
            repair_decide(actor=officer, application=application, approve=True, decision_number=None)
        assert no_number.value.message_dict == {"decision_number": ["Give the decision number."]}
        with pytest.raises(ValidationError) as no_reason:
            repair_decide(actor=officer, application=application, approve=False, note=None)
        assert no_reason.value.message_dict == {"note": ["Give the reason for refusing."]}


def test_the_approving_officer_is_on_the_ledger_and_an_english_reader_reads_english(
    unpaid_tax, user, officer, django_capture_on_commit_callbacks
):
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])
    application = repair_apply(actor=user, enterprise=unpaid_tax, corrective_actions="Paid.")
    with django_capture_on_commit_callbacks(execute=True):
        repair_decide(actor=officer, application=application, approve=True, decision_number=DECISION)
    application.refresh_from_db()
    assert application.ledger_entry.decided_by == officer
    ((subject, body, _link),) = inbox(user)
    assert subject == "Credit repair: approved"
    assert body.startswith(
        "Customs has repaired the credit of Qinghai D Co., Ltd. (decision 西宁关修〔2026〕1号)"
    )
