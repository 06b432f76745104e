"""Case filings as credit events: record a filed case, suspend the measures on it, close it with an outcome.

What a filing means for the certificate (Order 251: a criminal case filed suspends the AEO measures,
an administrative case may) is the certification app's rule; this app may not import it. The apps
above register their handler in `case_filing_handlers` from their AppConfig.ready(), and every
service here calls them, in order, inside its transaction with the filing as it now stands
(docs/architecture.md, "Consequences that run upward"); a handler's failure undoes the change.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_activity
from core.display import format_date
from core.errors import InvalidState
from enterprises.models import CaseFiling, Enterprise
from enterprises.services import require_register_keeper

# Functions taking (filing=, actor=), in INSTALLED_APPS order (see the module docstring).
case_filing_handlers = []

Kind, Outcome = CaseFiling.Kind, CaseFiling.Outcome


def register_case_filing_handler(handler):
    if handler not in case_filing_handlers:
        case_filing_handlers.append(handler)


def _consequences(filing, actor):
    for handler in case_filing_handlers:
        handler(filing=filing, actor=actor)


def _locked(filing):
    return (
        CaseFiling.objects.select_for_update(of=("self",))
        .select_related("enterprise__customs_office")
        .get(pk=filing.pk)
    )


def _not_in_future(field, day):
    if day > timezone.localdate():
        raise ValidationError({field: _("This date cannot be in the future.")})


def case_filing_record(*, actor, enterprise, kind, case_number, filing_authority, filed_on, description=""):
    """Record a case filed against `enterprise`. A criminal case suspends the AEO measures at once;
    the same filing recorded twice is returned, not duplicated."""
    require_register_keeper(actor, enterprise.customs_office)
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose whether the case is criminal or administrative.")})
    _not_in_future("filed_on", filed_on)
    case_number = (case_number or "").strip()
    with transaction.atomic():
        Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        existing = CaseFiling.objects.filter(
            enterprise=enterprise, case_number=case_number, kind=kind, filed_on=filed_on
        ).first()
        if existing:
            return existing
        filing = CaseFiling(
            enterprise=enterprise,
            kind=kind,
            case_number=case_number,
            filing_authority=(filing_authority or "").strip(),
            filed_on=filed_on,
            description=(description or "").strip(),
            suspends_measures=kind == Kind.CRIMINAL,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        filing.full_clean()
        filing.save()
        record_activity(
            actor=actor,
            verb="case_filing.recorded",
            target=enterprise,
            changes={"case_filing": str(filing), "filed_on": str(filed_on)},
        )
        _consequences(filing, actor)
    return filing


def case_filing_suspend_measures(*, actor, filing, reason):
    """The officer's choice on an administrative case (the law says customs may): suspend the AEO
    measures while it is open. A criminal case suspends them already."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for suspending the measures.")})
    with transaction.atomic():
        filing = _locked(filing)
        require_register_keeper(actor, filing.enterprise.customs_office)
        if filing.suspends_measures:
            return filing
        if not filing.is_open:
            raise InvalidState(
                _("Case %(number)s was closed on %(day)s.")
                % {"number": filing.case_number, "day": format_date(filing.closed_on)}
            )
        filing.suspends_measures = True
        filing.save(update_fields=["suspends_measures"])
        record_activity(
            actor=actor,
            verb="case_filing.measures_suspended",
            target=filing.enterprise,
            changes={"case_filing": str(filing), "suspends_measures": [False, True]},
            note=reason,
        )
        _consequences(filing, actor)
    return filing


def case_filing_close(*, actor, filing, closed_on, outcome, note="", penalty=None):
    """Close a filing with its outcome. Without liability the measures it suspended resume; with
    liability the penalty decision belongs in the credit records (`penalty`, once recorded), where the
    dishonest criteria read it."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose how the case ended.")})
    _not_in_future("closed_on", closed_on)
    note = (note or "").strip()
    with transaction.atomic():
        filing = _locked(filing)
        require_register_keeper(actor, filing.enterprise.customs_office)
        if not filing.is_open:
            if (filing.closed_on, filing.outcome) == (closed_on, outcome):
                return filing
            raise InvalidState(
                _("Case %(number)s was closed on %(day)s.")
                % {"number": filing.case_number, "day": format_date(filing.closed_on)}
            )
        if closed_on < filing.filed_on:
            raise ValidationError(
                {
                    "closed_on": _("A case closes on or after the day it was filed (%(day)s).")
                    % {"day": format_date(filing.filed_on)}
                }
            )
        if penalty is not None:
            if outcome != Outcome.LIABILITY:
                raise ValidationError(
                    {"penalty": _("Only a case that established liability has a penalty decision.")}
                )
            if penalty.enterprise_id != filing.enterprise_id:
                raise ValidationError({"penalty": _("Choose a penalty of this enterprise.")})
        filing.closed_on, filing.outcome, filing.outcome_note, filing.penalty = (
            closed_on,
            outcome,
            note,
            penalty,
        )
        filing.full_clean()
        filing.save(update_fields=["closed_on", "outcome", "outcome_note", "penalty"])
        record_activity(
            actor=actor,
            verb="case_filing.closed",
            target=filing.enterprise,
            changes={"case_filing": str(filing), "closed_on": str(closed_on), "outcome": outcome},
            note=note,
        )
        _consequences(filing, actor)
    return filing
