"""Which standard items an application is assessed against."""

from certification.models import StandardItem
from rulebooks.models import CreditGrade


def applicable_items(rulebook, business_types, target_grade):
    """The general standard plus the individual standards of `business_types`.

    Items marked advanced-only are left out for the lighter certified grade.
    """
    items = StandardItem.objects.filter(rulebook=rulebook).filter(
        business_type__isnull=True
    ) | StandardItem.objects.filter(rulebook=rulebook, business_type__in=list(business_types))
    if target_grade != CreditGrade.ADVANCED_CERTIFIED:
        items = items.filter(advanced_only=False)
    return items.order_by("order", "code")
