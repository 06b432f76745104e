"""What each role may do in the Django admin, kept as one permission group per role.

Web and API views check the role and the visibility gate themselves; these
groups only decide which admin pages customs staff see. Administrators are
superusers and need no group.
"""

from accounts.models import Role

ROLE_PERMISSIONS = {
    Role.OFFICER: [
        "accounts.view_customsoffice",
        "enterprises.view_enterprise",
        "enterprises.change_enterprise",
        "enterprises.add_enterprise",
        "enterprises.view_enterprisemembership",
        "enterprises.view_coordinatorassignment",
    ],
    Role.COORDINATOR: [
        "accounts.view_customsoffice",
        "enterprises.view_enterprise",
        "enterprises.view_coordinatorassignment",
    ],
    Role.ENTERPRISE: [],
    Role.ADMINISTRATOR: [],
}


def group_name(role):
    """Stable (untranslated) group name of a role."""
    return f"role:{role}"


def sync_role_groups(**kwargs):
    """Create or update each role's group with exactly its listed permissions."""
    from django.contrib.auth.models import Group, Permission

    for role, codes in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name(role))
        wanted = []
        for code in codes:
            app_label, codename = code.split(".")
            wanted.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)
