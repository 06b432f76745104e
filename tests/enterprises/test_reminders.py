"""Reminders of credit deadlines: repair becoming possible, publication ending; each sent once."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta

from enterprises.reminders import publication_end_reminders, repair_eligibility_reminders
from notifications.models import Notification
from tests.factories.enterprises import determined_proposal

pytestmark = pytest.mark.django_db


def test_the_enterprise_hears_once_when_credit_repair_becomes_possible(
    enterprise_b, enterprise_user_b, today
):
    decided = today - relativedelta(months=7)
    determined_proposal(enterprise_b, code="art22-3", on=decided)  # 6 months' wait
    possible = decided + relativedelta(months=6)
    assert repair_eligibility_reminders(as_of=possible - datetime.timedelta(days=1)) == {"created": 0}
    assert repair_eligibility_reminders(as_of=possible) == {"created": 1}
    assert repair_eligibility_reminders(as_of=possible + datetime.timedelta(days=3)) == {"created": 0}
    assert Notification.objects.filter(recipient=enterprise_user_b, link__endswith="/repair/").count() == 1


def test_an_old_eligibility_is_not_announced_on_the_first_run(enterprise_b, enterprise_user_b, today):
    determined_proposal(enterprise_b, code="art22-3", on=today - relativedelta(years=2))
    assert repair_eligibility_reminders(as_of=today) == {"created": 0}


def test_the_end_of_publication_is_announced_once(enterprise_b, enterprise_user_b, today):
    ends = today - datetime.timedelta(days=2)
    determined_proposal(
        enterprise_b, code="art22-3", on=today - relativedelta(months=8), published_until=ends
    )
    assert publication_end_reminders(as_of=ends) == {"created": 0}
    assert publication_end_reminders(as_of=ends + datetime.timedelta(days=1)) == {"created": 1}
    assert publication_end_reminders(as_of=today) == {"created": 0}
    assert Notification.objects.filter(recipient=enterprise_user_b).count() == 1
