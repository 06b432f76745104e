"""Objections to published records: only published ones, one at a time, re-checked within 20 days;
upheld withdraws the record from publication and from the evaluation."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

from core.errors import InvalidState, NotPermitted
from enterprises.disclosure import public_search
from enterprises.models import Objection
from enterprises.objections import objectable_records, objection_answer, objection_file
from tests.factories.enterprises import PenaltyFactory, determined_proposal


@pytest.fixture
def published_penalty(enterprise_a, today):
    return PenaltyFactory(enterprise=enterprise_a, kind="administrative_smuggling", decided_on=today)


def test_an_objection_is_rechecked_within_twenty_days(published_penalty, enterprise_user, today):
    assert objectable_records(published_penalty.enterprise)["penalties"] == {published_penalty.pk}
    objection = objection_file(actor=enterprise_user, record=published_penalty, reason="Wrong company.")
    assert objection.recheck_due == today + datetime.timedelta(days=20)
    assert objection.status == Objection.Status.OPEN
    assert objectable_records(published_penalty.enterprise)["penalties"] == set()  # already contested


def test_only_published_records_and_one_open_objection_at_a_time(enterprise_a, enterprise_user, today):
    old = PenaltyFactory(enterprise=enterprise_a, decided_on=today - relativedelta(years=4))
    with pytest.raises(InvalidState):
        objection_file(actor=enterprise_user, record=old, reason="Too old to publish.")
    current = PenaltyFactory(enterprise=enterprise_a, decided_on=today)
    objection_file(actor=enterprise_user, record=current, reason="Wrong amount.")
    with pytest.raises(InvalidState):
        objection_file(actor=enterprise_user, record=current, reason="Again.")
    with pytest.raises(ValidationError):
        objection_file(actor=enterprise_user, record=PenaltyFactory(enterprise=enterprise_a), reason=" ")


def test_another_enterprise_cannot_object(published_penalty, enterprise_user_b):
    with pytest.raises(NotPermitted):
        objection_file(actor=enterprise_user_b, record=published_penalty, reason="Not ours.")


def test_upheld_objection_withdraws_the_record_from_publication(published_penalty, enterprise_user, officer):
    objection = objection_file(actor=enterprise_user, record=published_penalty, reason="Wrong company.")
    assert public_search(published_penalty.enterprise.uscc).get().public_penalties == [published_penalty]

    objection_answer(actor=officer, objection=objection, upheld=True, answer="Case re-assigned.")

    published_penalty.refresh_from_db()
    assert published_penalty.publication_withdrawn_at is not None
    assert public_search(published_penalty.enterprise.uscc).get().public_penalties == []
    with pytest.raises(InvalidState):
        objection_answer(actor=officer, objection=objection, upheld=False, answer="Again.")


def test_rejected_objection_leaves_the_determination_published(
    enterprise_a, enterprise_user, officer, officer_sh
):
    determination = determined_proposal(enterprise_a, code="art22-2")
    objection = objection_file(actor=enterprise_user, record=determination, reason="We paid.")
    with pytest.raises(NotPermitted):
        objection_answer(actor=officer_sh, objection=objection, upheld=True, answer="Outside.")
    with pytest.raises(ValidationError):
        objection_answer(actor=officer, objection=objection, upheld=False, answer="")

    objection_answer(actor=officer, objection=objection, upheld=False, answer="The record is correct.")

    determination.refresh_from_db()
    assert determination.publication_withdrawn_at is None
    assert objection.__class__.objects.get(pk=objection.pk).status == Objection.Status.REJECTED
