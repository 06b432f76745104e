"""The scheduled dishonest-criteria evaluation over every enterprise (domain brief 4.1).

Set-based so that it scales to two million enterprises and twenty million records: per criterion,
one aggregate query over the records narrows the register to candidates (GROUP BY enterprise with
the thresholds in HAVING), `enterprises.rules` makes the final call on the few candidates, and the
proposals are written in bulk. The proposals of all criteria are read once, before, and the stale
ones once, after. The number of queries depends on the number of criteria met, never on the size
of the register.

The evaluation only proposes. A criterion already decided on the same evidence (determined or
dropped, with evidence as recent) is not proposed again; an open proposal has its figures refreshed;
a proposal the evaluation made itself and that no officer has acted on is dropped once its criterion
no longer holds.
"""

import datetime
import operator
from collections import Counter
from dataclasses import dataclass, field
from functools import reduce

from django.conf import settings
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Sum
from django.utils import translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.display import format_date
from enterprises import rules
from enterprises.determination import proposal_drop
from enterprises.models import Arrear, DishonestProposal, DocumentCount, Enterprise, Penalty
from rulebooks.models import CriterionKind, RecordRule, RecordRuleKind
from rulebooks.selectors import rulebook_in_force

BROKER = "customs_broker"
CHUNK = 1000
# Serious-list item 1 (Order 251 Art. 23(1)): a crime against the import/export food-safety or
# cosmetics rules, whether smuggling or not, or smuggling solid waste.
SERIOUS_OFFENCES = Q(kind__in=(Penalty.Kind.CRIMINAL_FOOD_SAFETY, Penalty.Kind.CRIMINAL_COSMETICS)) | Q(
    kind=Penalty.Kind.CRIMINAL_SMUGGLING, subject=Penalty.Subject.SOLID_WASTE
)
CLOSED = (DishonestProposal.Status.DETERMINED, DishonestProposal.Status.DROPPED)
UPDATED_FIELDS = ["figures", "evidence", "evidence_date", "evaluated_on"]
BusinessTypeLink = Enterprise.business_types.through


@dataclass
class Finding:
    """A criterion met by one enterprise on the evaluation day, with its figures and evidence."""

    enterprise_id: int
    evidence_date: datetime.date
    figures: dict
    evidence: list = field(default_factory=list)


def evaluate_dishonest_criteria(*, as_of):
    """Apply every scheduled criterion of the rulebook in force on `as_of` to the whole register."""
    rulebook = rulebook_in_force(as_of)
    criteria = list(rulebook.criteria.filter(evaluated=True).order_by("order"))
    record_rules = list(rulebook.record_rules.all())
    proposals = Proposals.of(criteria)
    counts = Counter()
    for criterion in criteria:
        found = criterion_findings(criterion, as_of, record_rules=record_rules)
        counts += _write_proposals(criterion, found, proposals, as_of)
    return {
        "rulebook": rulebook.code,
        "created": counts["created"],
        "updated": counts["updated"],
        "unchanged": counts["unchanged"],
        "already_decided": counts["already_decided"],
        "dropped": _drop_stale(criteria, as_of),
    }


@dataclass
class Proposals:
    """The proposals of the evaluated criteria by (criterion code, enterprise), read in two queries.

    A criterion is known by its code across rulebooks. Open proposals are few and read whole;
    decided ones are many (every determination) and read as the date of their latest evidence.
    """

    open: dict
    decided: dict

    @classmethod
    def of(cls, criteria):
        proposals = DishonestProposal.objects.filter(
            criterion__code__in=[c.code for c in criteria]
        ).order_by()
        open_ones = proposals.filter(status__in=DishonestProposal.OPEN_STATUSES).annotate(
            code=F("criterion__code")
        )
        decided = (
            proposals.filter(status__in=CLOSED)
            .values_list("criterion__code", "enterprise_id")
            .annotate(latest=Max("evidence_date"))
        )
        return cls(
            open={(proposal.code, proposal.enterprise_id): proposal for proposal in open_ones},
            decided={(code, enterprise_id): latest for code, enterprise_id, latest in decided},
        )


@dataclass
class Findings:
    """The findings of one criterion, whose evidence is fetched only for those that need it."""

    items: list
    records: object
    reference: str
    dated: str

    def attach_evidence(self, findings):
        """The case numbers or references behind each finding, oldest first."""
        by_enterprise = {finding.enterprise_id: finding for finding in findings}
        for chunk in _chunks(list(by_enterprise)):
            rows = self.records.filter(enterprise_id__in=chunk).order_by(self.dated, self.reference)
            for enterprise_id, value in rows.values_list("enterprise_id", self.reference):
                by_enterprise[enterprise_id].evidence.append(value)


def find_criterion(criterion, as_of, among=None):
    """The enterprises meeting `criterion` on `as_of` (of `among`, if given) with figures and evidence."""
    found = criterion_findings(criterion, as_of, among)
    found.attach_evidence(found.items)
    return found.items


def criterion_findings(criterion, as_of, among=None, record_rules=None):
    """The enterprises meeting `criterion` on `as_of` with their figures; evidence on demand.

    `record_rules` are the dated rules of the criterion's rulebook that leave penalties out (read
    here when the caller has not read them once for every criterion).
    """
    if record_rules is None:
        record_rules = list(RecordRule.objects.filter(rulebook_id=criterion.rulebook_id))
    on_arrears = criterion.kind in (CriterionKind.TAX_ARREARS, CriterionKind.FINE_ARREARS)
    if on_arrears:
        records, reference, dated = _arrears(criterion, as_of), "reference", "due_on"
    else:
        records, reference, dated = _penalties(criterion, as_of, record_rules), "case_number", "decided_on"
    if among is not None:
        records = records.filter(enterprise__in=among.values("pk"))
    if criterion.kind == CriterionKind.SUPERVISION_VIOLATIONS:
        excused = _excused_for_non_brokers(criterion, record_rules)
        findings = _supervision_findings(criterion, records, as_of, excused)
        return Findings(findings, _counted_violations(records, excused), reference, dated)
    candidates = _aggregate(records, dated)
    if criterion.kind == CriterionKind.FINE_ARREARS:
        candidates = candidates.filter(amount_total__gt=criterion.amount_threshold)
    if on_arrears:
        findings = [_finding(row, oldest_due=row["earliest"].isoformat()) for row in candidates]
    else:
        findings = [_finding(row) for row in candidates]
    return Findings(findings, records, reference, dated)


def _penalties(criterion, as_of, record_rules):
    """The penalties that count towards `criterion` on `as_of`: in its look-back period, not withdrawn.

    For Art. 22(3), every supervision-rule violation: which of them count depends on the enterprise
    (`_counted_violations`). A voluntarily disclosed penalty that a rule of the rulebook leaves out
    counts towards no criterion.
    """
    records = Penalty.objects.filter(decided_on__lte=as_of, publication_withdrawn_at__isnull=True)
    start = rules.look_back_start(as_of, criterion.window_months, criterion.rulebook.automatic_repair_months)
    records = records.filter(decided_on__gt=start)
    disclosed = _left_out_when_disclosed(record_rules)
    if disclosed is not None:
        records = records.exclude(disclosed)
    kind = criterion.kind
    if kind == CriterionKind.SERIOUS_SMUGGLING:
        return records.filter(SERIOUS_OFFENCES)
    if kind == CriterionKind.SOLID_WASTE_FINE:
        return records.filter(
            kind__in=(Penalty.Kind.ADMINISTRATIVE_SMUGGLING, Penalty.Kind.SUPERVISION_VIOLATION),
            subject=Penalty.Subject.SOLID_WASTE,
            amount__gt=criterion.amount_threshold,
        )
    if kind == CriterionKind.SUPERVISION_VIOLATIONS:
        return records.filter(kind=Penalty.Kind.SUPERVISION_VIOLATION)
    return records.filter(kind=kind)  # the other penalty criteria share their kind's name


def _in_period(day_field, rule):
    period = Q(**{f"{day_field}__gte": rule.effective_from})
    if rule.effective_to is not None:
        period &= Q(**{f"{day_field}__lte": rule.effective_to})
    return period


def _any(conditions):
    return reduce(operator.or_, conditions) if conditions else None


def _left_out_when_disclosed(record_rules):
    """Penalties disclosed in a rule's period that ended in a warning or a fine within its limit."""
    return _any(
        [
            _in_period("disclosed_on", rule) & Q(amount__lte=rule.fine_limit)
            for rule in record_rules
            if rule.kind == RecordRuleKind.VOLUNTARY_DISCLOSURE
        ]
    )


def _excused_for_non_brokers(criterion, record_rules):
    """The violations without subjective intent that count for brokers only; None when all count.

    Those decided in the period of a dated rule (GAC Announcement 2023 No. 170), or all of them
    where the criterion itself says they never count for non-brokers.
    """
    unintentional = Q(is_intentional=False)
    if not criterion.count_unintentional_non_broker:
        return unintentional
    periods = _any(
        [
            _in_period("decided_on", rule)
            for rule in record_rules
            if rule.kind == RecordRuleKind.UNINTENTIONAL_NON_BROKER
        ]
    )
    return None if periods is None else unintentional & periods


def _counted_violations(violations, excused):
    """The violations that count: the excused ones only for brokers."""
    if excused is None:
        return violations
    return violations.filter(~excused | Q(Exists(_broker(OuterRef("enterprise_id")))))


def _arrears(criterion, as_of):
    """Amounts unpaid on `as_of` that fell due more than the criterion's months before."""
    kind = Arrear.Kind.TAX if criterion.kind == CriterionKind.TAX_ARREARS else Arrear.Kind.FINE
    return Arrear.objects.filter(
        Q(paid_on__isnull=True) | Q(paid_on__gt=as_of),
        kind=kind,
        due_on__lt=rules.overdue_cutoff(as_of, criterion.overdue_months),
    )


def _broker(enterprise):
    return BusinessTypeLink.objects.filter(enterprise_id=enterprise, businesstype__code=BROKER)


def _aggregate(records, dated):
    return (
        records.order_by()
        .values("enterprise_id")
        .annotate(records=Count("id"), amount_total=Sum("amount"), latest=Max(dated), earliest=Min(dated))
    )


def _finding(row, **figures):
    return Finding(
        enterprise_id=row["enterprise_id"],
        evidence_date=row["latest"],
        figures={"records": row["records"], "amount_total": _yuan(row["amount_total"]), **figures},
    )


def _yuan(amount):
    """An amount as the figures keep it, in yuan and fen ('1200000.00') whatever the database returns."""
    return None if amount is None else f"{amount:.2f}"


def _supervision_findings(criterion, violations, as_of, excused):
    """Art. 22(3) on the candidates with large fines: broker status and last year's documents decide.

    One pass over the violations gives each enterprise's figures with and without the `excused`
    ones; broker status, read for the few candidates only, tells which figures count.
    """
    floor = min(criterion.fine_threshold, criterion.fine_threshold_broker)
    figures = {"records": Count("id"), "amount_total": Sum("amount"), "latest": Max("decided_on")}
    if excused is not None:
        counted = ~excused
        figures |= {
            "counted_records": Count("id", filter=counted),
            "counted_amount": Sum("amount", filter=counted),
            "counted_latest": Max("decided_on", filter=counted),
        }
    candidates = list(
        violations.order_by().values("enterprise_id").annotate(**figures).filter(amount_total__gt=floor)
    )
    ids = [row["enterprise_id"] for row in candidates]
    brokers, documents = set(), {}
    for chunk in _chunks(ids):
        brokers.update(
            BusinessTypeLink.objects.filter(enterprise_id__in=chunk, businesstype__code=BROKER).values_list(
                "enterprise_id", flat=True
            )
        )
        documents.update(
            DocumentCount.objects.filter(enterprise_id__in=chunk, year=as_of.year - 1)
            .annotate(total=F("declarations") + F("filing_lists") + F("manifests"))
            .values_list("enterprise_id", "total")
        )
    findings = []
    for row in candidates:
        enterprise_id = row["enterprise_id"]
        is_broker, count = enterprise_id in brokers, documents.get(enterprise_id)
        if excused is not None and not is_broker:
            row = {
                "enterprise_id": enterprise_id,
                "records": row["counted_records"],
                "amount_total": row["counted_amount"],
                "latest": row["counted_latest"],
            }
        if rules.supervision_violations_met(
            violations=row["records"],
            fine_total=row["amount_total"],
            documents=count,
            is_broker=is_broker,
            criterion=criterion,
        ):
            per_thousand = rules.violations_per_thousand(row["records"], count)
            findings.append(
                _finding(
                    row,
                    documents_last_year=count,
                    per_thousand=str(per_thousand) if per_thousand is not None else None,
                    customs_broker=is_broker,
                )
            )
    return findings


def _write_proposals(criterion, found, proposals, as_of):
    """Create proposals for new findings and refresh open ones.

    A finding already decided on evidence as recent needs nothing more; the others get their
    evidence, to compare with the open proposal or to create one.
    """
    pending, already_decided = [], 0
    for finding in found.items:
        key = (criterion.code, finding.enterprise_id)
        decided = proposals.decided.get(key)
        if key not in proposals.open and decided and decided >= finding.evidence_date:
            already_decided += 1
        else:
            pending.append(finding)
    found.attach_evidence(pending)
    new, refreshed, unchanged = [], [], []
    for finding in pending:
        proposal = proposals.open.get((criterion.code, finding.enterprise_id))
        if proposal is not None and _same_finding(proposal, finding):
            unchanged.append(proposal.pk)
        elif proposal is not None:
            refreshed.append(_refresh(proposal, finding, as_of))
        else:
            new.append(_proposal(criterion, finding, as_of))
    reason = _("Scheduled evaluation")
    if new:
        bulk_create_with_history(new, DishonestProposal, batch_size=CHUNK, default_change_reason=reason)
    if refreshed:
        bulk_update_with_history(
            refreshed, DishonestProposal, UPDATED_FIELDS, batch_size=CHUNK, default_change_reason=reason
        )
    # Only the evaluation day moves: no new version in the history for that.
    for chunk in _chunks(unchanged):
        DishonestProposal.objects.filter(pk__in=chunk).update(evaluated_on=as_of)
    return Counter(
        created=len(new), updated=len(refreshed), unchanged=len(unchanged), already_decided=already_decided
    )


def _same_finding(proposal, finding):
    return (proposal.figures, proposal.evidence, proposal.evidence_date) == (
        finding.figures,
        finding.evidence,
        finding.evidence_date,
    )


def _refresh(proposal, finding, as_of):
    proposal.figures = finding.figures
    proposal.evidence = finding.evidence
    proposal.evidence_date = finding.evidence_date
    proposal.evaluated_on = as_of
    return proposal


def _proposal(criterion, finding, as_of):
    return DishonestProposal(
        enterprise_id=finding.enterprise_id,
        rulebook_id=criterion.rulebook_id,
        criterion=criterion,
        figures=finding.figures,
        evidence=finding.evidence,
        evidence_date=finding.evidence_date,
        evaluated_on=as_of,
        grounds=_grounds(criterion, finding, as_of),
    )


def _grounds(criterion, finding, as_of):
    """Draft grounds in the administration's language; the officer edits them before the notice."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Scheduled evaluation of %(day)s: %(article)s, %(criterion)s. Records: %(evidence)s.") % {
            "day": format_date(as_of),
            "article": criterion.display_article,
            "criterion": criterion.display_title,
            "evidence": ", ".join(finding.evidence),
        }


def _drop_stale(criteria, as_of):
    """Drop the evaluation's own untouched proposals whose criterion did not hold on `as_of`."""
    stale = DishonestProposal.objects.filter(
        criterion__code__in=[c.code for c in criteria],
        status=DishonestProposal.Status.PROPOSED,
        created_by__isnull=True,
    ).exclude(evaluated_on=as_of)
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("The criterion was no longer met at the scheduled evaluation of %(day)s.") % {
            "day": format_date(as_of)
        }
    dropped = 0
    for proposal in stale.iterator():
        proposal_drop(actor=None, proposal=proposal, reason=reason)
        dropped += 1
    return dropped


def _chunks(items):
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
