"""The candidate pool: selection by criteria in SQL, adding, deciding, and the nightly suggestions."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.errors import InvalidState
from cultivation import pool
from cultivation.models import Candidate
from cultivation.pool import Criteria
from enterprises.models import Enterprise
from notifications.models import Notification
from tests.factories.enterprises import ArrearFactory, DocumentCountFactory, EnterpriseFactory, PenaltyFactory

pytestmark = pytest.mark.django_db


def trading(office, last, before, *, today, **fields):
    """An enterprise that declared `last` times last year and `before` times the year before."""
    enterprise = EnterpriseFactory(customs_office=office, **fields)
    DocumentCountFactory(enterprise=enterprise, year=today.year - 1, declarations=last)
    DocumentCountFactory(enterprise=enterprise, year=today.year - 2, declarations=before)
    return enterprise


@pytest.fixture
def xining(offices, today):
    """Four enterprises under Xining: the criteria tell them apart."""
    return {
        "growing": trading(offices["9703"], 3000, 2000, today=today, is_key_industry=True),
        "flat": trading(offices["9700"], 3000, 3000, today=today, in_special_zone=True),
        "small": trading(offices["9700"], 500, 100, today=today),
        "penalised": trading(offices["9700"], 5000, 1000, today=today),
        "dishonest": trading(offices["9700"], 9000, 1000, today=today, credit_grade="dishonest"),
    }


def names(criteria, xining):
    matched = set(pool.matching_enterprises(Enterprise.objects.all(), criteria).values_list("pk", flat=True))
    return {name for name, enterprise in xining.items() if enterprise.pk in matched}


def test_criteria_select_by_trade_growth_record_and_flags(xining, today):
    PenaltyFactory(enterprise=xining["penalised"], decided_on=today - datetime.timedelta(days=300))
    assert names(Criteria(), xining) == {"growing", "flat", "small", "penalised"}  # never a dishonest one
    assert names(Criteria(min_declarations=2000), xining) == {"growing", "flat", "penalised"}
    assert names(Criteria(min_growth_percent=50), xining) == {"growing", "small", "penalised"}
    assert names(Criteria(min_declarations=2000, clean_years=2), xining) == {"growing", "flat"}
    assert names(Criteria(key_industry=True), xining) == {"growing"}
    assert names(Criteria(special_zone=True), xining) == {"flat"}


def test_an_overdue_arrear_spoils_a_clean_record(xining, today):
    ArrearFactory(enterprise=xining["flat"], due_on=today - datetime.timedelta(days=10))
    assert "flat" not in names(Criteria(clean_years=1), xining)


def test_growth_is_reported_in_whole_per_cent(xining):
    enterprise = pool.matching_enterprises(
        Enterprise.objects.filter(pk=xining["growing"].pk), Criteria()
    ).get()
    assert (enterprise.declarations, pool.growth_percent(enterprise)) == (3000, 50)


def test_officers_add_enterprises_to_their_pool_once(xining, officer):
    added = pool.candidates_add(actor=officer, enterprises=[xining["growing"], xining["flat"]])
    assert {c.status for c in added} == {"in_pool"}
    assert "growing" not in names(Criteria(), xining)  # left out of the next preview
    with pytest.raises(ValidationError, match="Already in a pool"):
        pool.candidates_add(actor=officer, enterprises=[xining["small"], xining["growing"]])
    assert Candidate.objects.count() == 2  # nothing of the refused batch
    with pytest.raises(ValidationError):
        pool.candidates_add(actor=officer, enterprises=[xining["small"]], source="recommendation", reason="")


def test_a_dismissal_needs_a_reason_and_is_final(xining, officer):
    candidate = pool.candidates_add(actor=officer, enterprises=[xining["small"]])[0]
    with pytest.raises(ValidationError):
        pool.candidate_dismiss(actor=officer, candidate=candidate, reason=" ")
    pool.candidate_dismiss(actor=officer, candidate=candidate, reason="Too small for now.")
    with pytest.raises(InvalidState):
        pool.candidate_dismiss(actor=officer, candidate=candidate, reason="Again.")


def test_the_nightly_job_suggests_matching_enterprises_once_and_tells_the_officers(xining, officer, today):
    assert pool.suggest_candidates(as_of=today) == {"created": 2}  # the two growing >= 10 %, at scale
    suggested = Candidate.objects.filter(status="suggested")
    assert {c.enterprise_id for c in suggested} == {xining["growing"].pk, xining["penalised"].pk}
    assert {c.office.code for c in suggested} == {"9700"}  # the pool of the directly-under customs
    assert pool.suggest_candidates(as_of=today) == {"created": 0}
    assert Notification.objects.filter(recipient=officer, subject__contains="2").count() == 1

    pool.candidate_dismiss(actor=officer, candidate=suggested.get(enterprise=xining["growing"]), reason="No.")
    assert pool.suggest_candidates(as_of=today + datetime.timedelta(days=1)) == {"created": 0}
