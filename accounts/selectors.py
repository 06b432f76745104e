"""Reads about users and offices that depend on who is asking."""

from accounts.models import CustomsOffice, Role


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
