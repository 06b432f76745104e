"""The candidate pool: which enterprises match the selection criteria, and adding them to the pool.

Criteria are evaluated in SQL (one annotated query), so the preview and the nightly suggestion
cost the same whether an office supervises a hundred enterprises or a hundred thousand.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import record_activities, record_activity
from accounts.models import CustomsOffice, Role, User
from core.errors import InvalidState
from cultivation.models import Candidate, CultivationPlan
from enterprises.models import Arrear, DocumentCount, Enterprise, Penalty
from enterprises.permissions import require_officer_of
from notifications.services import reminder_send
from rulebooks.models import CreditGrade

# Grades that can still climb the ladder (brief, section 6: regular -> certified -> advanced).
CULTIVABLE_GRADES = (CreditGrade.REGULAR, CreditGrade.CERTIFIED)


@dataclass(frozen=True)
class Criteria:
    """What the selection screen asks; the nightly suggestion uses `SUGGESTION`."""

    min_declarations: int = 0
    min_growth_percent: int | None = None
    clean_years: int = 0
    grades: tuple = CULTIVABLE_GRADES
    business_type: object = None
    special_zone: bool = False
    key_industry: bool = False
    office: object = None
    query: str = ""


# An enterprise trading at scale, growing, with two clean years is worth an officer's look.
SUGGESTION = Criteria(min_declarations=2000, min_growth_percent=10, clean_years=2)


def _declarations(year):
    counts = DocumentCount.objects.filter(enterprise=OuterRef("pk"), year=year).values("declarations")[:1]
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def matching_enterprises(enterprises, criteria, today=None):
    """`enterprises` narrowed by `criteria`, annotated with last year's declarations and growth.

    Enterprises already in a pool or in cultivation are left out: they are being looked after.
    """
    today = today or timezone.localdate()
    last_year = today.year - 1
    matches = enterprises.filter(credit_grade__in=criteria.grades).annotate(
        declarations=_declarations(last_year), declarations_before=_declarations(last_year - 1)
    )
    matches = matches.exclude(
        Exists(Candidate.objects.filter(enterprise=OuterRef("pk"), status__in=Candidate.OPEN_STATUSES))
    ).exclude(Exists(CultivationPlan.objects.filter(enterprise=OuterRef("pk"), status="active")))
    if criteria.min_declarations:
        matches = matches.filter(declarations__gte=criteria.min_declarations)
    if criteria.min_growth_percent is not None:
        # growth >= p %  <=>  100 * last >= (100 + p) * before, with some trade the year before
        matches = matches.filter(
            declarations_before__gt=0,
            declarations__gte=(100 + criteria.min_growth_percent) * F("declarations_before") / 100.0,
        )
    if criteria.clean_years:
        since = today - relativedelta(years=criteria.clean_years)
        matches = matches.exclude(
            Exists(Penalty.objects.filter(enterprise=OuterRef("pk"), decided_on__gte=since))
        ).exclude(
            Exists(Arrear.objects.filter(enterprise=OuterRef("pk"), paid_on__isnull=True, due_on__lt=today))
        )
    if criteria.business_type:
        matches = matches.filter(business_types=criteria.business_type)
    if criteria.special_zone:
        matches = matches.filter(in_special_zone=True)
    if criteria.key_industry:
        matches = matches.filter(is_key_industry=True)
    if criteria.office:
        matches = matches.filter(customs_office__path__startswith=criteria.office.path)
    if criteria.query:
        matches = matches.filter(Q(name__contains=criteria.query) | Q(name_en__icontains=criteria.query))
    return matches.order_by("-declarations", "name", "pk")


def percent_growth(last, before):
    """Growth from `before` to `last` in whole per cent, or None without trade the year before."""
    return round(100 * (last - before) / before) if before else None


def growth_percent(enterprise):
    """Growth of an enterprise annotated by `matching_enterprises`."""
    return percent_growth(enterprise.declarations, enterprise.declarations_before)


def candidates_add(*, actor, enterprises, reason="", source=Candidate.Source.SELECTION):
    """Put the chosen enterprises into the pool of the officer's office; returns the new candidacies.

    An enterprise already in a pool or in cultivation is refused with its name, and nothing is added.
    """
    enterprises = list(enterprises)
    if not enterprises:
        raise ValidationError({"enterprises": _("Choose at least one enterprise.")})
    if source == Candidate.Source.RECOMMENDATION and not (reason or "").strip():
        raise ValidationError({"reason": _("Say who recommended the enterprise and why.")})
    for enterprise in enterprises:
        require_officer_of(
            actor, enterprise, _("Only officers of the enterprise's customs add it to a pool.")
        )
    taken = matching_enterprises(
        Enterprise.objects.filter(pk__in=[e.pk for e in enterprises]),
        Criteria(grades=tuple(CreditGrade.values)),
    ).values_list("pk", flat=True)
    busy = [e.display_name for e in enterprises if e.pk not in set(taken)]
    if busy:
        raise ValidationError(
            {"enterprises": _("Already in a pool or in cultivation: %(names)s.") % {"names": ", ".join(busy)}}
        )
    try:
        with transaction.atomic():
            candidates = Candidate.objects.bulk_create(
                Candidate(
                    enterprise=enterprise,
                    office=actor.office,
                    source=source,
                    status=Candidate.Status.IN_POOL,
                    reason=(reason or "").strip(),
                    added_by=actor,
                )
                for enterprise in enterprises
            )
            record_activities(actor=actor, verb="candidate.add", targets=candidates)
    except IntegrityError as error:
        raise InvalidState(_("Another officer added one of these enterprises a moment ago.")) from error
    return candidates


def _decide(actor, candidate, to_status, *, verb, reason=""):
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().select_related("enterprise").get(pk=candidate.pk)
        require_officer_of(
            actor, candidate.enterprise, _("Only officers of the enterprise's customs curate its pool.")
        )
        if candidate.status not in Candidate.OPEN_STATUSES:
            raise InvalidState(_("This candidacy has already been decided."))
        candidate.status = to_status
        candidate.decided_at = timezone.now() if to_status == Candidate.Status.DISMISSED else None
        candidate.dismissal_reason = reason
        candidate.save()
        record_activity(actor=actor, verb=verb, target=candidate, note=reason)
    return candidate


def candidate_accept(*, actor, candidate):
    """A suggested enterprise the officer keeps in the pool."""
    if candidate.status != Candidate.Status.SUGGESTED:
        raise InvalidState(_("Only a suggested enterprise is accepted into the pool."))
    return _decide(actor, candidate, Candidate.Status.IN_POOL, verb="candidate.accept")


def candidate_dismiss(*, actor, candidate, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the enterprise leaves the pool.")})
    return _decide(actor, candidate, Candidate.Status.DISMISSED, verb="candidate.dismiss", reason=reason)


SUGGESTED_TITLE = gettext_lazy("%(count)s new cultivation candidates suggested")
SUGGESTED_BODY = gettext_lazy(
    "The nightly selection found %(count)s enterprises supervised by %(office)s that trade at scale, grow "
    "and have a clean record. Review them in the candidate pool."
)
# An enterprise dismissed from a pool is not suggested again for this long.
DISMISSAL_REST = datetime.timedelta(days=365)


def suggest_candidates(*, as_of):
    """Suggest matching enterprises to the pool of their directly-under customs; tell its officers."""
    recently_dismissed = Candidate.objects.filter(
        enterprise=OuterRef("pk"),
        status=Candidate.Status.DISMISSED,
        decided_at__date__gte=as_of - DISMISSAL_REST,
    )
    matches = matching_enterprises(Enterprise.objects.all(), SUGGESTION, as_of).exclude(
        Exists(recently_dismissed)
    )
    offices = {
        office.code: office
        for office in CustomsOffice.objects.filter(level=CustomsOffice.Level.DIRECTLY_UNDER)
    }
    by_office = {}
    for pk, path in matches.values_list("pk", "customs_office__path"):
        parts = path.strip("/").split("/")  # "/0000/9700/9703/": its directly-under customs is 9700
        if len(parts) > 1 and parts[1] in offices:
            by_office.setdefault(offices[parts[1]], []).append(pk)
    created = 0
    for office, pks in by_office.items():
        with transaction.atomic():
            created += len(
                Candidate.objects.bulk_create(
                    (
                        Candidate(
                            enterprise_id=pk,
                            office=office,
                            source=Candidate.Source.SUGGESTION,
                            status=Candidate.Status.SUGGESTED,
                        )
                        for pk in pks
                    ),
                    ignore_conflicts=True,
                )
            )
            reminder_send(
                kind="candidates-suggested",
                subject=office,
                due_on=as_of,
                recipients=User.objects.filter(
                    role=Role.OFFICER, office__path__startswith=office.path, is_active=True
                ),
                title=SUGGESTED_TITLE,
                body=SUGGESTED_BODY,
                context=lambda office=office, pks=pks: {"count": len(pks), "office": office.display_name},
                link=reverse("candidate-list") + "?status=suggested",
            )
    return {"created": created}
