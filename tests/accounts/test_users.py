import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.models import Role, User
from accounts.services import user_create, user_set_language
from core.errors import NotPermitted

pytestmark = pytest.mark.django_db


def test_administrator_creates_an_officer_with_admin_access_and_group(administrator, offices):
    user = user_create(
        actor=administrator,
        username="new_officer",
        password="a-long-enough-passphrase",
        role=Role.OFFICER,
        office=offices["9700"],
    )
    assert user.is_staff
    assert not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["role:officer"]
    assert user.has_perm("enterprises.view_enterprise")
    assert not user.has_perm("accounts.change_user")
    assert user.check_password("a-long-enough-passphrase")


def test_enterprise_user_gets_no_admin_access(offices):
    user = user_create(actor=None, username="ent", password="a-long-enough-passphrase", role=Role.ENTERPRISE)
    assert not user.is_staff


@pytest.mark.parametrize("password", ["short", "password123", "12345678901234"])
def test_weak_password_is_refused_and_no_user_is_created(offices, password):
    with pytest.raises(ValidationError):
        user_create(actor=None, username="weak", password=password, role=Role.OFFICER, office=offices["9700"])
    assert not User.objects.filter(username="weak").exists()


def test_officer_cannot_create_accounts(officer, offices):
    with pytest.raises(NotPermitted):
        user_create(actor=officer, username="x", password="a-long-enough-passphrase", role=Role.ENTERPRISE)


def test_customs_staff_need_an_office(offices):
    with pytest.raises(ValidationError) as error:
        user_create(actor=None, username="nooffice", password="a-long-enough-passphrase", role=Role.OFFICER)
    assert "office" in error.value.message_dict


def test_database_refuses_an_enterprise_user_with_an_office(offices):
    with pytest.raises(IntegrityError):
        User.objects.create(username="bad", role=Role.ENTERPRISE, office=offices["9700"])


def test_language_choice_is_remembered_and_logged(officer):
    user_set_language(user=officer, language="en")
    officer.refresh_from_db()
    assert officer.preferred_language == "en"
    from accounts.models import ActivityEntry

    entry = ActivityEntry.objects.get(verb="user.language_changed")
    assert entry.changes == {"preferred_language": ["zh-hans", "en"]}
