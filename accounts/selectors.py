"""Reads about users and offices that depend on who is asking."""

from accounts.models import CustomsOffice, Role, User


def offices_in_jurisdiction(user):
    """Offices whose enterprises `user` may see and manage: their own office and below.

    Administrators and staff of the General Administration see every office;
    enterprise users and coordinators manage none.
    """
    offices = CustomsOffice.objects.all()
    if not user.is_authenticated or not user.is_active:
        return offices.none()
    if sees_every_office(user):
        return offices
    if user.role != Role.OFFICER or user.office is None:
        return offices.none()
    return offices.filter(path__startswith=user.office.path)


def sees_every_office(user):
    """Administrators and officers of the General Administration: whatever any office sees, unfiltered."""
    if user.role == Role.ADMINISTRATOR:
        return True
    return (
        user.role == Role.OFFICER and user.office is not None and user.office.level == CustomsOffice.Level.GAC
    )


def customs_staff(office, roles):
    """Active staff of `roles` of the customs `office` belongs to: its directly-under customs and the
    offices under it. Those are who may act for an enterprise of `office` (serve on its team, log a
    visit to it, run its plan); staff of another customs may not, wherever they sit in the tree."""
    directly_under = office.directly_under_code or office.code
    return User.objects.filter(role__in=roles, is_active=True, office__path__contains=f"/{directly_under}/")
