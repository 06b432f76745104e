import datetime

import pytest
from django.utils import translation

from certification.models import Result
from cultivation import mock, plans
from tests.factories.enterprises import EnterpriseMembershipFactory


@pytest.fixture(autouse=True)
def english():
    """Services' messages are asserted in English; the default language is Chinese."""
    with translation.override("en"):
        yield


@pytest.fixture
def plan(catalogue, enterprise_b, officer, business_types, today):
    """Enterprise B (regular customs broker, Xining) in a two-year plan towards advanced certification."""
    return plans.plan_open(
        actor=officer,
        enterprise=enterprise_b,
        target_grade="advanced_certified",
        business_types=[business_types["customs_broker"]],
        starts_on=today - datetime.timedelta(days=400),
        target_on=today + datetime.timedelta(days=330),
        officers=[officer],
    )


@pytest.fixture
def plan_user(enterprise_b):
    return EnterpriseMembershipFactory(enterprise=enterprise_b, user__username="ent_b_plan").user


def results_for(plan, result=Result.MEETS, **overrides):
    """A finding for every item of the plan's mock review, `overrides` by item code."""
    return {item.code: overrides.get(item.code, result) for item in mock.review_items(plan)}


def record(plan, officer, *, today, days_ago=0, **overrides):
    return mock.mock_review_record(
        actor=officer,
        plan=plan,
        held_on=today - datetime.timedelta(days=days_ago),
        results=results_for(plan, **overrides),
    )
