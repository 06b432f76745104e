"""Which standard, and which of its items, an application is assessed against."""

from django.db.models import Q

from certification.models import CertificationStandard, StandardItem


def standard_for(rulebook, target_grade):
    """The published standard of `target_grade` under `rulebook`, None where the rulebook has none."""
    return CertificationStandard.objects.filter(rulebook=rulebook, grade=target_grade).first()


def applicable_items(rulebook, business_types, target_grade):
    """The grade's general standard (with the versions for `business_types`) plus the individual
    standards of `business_types`; superseded items never apply to a new assessment."""
    return (
        StandardItem.objects.filter(rulebook=rulebook, grade=target_grade, superseded=False)
        .filter(Q(business_type__isnull=True) | Q(business_type__in=list(business_types)))
        .order_by("order", "code")
    )
