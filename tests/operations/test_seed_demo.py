import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command

from accounts.models import User
from enterprises.models import CoordinatorAssignment, Enterprise
from enterprises.selectors import visible_enterprises

pytestmark = pytest.mark.django_db

CONTRACT_USERS = {
    "admin": ("administrator", "0000"),
    "officer": ("officer", "9700"),
    "officer_sh": ("officer", "2200"),
    "coordinator": ("coordinator", "9700"),
    "enterprise": ("enterprise", None),
    "enterprise2": ("enterprise", None),
}


def test_seed_demo_is_idempotent_and_has_every_contract_user(offices, business_types):
    call_command("seed_demo", verbosity=0)
    counts = (User.objects.count(), Enterprise.objects.count(), CoordinatorAssignment.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (User.objects.count(), Enterprise.objects.count(), CoordinatorAssignment.objects.count()) == counts
    for username, (role, office) in CONTRACT_USERS.items():
        user = authenticate(username=username, password=settings.DEMO_PASSWORD)
        assert user is not None, username
        assert user.role == role
        assert (user.office.code if user.office else None) == office


def test_demo_enterprise_users_act_for_the_brief_enterprises(offices, business_types):
    call_command("seed_demo", verbosity=0)
    belden = visible_enterprises(User.objects.get(username="enterprise")).get()
    assert belden.name_en == "Qinghai Belden High Purity Material Development Co., Ltd."
    assert belden.aeo_code == f"AEOCN{belden.customs_code}"
    other = visible_enterprises(User.objects.get(username="enterprise2")).get()
    assert other != belden
    assert set(visible_enterprises(User.objects.get(username="coordinator"))) == {belden}
    assert not visible_enterprises(User.objects.get(username="officer_sh")).filter(pk=belden.pk).exists()
