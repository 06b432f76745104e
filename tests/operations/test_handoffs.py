"""Every write of the repair, objection, cultivation, case and certificate workflows tells whoever
acts next.

The certification and determination tables are walked in their own tests (tests/certification/
test_handoffs.py, tests/enterprises/test_determination.py). Here each write service of the other
workflows is listed with the people it must tell, or with why it tells nobody; a new service that is
in neither list fails the first test, and each listed hand-off is taken through its service.
"""

import datetime
import inspect

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from certification import certificates, suspension
from certification.models import Result
from coordination import cases
from cultivation import mock, plans
from cultivation.models import Gap
from enterprises import case_filings, objections, repair
from notifications.models import Notification
from tests.factories.enterprises import (
    EnterpriseFactory,
    EnterpriseMembershipFactory,
    PenaltyFactory,
    RepairApplicationFactory,
    determined_proposal,
)

pytestmark = pytest.mark.django_db

MODULES = (repair, objections, plans, cases, certificates, suspension)
WRITE_PREFIXES = ("repair_", "objection_", "plan_", "milestone_", "gap_", "case_", "certificate_")
READS = {
    "repair_eligibility",
    "plan_officer_choices",
    "gap_owner_choices",
    "certificate_refusal",
    "certificate_allowed_actions",
    "certificate_pdf",
}

# service: who is told
HANDOFFS = {
    "repair_apply": "officer",
    "repair_decide": "enterprise",
    "objection_file": "officer",
    "objection_file_public": "officer",
    "objection_answer": "enterprise",
    "plan_open": "enterprise",
    "plan_recommend": "enterprise",
    "plan_exit": "enterprise",
    "gap_update": "owner",
    "case_open": "coordinator",
    "case_close": "enterprise",
    "certificate_suspend": "enterprise",
    "certificate_reinstate": "enterprise",
    "certificate_revoke": "enterprise",
    "certificate_surrender": "officer",
    "certificate_follow_case_filing": "enterprise",
}
# service: why it hands nothing to anyone
NOBODY = {
    "repair_automatically": "a scheduled job that tells the enterprise of each repair (tests/enterprises)",
    "milestone_add": "the plan's officers keep their own plan; the enterprise reads it on the plan page",
    "milestone_complete": "the officer records what the enterprise did; nothing waits on anyone",
    "milestone_move": "as milestone_add; the milestone reminders follow the new date",
    "case_log": "the coordinator records a contact the enterprise took part in",
    "case_rate": "the last step of a closed case; nobody acts after it",
    "certificate_issue": "part of the certification decision, whose action tells the enterprise "
    "(tests/certification/test_handoffs.py)",
    "certificate_re_reviewed": "part of the re-review decision, as certificate_issue",
    "certificate_revoke_on_re_review": "part of the re-review decision, as certificate_issue",
    "certificate_take_over": "an administrator records a certificate issued before the system; "
    "nothing changes for anyone",
}


def test_every_write_of_the_workflows_is_a_hand_off_or_says_why_it_is_none():
    writes = {
        name
        for module in MODULES
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and name.startswith(WRITE_PREFIXES) and name not in READS
    }
    assert writes == set(HANDOFFS) | set(NOBODY)
    assert not set(HANDOFFS) & set(NOBODY)


@pytest.fixture
def people(offices, officer, enterprise_b, enterprise_user_b):
    owner = EnterpriseMembershipFactory(enterprise=enterprise_b, user__username="ent_b_owner").user
    return {"officer": officer, "enterprise": enterprise_user_b, "owner": owner}


def _dishonest(offices, people):
    enterprise = EnterpriseFactory(customs_office=offices["9700"])
    determined_proposal(enterprise, code="art22-4", on=timezone.localdate() - relativedelta(months=4))
    user = EnterpriseMembershipFactory(enterprise=enterprise, user__username="ent_d").user
    people["enterprise"] = user
    return enterprise, user


def _plan(people, enterprise_b, business_types, catalogue):
    today = timezone.localdate()
    return plans.plan_open(
        actor=people["officer"],
        enterprise=enterprise_b,
        target_grade="advanced_certified",
        business_types=[business_types["customs_broker"]],
        starts_on=today - datetime.timedelta(days=30),
        target_on=today + datetime.timedelta(days=700),
        officers=[people["officer"]],
    )


def _scenario(name, people, request):
    """Prepare, then return the step to take (a function of no arguments)."""
    offices, enterprise_b = request.getfixturevalue("offices"), request.getfixturevalue("enterprise_b")
    officer = people["officer"]
    if name.startswith("repair_"):
        enterprise, user = _dishonest(offices, people)
        if name == "repair_apply":
            return lambda: repair.repair_apply(actor=user, enterprise=enterprise, corrective_actions="Paid.")
        application = RepairApplicationFactory(enterprise=enterprise, applied_by=user)
        return lambda: repair.repair_decide(
            actor=officer, application=application, approve=False, note="Too early."
        )
    if name.startswith("objection_"):
        penalty = PenaltyFactory(
            enterprise=enterprise_b, kind="administrative_smuggling", decided_on=timezone.localdate()
        )
        if name == "objection_file":
            return lambda: objections.objection_file(
                actor=people["enterprise"], record=penalty, reason="Not ours."
            )
        if name == "objection_file_public":
            return lambda: objections.objection_file_public(
                enterprise=enterprise_b,
                item=f"penalty:{penalty.pk}",
                objector_kind="natural_person",
                objector_name="王芳",
                objector_id_number="11010519491231002X",
                contact_email="wang.fang@example.cn",
                reason="The case number belongs to another company.",
            )
        objection = objections.objection_file(actor=people["enterprise"], record=penalty, reason="Not ours.")
        return lambda: objections.objection_answer(
            actor=officer, objection=objection, upheld=False, answer="It stands."
        )
    if name.startswith(("plan_", "gap_")):
        args = [request.getfixturevalue(fixture) for fixture in ("business_types", "catalogue")]
        if name == "plan_open":
            return lambda: _plan(people, enterprise_b, *args)
        plan = _plan(people, enterprise_b, *args)
        if name == "plan_exit":
            return lambda: plans.plan_exit(actor=officer, plan=plan, reason="withdrew", note="It withdrew.")
        if name == "gap_update":
            gap = Gap.objects.create(plan=plan, item=plan.rulebook.standard_items.first(), finding="fails")
            return lambda: plans.gap_update(
                actor=officer, gap=gap, owner=people["owner"], due_on=timezone.localdate()
            )
        results = {item.code: Result.MEETS for item in mock.review_items(plan)}
        mock.mock_review_record(actor=officer, plan=plan, held_on=timezone.localdate(), results=results)
        return lambda: plans.plan_recommend(actor=officer, plan=plan)
    if name.startswith("case_"):
        coordinator = request.getfixturevalue("coordinator")
        people["coordinator"] = coordinator
        enterprise_a, user_a = (
            request.getfixturevalue("enterprise_a"),
            request.getfixturevalue("enterprise_user"),
        )
        people["enterprise"] = user_a
        opening = {
            "category": "policy_consultation",
            "subject": "Heading?",
            "description": "Which heading applies?",
        }
        if name == "case_open":
            return lambda: cases.case_open(actor=user_a, enterprise=enterprise_a, **opening)
        case = cases.case_open(actor=user_a, enterprise=enterprise_a, **opening)
        cases.case_log(
            actor=coordinator,
            case=case,
            contact_at=timezone.now(),
            channel="phone",
            people="Ma Li",
            officers=[coordinator],
            result="Explained.",
        )
        return lambda: cases.case_close(actor=coordinator, case=case, outcome="Heading 2804.")
    if name.startswith("certificate_"):
        return _certificate_step(name, people, request)
    return None


def _certificate_step(name, people, request):
    """Steps on the certificate of enterprise A, held under Xihai (below Xining)."""
    enterprise_a, people["enterprise"] = (
        request.getfixturevalue("enterprise_a"),
        request.getfixturevalue("enterprise_user"),
    )
    officer = people["officer"]
    certificate = certificates.certificate_take_over(
        actor=None, enterprise=enterprise_a, issued_on=timezone.localdate() - relativedelta(years=1)
    )
    if name == "certificate_follow_case_filing":
        return lambda: case_filings.case_filing_record(
            actor=officer,
            enterprise=enterprise_a,
            kind="criminal",
            case_number="西关缉刑〔2026〕5号",
            filing_authority="西宁海关缉私分局",
            filed_on=timezone.localdate(),
        )
    if name == "certificate_surrender":
        return lambda: certificates.certificate_surrender(
            actor=people["enterprise"], certificate=certificate, reason="We no longer trade."
        )
    if name == "certificate_revoke":
        return lambda: certificates.certificate_revoke(
            actor=officer, certificate=certificate, reason="Smuggling.", decision_number="西关认撤〔2026〕2号"
        )
    suspend = {"actor": officer, "certificate": certificate, "reason": "Case under investigation."}
    if name == "certificate_suspend":
        return lambda: certificates.certificate_suspend(**suspend)
    certificates.certificate_suspend(**suspend)
    return lambda: certificates.certificate_reinstate(
        actor=officer, certificate=certificate, reason="Closed without liability."
    )


@pytest.mark.parametrize("name", sorted(HANDOFFS))
def test_each_hand_off_tells_the_next_actor(name, people, request):
    step = _scenario(name, people, request)
    assert step is not None, f"no scenario for {name}: add one"
    last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    step()
    told = set(Notification.objects.filter(pk__gt=last).values_list("recipient__username", flat=True))
    assert people[HANDOFFS[name]].username in told
