"""What the public may see: the one place that decides it.

Registration information, grade and AEO code, certificates, dishonesty records within their
publication period, and penalties within the rulebook's penalty publication period. Never the
legal representative, address, contacts, internal notes, figures or evidence.
"""

from dateutil.relativedelta import relativedelta
from django.db.models import Prefetch
from django.utils import timezone

from enterprises.models import DishonestProposal, Enterprise, Penalty
from enterprises.selectors import register_match
from rulebooks.selectors import rulebook_in_force

MIN_QUERY_LENGTH = 2


def published_determinations(day):
    return DishonestProposal.objects.filter(
        status=DishonestProposal.Status.DETERMINED,
        published_until__gte=day,
        publication_withdrawn_at__isnull=True,
        repaired_by__isnull=True,
    )


def published_penalties(day):
    months = rulebook_in_force(day).penalty_publication_months
    return Penalty.objects.filter(
        decided_on__gt=day - relativedelta(months=months),
        decided_on__lte=day,
        publication_withdrawn_at__isnull=True,
    )


def public_certificates(enterprise):
    """Every certificate the enterprise was issued, with its status, newest first.

    Reached through the reverse relation the certification app defines, so this app needs no
    import from the layer below; `public_search` prefetches it.
    """
    prefetched = getattr(enterprise, "public_certificates", None)
    return prefetched if prefetched is not None else enterprise.certificates.all()


def public_search(query, day=None):
    """Enterprises matching a public query (name fragment, or an exact USCC or customs code); none for a
    query shorter than MIN_QUERY_LENGTH, so the public never lists the register whole."""
    day = day or timezone.localdate()
    if not query or len(query.strip()) < MIN_QUERY_LENGTH:
        return Enterprise.objects.none()
    return (
        Enterprise.objects.filter(register_match(query.strip()))
        .select_related("customs_office")
        .prefetch_related(
            Prefetch(
                "proposals",
                queryset=published_determinations(day)
                .select_related("criterion", "ledger_entry")
                .order_by("-decided_at"),
                to_attr="public_determinations",
            ),
            Prefetch("certificates", to_attr="public_certificates"),  # newest first, as the model orders them
            Prefetch(
                "penalties",
                queryset=published_penalties(day).order_by("-decided_on"),
                to_attr="public_penalties",
            ),
        )
        .order_by("name", "id")  # pragma: no mutate (the id only fixes the order of equal names for paging)
    )
