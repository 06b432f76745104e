"""Every write to users and offices."""

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from accounts.audit import record_activity
from accounts.models import CUSTOMS_ROLES, Role, User
from accounts.roles import group_name
from credit_mgmt.errors import NotPermitted


def _require_administrator(actor):
    """`actor=None` is the system itself (migrations, seed and import commands)."""
    if actor is not None and not actor.is_administrator:
        raise NotPermitted("Only administrators manage user accounts.")


def user_apply_role(user):
    """Derive admin access and the permission group from the user's role."""
    user.is_staff = user.role in CUSTOMS_ROLES
    user.is_superuser = user.role == Role.ADMINISTRATOR
    user.save(update_fields=["is_staff", "is_superuser"])
    group, _created = Group.objects.get_or_create(name=group_name(user.role))
    user.groups.set([group])


def user_create(
    *,
    actor,
    username,
    password,
    role,
    office=None,
    full_name="",
    email="",
    preferred_language=None,
):
    _require_administrator(actor)
    with transaction.atomic():
        user = User(
            username=username,
            role=role,
            office=office,
            full_name=full_name,
            email=email,
        )
        if preferred_language:
            user.preferred_language = preferred_language
        if password:
            validate_password(password, user)
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean()
        user.save()
        user_apply_role(user)
        record_activity(actor=actor, verb="user.created", target=user, changes={"role": role})
    return user


def user_set_language(*, user, language):
    """Remember the language the user chose; e-mails and notices follow it."""
    if user.preferred_language == language:
        return user
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        old = user.preferred_language
        user.preferred_language = language
        user.full_clean(validate_unique=False, validate_constraints=False)
        user.save(update_fields=["preferred_language"])
        record_activity(
            actor=user,
            verb="user.language_changed",
            target=user,
            changes={"preferred_language": [old, language]},
        )
    return user
