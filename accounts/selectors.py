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
    if user.role == Role.ADMINISTRATOR:
        return offices
    if user.role != Role.OFFICER or user.office is None:
        return offices.none()
    if user.office.level == CustomsOffice.Level.GAC:
        return offices
    return offices.filter(path__startswith=user.office.path)
