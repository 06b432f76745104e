"""Demo coordinators: the Xining coordinator, with consignee and broker expertise."""

from accounts.models import User
from coordination.assignment import assign_coordinators
from coordination.models import CoordinatorProfile
from rulebooks.models import BusinessType


def seed(*, stdout):
    user = User.objects.get(username="coordinator")
    profile, created = CoordinatorProfile.objects.get_or_create(
        user=user, defaults={"office": user.office, "capacity": 40}
    )
    if created:
        profile.expertise.set(BusinessType.objects.filter(code__in=["consignee_consignor", "customs_broker"]))
    counts = assign_coordinators()
    stdout.write(
        f"coordination: {int(created)} coordinator profiles created, {counts['created']} assignments made"
    )
