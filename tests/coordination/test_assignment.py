"""Automatic coordinator assignment: balance, capacity, expertise, conflicts, determinism, reassignment."""

import datetime

import pytest
from django.db import connection
from django.db.models import Count

from accounts.models import ActivityEntry, Role, User
from coordination.assignment import assign_coordinators, coordinator_deactivate
from coordination.models import CoordinatorProfile
from core.errors import InvalidState, NotPermitted
from enterprises.models import ConflictOfInterest, CoordinatorAssignment
from enterprises.uscc import check_character
from rulebooks.models import Measure, Rulebook
from rulebooks.services import rulebook_new_version
from tests.factories.accounts import UserFactory
from tests.factories.coordination import CoordinatorProfileFactory
from tests.factories.enterprises import EnterpriseFactory

pytestmark = pytest.mark.django_db


def coordinator(office, username, capacity=40, expertise=()):
    user = UserFactory(username=username, role=Role.COORDINATOR, office=office)
    profile = CoordinatorProfileFactory(user=user, office=office, capacity=capacity)
    profile.expertise.set(expertise)
    return profile


def aeo(office, n, business_types=()):
    return [
        EnterpriseFactory(
            customs_office=office, credit_grade="advanced_certified", business_types=list(business_types)
        )
        for _ in range(n)
    ]


def loads():
    return dict(
        CoordinatorAssignment.objects.filter(is_active=True)
        .values_list("coordinator__username")
        .annotate(n=Count("id"))
        .order_by()
    )


def test_every_aeo_enterprise_gets_one_coordinator_of_its_own_customs_and_a_rerun_does_nothing(offices):
    xining, shanghai = coordinator(offices["9700"], "c_xn"), coordinator(offices["2200"], "c_sh")
    qinghai = aeo(offices["9703"], 3)  # Xihai is below Xining
    pudong = aeo(offices["2210"], 2)
    regular = EnterpriseFactory(customs_office=offices["9700"])
    assert assign_coordinators() == {"created": 5, "ended": 0, "unassigned": 0}
    assert assign_coordinators() == {"created": 0, "ended": 0, "unassigned": 0}
    for enterprise in qinghai:
        assert enterprise.coordinator_assignments.get(is_active=True).coordinator == xining.user
    for enterprise in pudong:
        assert enterprise.coordinator_assignments.get(is_active=True).coordinator == shanghai.user
    assert not regular.coordinator_assignments.exists()


def test_load_is_balanced_and_capacity_respected(offices):
    coordinator(offices["9700"], "c_a", capacity=10)
    coordinator(offices["9700"], "c_b", capacity=10)
    coordinator(offices["9700"], "c_c", capacity=2)
    aeo(offices["9700"], 20)
    counts = assign_coordinators()
    assert counts == {"created": 20, "ended": 0, "unassigned": 0}
    assert loads() == {"c_a": 9, "c_b": 9, "c_c": 2}
    aeo(offices["9700"], 3)
    assert assign_coordinators() == {"created": 2, "ended": 0, "unassigned": 1}
    assert loads() == {"c_a": 10, "c_b": 10, "c_c": 2}


def test_expertise_is_preferred_and_conflicts_are_never_assigned(offices, business_types):
    broker = business_types["customs_broker"]
    generalist = coordinator(offices["9700"], "c_general")
    expert = coordinator(offices["9700"], "c_broker", expertise=[broker])
    brokers = aeo(offices["9700"], 2, [broker])
    ConflictOfInterest.objects.create(
        officer=expert.user, enterprise=brokers[1], description="Former employee."
    )
    assign_coordinators()
    assert brokers[0].coordinator_assignments.get().coordinator == expert.user
    assert brokers[1].coordinator_assignments.get().coordinator == generalist.user


def test_the_same_data_gives_the_same_assignment(offices):
    coordinator(offices["9700"], "c_1")
    coordinator(offices["9700"], "c_2")
    enterprises = aeo(offices["9700"], 6)
    assign_coordinators()
    first = [e.coordinator_assignments.get().coordinator.username for e in enterprises]
    CoordinatorAssignment.objects.all().delete()
    assign_coordinators()
    assert [e.coordinator_assignments.get().coordinator.username for e in enterprises] == first
    assert first == ["c_1", "c_2", "c_1", "c_2", "c_1", "c_2"]


def test_a_declared_conflict_ends_the_assignment_and_reassigns(offices):
    first, second = coordinator(offices["9700"], "c_1"), coordinator(offices["9700"], "c_2")
    (enterprise,) = aeo(offices["9700"], 1)
    assign_coordinators()
    assert enterprise.coordinator_assignments.get(is_active=True).coordinator == first.user
    ConflictOfInterest.objects.create(officer=first.user, enterprise=enterprise, description="Shareholder.")
    assert assign_coordinators() == {"created": 1, "ended": 1, "unassigned": 0}
    assert enterprise.coordinator_assignments.get(is_active=True).coordinator == second.user
    assert enterprise.coordinator_assignments.count() == 2  # the history is kept


def test_deactivating_a_coordinator_reassigns_their_enterprises(offices, officer, officer_sh):
    leaving, staying = coordinator(offices["9700"], "c_leaving"), coordinator(offices["9700"], "c_staying")
    aeo(offices["9700"], 4)
    assign_coordinators()
    with pytest.raises(NotPermitted):
        coordinator_deactivate(actor=officer_sh, profile=leaving)
    counts = coordinator_deactivate(actor=officer, profile=leaving)
    assert counts == {"created": 2, "ended": 2, "unassigned": 0}
    assert loads() == {"c_staying": 4}
    leaving.refresh_from_db()
    assert not leaving.is_active
    assert staying.is_active


def test_an_officer_cannot_assign_a_conflicted_coordinator_by_hand(offices, officer):
    from django.core.exceptions import ValidationError

    from enterprises.services import coordinator_assign

    profile = coordinator(offices["9700"], "c_conflicted")
    (enterprise,) = aeo(offices["9700"], 1)
    ConflictOfInterest.objects.create(
        officer=profile.user, enterprise=enterprise, description="Brother-in-law."
    )
    with pytest.raises(ValidationError):
        coordinator_assign(actor=officer, enterprise=enterprise, coordinator=profile.user)


def test_an_officer_assigns_by_hand_only_a_coordinator_of_the_enterprises_customs(offices, officer):
    from django.core.exceptions import ValidationError

    from enterprises.services import coordinator_assign

    (enterprise,) = aeo(offices["9703"], 1)  # Xihai, under Xining
    for outsider in (
        coordinator(offices["2200"], "c_shanghai").user,
        UserFactory(role=Role.OFFICER, office=offices["9700"]),
    ):
        with pytest.raises(ValidationError) as refused:
            coordinator_assign(actor=officer, enterprise=enterprise, coordinator=outsider)
        assert "coordinator" in refused.value.message_dict
    assert not enterprise.coordinator_assignments.exists()
    xining = coordinator(offices["9700"], "c_xining").user
    assert coordinator_assign(actor=officer, enterprise=enterprise, coordinator=xining).coordinator == xining


def test_fifty_coordinators_share_two_thousand_enterprises_evenly(offices, capsys):
    """The brief's office of 50 coordinators and 2,000 AEO enterprises: loads differ by at most one."""
    from enterprises.models import Enterprise

    office = offices["9700"]
    users = User.objects.bulk_create(
        User(username=f"c{n:02d}", role=Role.COORDINATOR, office=office, password="!") for n in range(50)
    )
    CoordinatorProfile.objects.bulk_create(
        CoordinatorProfile(user=user, office=office, capacity=60) for user in users
    )
    rows = []
    for n in range(2000):
        first17 = f"91630100MB{n:07d}"
        rows.append(
            Enterprise(
                uscc=first17 + check_character(first17),
                customs_code=f"97009{n:05d}",
                name=f"协调测试企业{n}",
                customs_office=office,
                credit_grade="advanced_certified",
            )
        )
    Enterprise.objects.bulk_create(rows)
    assert assign_coordinators()["created"] == 2000
    spread = sorted(loads().values())
    with capsys.disabled():
        print(f"\nassignment spread over 50 coordinators: min {spread[0]}, max {spread[-1]}")
    assert len(spread) == 50
    assert spread[-1] - spread[0] <= 1
    assert sum(spread) == 2000


@pytest.mark.parametrize(
    ("day", "rulebook"), [(datetime.date(2026, 3, 31), "order-251"), (datetime.date(2026, 4, 1), "order-282")]
)
def test_the_rulebooks_coordinator_measure_decides_who_gets_one(offices, travel, day, rulebook):
    """Both rulebooks give the coordinator measure to advanced certified enterprises only (GAC
    Announcement 2018 No. 181); Order 282 as shipped gives 认证企业 none."""
    travel(day)
    coordinator(offices["9700"], "c_1")
    advanced = EnterpriseFactory(customs_office=offices["9700"], credit_grade="advanced_certified")
    others = [EnterpriseFactory(customs_office=offices["9700"])]
    if rulebook == "order-282":  # Order 251 has no certified grade
        others.append(EnterpriseFactory(customs_office=offices["9700"], credit_grade="certified"))
    assert list(
        Measure.objects.filter(rulebook__code=rulebook, code="coordinator").values_list("grade", flat=True)
    ) == ["advanced_certified"]
    assert assign_coordinators(as_of=day) == {"created": 1, "ended": 0, "unassigned": 0}
    assert advanced.coordinator_assignments.get(is_active=True).coordinator.username == "c_1"
    for enterprise in others:
        assert not enterprise.coordinator_assignments.exists(), enterprise.credit_grade


def test_a_rulebook_that_gives_certified_enterprises_a_coordinator_is_followed_from_its_first_day(
    offices, travel, administrator
):
    travel(datetime.date(2026, 6, 1))
    coordinator(offices["9700"], "c_1")
    certified = EnterpriseFactory(customs_office=offices["9700"], credit_grade="certified")
    version = rulebook_new_version(actor=administrator, rulebook=Rulebook.objects.get(code="order-282"))
    assert version.effective_from == datetime.date(2026, 6, 2)
    Measure.objects.create(
        rulebook=version,
        grade="certified",
        code="coordinator",
        title="海关为企业设立协调员",
        title_en="A coordinator",
    )
    assert assign_coordinators(as_of=datetime.date(2026, 6, 1))["created"] == 0
    assert assign_coordinators(as_of=datetime.date(2026, 6, 2))["created"] == 1
    assert certified.coordinator_assignments.get(is_active=True).coordinator.username == "c_1"


def test_an_enterprise_whose_grade_gets_no_coordinator_loses_its_assignment(offices, travel):
    travel(datetime.date(2026, 6, 1))
    profile = coordinator(offices["9700"], "c_1")
    certified = EnterpriseFactory(customs_office=offices["9700"], credit_grade="certified")
    CoordinatorAssignment.objects.create(enterprise=certified, coordinator=profile.user)
    assert assign_coordinators() == {"created": 0, "ended": 1, "unassigned": 0}
    assert not certified.coordinator_assignments.filter(is_active=True).exists()
    assert certified.coordinator_assignments.get().ended_at is not None  # the history is kept
    assert ActivityEntry.objects.filter(
        verb="coordinator.ended_by_rulebook", target_id=str(certified.pk)
    ).exists()
    assert assign_coordinators() == {"created": 0, "ended": 0, "unassigned": 0}


def test_an_officer_cannot_assign_by_hand_to_a_grade_the_rulebook_gives_no_coordinator(
    offices, officer, travel
):
    from enterprises.services import coordinator_assign

    travel(datetime.date(2026, 6, 1))
    profile = coordinator(offices["9700"], "c_1")
    certified = EnterpriseFactory(customs_office=offices["9700"], credit_grade="certified")
    with pytest.raises(InvalidState):
        coordinator_assign(actor=officer, enterprise=certified, coordinator=profile.user)
    assert not certified.coordinator_assignments.exists()
    (advanced,) = aeo(offices["9700"], 1)
    assert coordinator_assign(actor=officer, enterprise=advanced, coordinator=profile.user).is_active


@pytest.mark.parametrize("enterprises", [2, 8])
def test_the_job_runs_in_the_same_queries_whatever_the_number_of_enterprises(
    offices, travel, django_assert_num_queries, enterprises
):
    """Set-based: the rulebook's grades (2), the transaction's savepoint (2), the two endings (3),
    the coordinators with their expertise (2), the loads (2), the conflicts (1), the enterprises with
    their business types (2), one insert (1), its audit trail (4), the hand-over of open cases (1); on
    PostgreSQL also the advisory lock that serialises the audit trail's appends (1)."""
    from django.contrib.contenttypes.models import ContentType

    travel(datetime.date(2026, 6, 1))
    coordinator(offices["9700"], "c_1")
    aeo(offices["9700"], enterprises)
    EnterpriseFactory(customs_office=offices["9700"], credit_grade="certified")
    ContentType.objects.clear_cache()
    with django_assert_num_queries(20 if connection.vendor == "postgresql" else 19):
        assert assign_coordinators()["created"] == enterprises


def test_a_newly_certified_enterprise_gets_its_coordinator_at_once_and_the_coordinator_is_told(
    offices, travel
):
    """Certified on 2026-06-01 under Order 282: the coordinator is assigned in the same transaction as
    the grade, not at the next nightly run, and finds the enterprise in the inbox."""
    from enterprises.ledger import ledger_record
    from enterprises.models import LedgerEntry
    from notifications.models import Notification

    travel(datetime.date(2026, 6, 1))
    profile = coordinator(offices["9700"], "c_now")
    enterprise = EnterpriseFactory(customs_office=offices["9703"], name="即时协调公司")
    assert not CoordinatorAssignment.objects.filter(enterprise=enterprise).exists()
    ledger_record(
        actor=None,
        enterprise=enterprise,
        grade="advanced_certified",
        cause=LedgerEntry.Cause.CERTIFICATION,
        reason="Certified.",
        decision_number="西宁关认〔2026〕3号",
    )
    assignment = CoordinatorAssignment.objects.get(enterprise=enterprise, is_active=True)
    assert assignment.coordinator == profile.user
    notice = Notification.objects.get(recipient=profile.user)
    assert "即时协调公司" in notice.subject
    assert notice.link == f"/enterprises/{enterprise.pk}/"
    assert assign_coordinators()["created"] == 0  # the nightly run finds nothing left to do


def test_a_grade_without_a_coordinator_gets_none_at_once(offices, travel):
    """Order 282 gives the certified grade (认证企业) no coordinator: none is assigned."""
    from enterprises.ledger import ledger_record
    from enterprises.models import LedgerEntry

    travel(datetime.date(2026, 6, 1))
    coordinator(offices["9700"], "c_idle")
    enterprise = EnterpriseFactory(customs_office=offices["9703"])
    ledger_record(
        actor=None,
        enterprise=enterprise,
        grade="certified",
        cause=LedgerEntry.Cause.CERTIFICATION,
        reason=".",
    )
    assert not CoordinatorAssignment.objects.filter(enterprise=enterprise).exists()
