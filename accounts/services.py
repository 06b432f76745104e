"""Every write to users and offices."""

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import record_activity
from accounts.models import CUSTOMS_ROLES, CustomsOffice, Role, User
from accounts.roles import group_name
from core.changes import apply_changes, refuse_other_fields
from core.errors import NotPermitted


def _require_administrator(actor):
    """`actor=None` is the system itself (migrations, seed and import commands)."""
    if actor is not None and not actor.is_administrator:
        raise NotPermitted(_("Only administrators manage user accounts."))


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
    certification_qualified=False,
):
    _require_administrator(actor)
    with transaction.atomic():
        user = User(
            username=username,
            role=role,
            office=office,
            full_name=full_name,
            email=email,
            certification_qualified=certification_qualified,
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


USER_FIELDS = (
    "full_name",
    "email",
    "phone",
    "preferred_language",
    "role",
    "office",
    "certification_qualified",
    "is_active",
)


def user_update(*, actor, user, **changes):
    """Change a user's person, role, office or access; the role decides admin access and groups."""
    _require_administrator(actor)
    refuse_other_fields(changes, USER_FIELDS)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        diff = apply_changes(user, changes)
        if not diff:
            return user
        if actor is not None and user.pk == actor.pk and ({"role", "is_active"} & set(diff)):
            raise ValidationError(_("Administrators cannot change their own role or access."))
        user.full_clean(validate_unique=False)
        user.save()
        user_apply_role(user)
        record_activity(actor=actor, verb="user.updated", target=user, changes=diff)
    return user


def user_password_set(*, actor, user, password):
    """Give `user` a new password, or none at all (`password=None`: they cannot sign in with one).
    Either way the API tokens given under the old one end (User.save)."""
    _require_administrator(actor)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if password is None:
            user.set_unusable_password()
        else:
            validate_password(password, user)
            user.set_password(password)
        user.save()
        record_activity(
            actor=actor, verb="user.password_set", target=user, note="" if password else "unusable"
        )
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


def _require_head_within(office):
    """Escalations carry the cases of the office's enterprises: only its own officers may receive them."""
    head = office.head
    if head is not None and not (
        head.role == Role.OFFICER and head.office is not None and head.office.path.startswith(office.path)
    ):
        raise ValidationError({"head": _("The head of an office must be a customs officer of that office.")})


def office_create(
    *, actor, code, name, level, parent=None, name_en="", is_active=True, head=None, document_prefix=""
):
    """Add an office to the tree; its path (which decides every jurisdiction) follows from its parent."""
    _require_administrator(actor)
    with transaction.atomic():
        office = CustomsOffice(
            code=code,
            name=name,
            name_en=name_en,
            level=level,
            parent=parent,
            is_active=is_active,
            head=head,
            document_prefix=(document_prefix or "").strip(),
        )
        office.path = f"{parent.path if parent else '/'}{code}/"
        _require_head_within(office)
        office.full_clean()
        office.save()
        record_activity(actor=actor, verb="office.created", target=office)
    return office


OFFICE_FIELDS = ("name", "name_en", "is_active", "head", "document_prefix")


def office_update(*, actor, office, **changes):
    """Rename or (de)activate an office, or name its head. Its code, level and parent are fixed: moving
    an office would move the jurisdiction over every enterprise below it, a reorganisation, not an edit."""
    _require_administrator(actor)
    refuse_other_fields(changes, OFFICE_FIELDS)
    with transaction.atomic():
        office = CustomsOffice.objects.select_for_update().get(pk=office.pk)
        diff = apply_changes(office, changes)
        if diff:
            _require_head_within(office)
            office.full_clean()
            office.save()
            record_activity(actor=actor, verb="office.updated", target=office, changes=diff)
    return office
