"""The officers' dashboard shows what their jurisdiction holds, and nothing of another customs.

The numbers on the page are those of the objects created here: the certification funnel, the
median days per stage read from the transition history against the 90-day period, re-reviews due
within 180 days, late rectifications and cases, open dishonest proposals, plans by phase.
"""

import datetime
import re

import pytest
from django.utils import timezone

from certification.models import ApplicationItem, StandardItem, Transition
from coordination.models import Case
from enterprises.models import DishonestProposal
from rulebooks.selectors import rulebook_in_force
from tests.factories.certification import ApplicationFactory, CertificateFactory
from tests.factories.coordination import CaseFactory
from tests.factories.cultivation import CultivationPlanFactory, MilestoneFactory
from tests.factories.enterprises import DishonestProposalFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _application(enterprise, rulebook, status, **fields):
    return ApplicationFactory(
        enterprise=enterprise, rulebook=rulebook, target_grade="advanced_certified", status=status, **fields
    )


def _steps(application, *steps):
    """Record `(to_status, days ago)` steps, oldest first, at those moments."""
    now = timezone.now()
    previous = ""
    for to_status, days_ago in steps:
        step = Transition.objects.create(
            application=application, action=to_status, from_status=previous, to_status=to_status
        )
        Transition.objects.filter(pk=step.pk).update(at=now - days_ago * DAY)
        previous = to_status


@pytest.fixture
def jurisdiction(offices, catalogue, officer, coordinator, enterprise_a, enterprise_b):
    """Xining's certification, certificates, cases, proposals and a plan, as the dashboard reads them."""
    today = timezone.localdate()
    rulebook = rulebook_in_force()
    xihai = offices["9703"]
    made = {"due_soon": EnterpriseFactory(name="复审将至公司", customs_office=xihai)}
    made["due_later"] = EnterpriseFactory(name="复审尚远公司", customs_office=xihai)
    # Three under audit: stays of 10, 20 and 30 days as submitted, 20 each as accepted.
    for submitted_days in (10, 20, 30):
        application = _application(EnterpriseFactory(customs_office=xihai), rulebook, "under_audit")
        _steps(
            application,
            ("submitted", 60),
            ("accepted", 60 - submitted_days),
            ("under_audit", 40 - submitted_days),
        )
    _application(enterprise_b, rulebook, "submitted")
    late = _application(
        EnterpriseFactory(name="整改逾期公司", customs_office=xihai), rulebook, "rectification"
    )
    ApplicationItem.objects.create(
        application=late,
        item=StandardItem.objects.filter(rulebook=rulebook).first(),
        rectification=ApplicationItem.Rectification.REQUESTED,
        rectification_due=today - 3 * DAY,
    )
    # Decided after 95 clock days (over the 90 allowed), and after 60 days of which 10 paused (50).
    for started, decided, paused in ((100, 5, 0), (70, 10, 10)):
        _application(
            EnterpriseFactory(customs_office=xihai),
            rulebook,
            "certified",
            clock_started_on=today - started * DAY,
            decided_at=timezone.now() - decided * DAY,
            paused_days=paused,
        )
    for key, due_in in (("due_soon", 30), ("due_later", 200)):
        enterprise = made[key]
        made[f"{key}_certificate"] = CertificateFactory(
            number=f"CN-AEO-TEST-{enterprise.pk:06d}",
            enterprise=enterprise,
            grade="advanced_certified",
            rulebook=rulebook,
            issued_on=today - 1000 * DAY,
            re_review_due=today + due_in * DAY,
        )
    made["case"] = CaseFactory(
        enterprise=enterprise_a,
        category=Case.Category.COMPLAINT,
        subject="Release held for a week",
        description="Held.",
        coordinator=coordinator,
        opened_by=officer,
        due_on=today - DAY,
    )
    for enterprise in (enterprise_b, made["due_later"]):
        DishonestProposalFactory(enterprise=enterprise, created_by=officer)
    DishonestProposalFactory(
        enterprise=enterprise_a,
        created_by=officer,
        status=DishonestProposal.Status.NOTIFIED,
        notified_by=officer,
        notified_at=timezone.now(),
        statement_due=today + 7 * DAY,
    )
    plan = CultivationPlanFactory(
        enterprise=enterprise_b,
        office=officer.office,
        rulebook=rulebook,
        target_grade="certified",
        starts_on=today - 100 * DAY,
        target_on=today + 300 * DAY,
        created_by=officer,
    )
    MilestoneFactory(plan=plan, phase="improvement", title="Records", due_on=today + 30 * DAY)
    made["late"] = late
    return made


def _dashboard(client, user):
    client.force_login(user)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.context, response.content.decode()


def test_officer_sees_the_figures_of_the_jurisdiction(client, officer, jurisdiction):
    context, page = _dashboard(client, officer)
    pipeline = {status.value: n for status, n in context["certification"]["pipeline"]}
    assert pipeline == {
        "submitted": 1,
        "accepted": 0,
        "under_audit": 3,
        "rectification": 1,
        "paused": 0,
        "certified": 2,
        "refused": 0,
    }
    funnel_row = re.search(
        r'<text class="chart-label"[^>]*>Under audit</text>\s*<text[^>]*>(\d+)</text>', page
    )
    assert funnel_row.group(1) == "3"

    times = context["stage_times"]
    assert {status.value: (stays, days) for status, stays, days in times["stages"]} == {
        "submitted": (3, 20.0),
        "accepted": (3, 20.0),
    }
    assert (times["decided"], times["median_to_decision"], times["over_period"]) == (2, 72.5, 1)
    assert "90-day limit" in page
    assert "1 of 2 decisions took longer than allowed." in page

    re_reviews = context["re_reviews"]
    assert (re_reviews["count"], re_reviews["soonest"][0].enterprise) == (1, jurisdiction["due_soon"])
    assert jurisdiction["due_soon_certificate"].get_absolute_url() in page
    assert jurisdiction["due_later_certificate"].get_absolute_url() not in page

    assert context["late_rectifications"]["count"] == 1
    assert jurisdiction["late"].get_absolute_url() in page
    assert context["late_cases"]["count"] == 1
    assert jurisdiction["case"].get_absolute_url() in page
    assert [(status.value, n) for status, n in context["proposals"]] == [("proposed", 2), ("notified", 1)]
    assert "/proposals/?status=proposed" in page
    phases = {phase.value if phase else None: n for phase, n in context["cultivation"]["phases"]}
    assert phases["improvement"] == 1


def test_grades_by_office_and_the_accessible_fallbacks(client, officer, jurisdiction, enterprise_sh):
    context, page = _dashboard(client, officer)
    rows = {(office.code, own): dict(counts) for office, own, counts in context["offices"]}
    # Xining supervises enterprise B itself; enterprise A is the AEO enterprise of Xihai, below it.
    assert rows[("9700", True)]["regular"] == 1
    assert rows[("9703", False)]["advanced_certified"] == 1
    assert sum(sum(counts.values()) for counts in rows.values()) == context["enterprise_total"]
    for chart_id in ("funnel", "stage-times", "office-grades", "phases"):
        assert f'aria-labelledby="{chart_id}-title"' in page
        assert f'<title id="{chart_id}-title">' in page
    for table_id in ("funnel-table", "stage-table", "office-table", "phase-table"):
        assert f'id="{table_id}"' in page
    assert "style=" not in page
    assert "<script>" not in page


def test_officer_of_another_customs_sees_none_of_it(client, officer_sh, jurisdiction):
    context, page = _dashboard(client, officer_sh)
    assert sum(n for _status, n in context["certification"]["pipeline"]) == 0
    assert context["stage_times"]["stages"] == []
    assert context["stage_times"]["decided"] == 0
    assert context["re_reviews"]["count"] == 0
    assert context["late_rectifications"]["count"] == 0
    assert context["late_cases"]["count"] == 0
    assert sum(n for _status, n in context["proposals"]) == 0
    assert context["cultivation"]["active"] == 0
    assert "No applications yet." in page
    assert jurisdiction["due_soon_certificate"].get_absolute_url() not in page
