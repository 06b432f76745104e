"""The visibility gate: who sees which enterprise."""

import pytest

from enterprises.selectors import visible_enterprises
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(enterprise_a, enterprise_b, enterprise_sh):
    return {"a": enterprise_a, "b": enterprise_b, "sh": enterprise_sh}


def visible_keys(user, register):
    ids = set(visible_enterprises(user).values_list("pk", flat=True))
    return {key for key, enterprise in register.items() if enterprise.pk in ids}


@pytest.mark.parametrize(
    ("role_fixture", "expected"),
    [
        ("officer", {"a", "b"}),  # Xining sees its own and Xihai's enterprises
        ("officer_sh", {"sh"}),  # Shanghai sees Pudong's
        ("gac_officer", {"a", "b", "sh"}),
        ("administrator", {"a", "b", "sh"}),
        ("coordinator", {"a"}),  # only the assigned enterprise
        ("enterprise_user", {"a"}),
        ("enterprise_user_b", {"b"}),
    ],
)
def test_each_role_sees_exactly_its_enterprises(request, register, role_fixture, expected):
    user = request.getfixturevalue(role_fixture)
    assert visible_keys(user, register) == expected


def test_officer_of_subordinate_office_does_not_see_the_parent_office(register, offices):
    xihai_officer = UserFactory(role="officer", office=offices["9703"])
    assert visible_keys(xihai_officer, register) == {"a"}


def test_deactivated_user_sees_nothing(register, officer):
    officer.is_active = False
    assert visible_keys(officer, register) == set()


def test_enterprise_user_without_membership_sees_nothing(register):
    assert visible_keys(UserFactory(role="enterprise"), register) == set()


def test_ended_coordinator_assignment_hides_the_enterprise(register, coordinator):
    coordinator.coordinator_assignments.update(is_active=False)
    assert visible_keys(coordinator, register) == set()
