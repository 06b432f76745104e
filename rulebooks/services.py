"""Maintaining rulebooks: one in use is never edited in place; a new version is made instead."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_activity
from accounts.models import Role
from core.changes import refuse_other_fields
from core.errors import InvalidState, NotPermitted
from rulebooks.models import Rulebook, WorkingCalendarYear
from rulebooks.working_days import describe_holidays, forget_working_calendar


def rulebook_parts():
    """Relations into Rulebook of the models that make it up (`RULEBOOK_PART = True`).

    Found by a marker, so parts defined further down the layers (the certification standards
    catalogue) are copied with a new version without this app importing them.
    """
    return [
        relation
        for relation in Rulebook._meta.related_objects
        if getattr(relation.related_model, "RULEBOOK_PART", False)
    ]


def rulebook_in_use(rulebook):
    """True once any decision, record or certificate refers to the rulebook.

    Looks at every relation into Rulebook other than its own parts, so apps further down the
    layers (ledger, certificates) count without this app importing them.
    """
    parts = rulebook_parts()
    for relation in Rulebook._meta.related_objects:
        if relation in parts or relation.related_model.__name__.startswith("Historical"):
            continue
        if relation.related_model._default_manager.filter(**{relation.field.name: rulebook}).exists():
            return True
    return False


def rulebook_new_version(*, actor, rulebook):
    """Copy `rulebook` with all its parts into a new, unused version starting after it."""
    if actor is not None and actor.role != Role.ADMINISTRATOR:
        raise NotPermitted(_("Only administrators maintain rulebooks."))
    with transaction.atomic():
        latest = Rulebook.objects.select_for_update().order_by("-effective_from").first()
        # Never retroactive: the copy takes over tomorrow at the earliest, after every known version.
        start = max(timezone.localdate(), latest.effective_from, latest.effective_to or latest.effective_from)
        code = f"{rulebook.code}-v{Rulebook.objects.filter(code__startswith=rulebook.code).count() + 1}"
        if Rulebook.objects.filter(code=code).exists():
            raise ValidationError(_("A version named %(code)s already exists.") % {"code": code})
        parts = [
            list(relation.related_model._default_manager.filter(**{relation.field.name: rulebook}))
            for relation in rulebook_parts()
        ]
        copy = Rulebook.objects.get(pk=rulebook.pk)
        copy.pk = None
        copy.code = code
        copy.effective_from = start + datetime.timedelta(days=1)
        copy.effective_to = None
        copy.save()
        for rows in parts:
            for row in rows:
                row.pk = None
                row.rulebook = copy
                row.save()
        record_activity(actor=actor, verb="rulebook.versioned", target=copy, changes={"from": rulebook.code})
    return copy


# --- The working-day calendar (rulebooks.working_days) ---------------------------------------------

CALENDAR_FIELDS = ("notice", "notice_number", "notice_date", "source", "holidays", "make_up_working_days")


def _require_calendar_keeper(actor):
    """`actor=None` is the system itself (the seed)."""
    if actor is not None and actor.role != Role.ADMINISTRATOR:
        raise NotPermitted(_("Only administrators maintain the working-day calendar."))


def _calendar_text(calendar_year):
    """Each field as the audit shows its old and new value."""
    return {
        "notice": calendar_year.notice,
        "notice_number": calendar_year.notice_number,
        "notice_date": calendar_year.notice_date.isoformat() if calendar_year.notice_date else "",
        "source": calendar_year.source,
        "holidays": describe_holidays(calendar_year.holidays),
        "make_up_working_days": ", ".join(calendar_year.make_up_working_days),
    }


def working_calendar_year_create(
    *, actor, year, notice, holidays, make_up_working_days=(), notice_number="", notice_date=None, source=""
):
    """Enter the State Council's notice of `year`: its holiday periods ({"name", "from", "to"}) and
    make-up working days. Deadlines computed from now on follow it."""
    _require_calendar_keeper(actor)
    calendar_year = WorkingCalendarYear(
        year=year,
        notice=notice,
        notice_number=notice_number,
        notice_date=notice_date,
        source=source,
        holidays=list(holidays or ()),
        make_up_working_days=list(make_up_working_days or ()),
        entered_by=actor,
    )
    calendar_year.full_clean()  # a year already entered too
    try:
        with transaction.atomic():
            calendar_year.save(force_insert=True)
            record_activity(
                actor=actor,
                verb="working_calendar.created",
                target=calendar_year,
                changes={
                    field: ["", value] for field, value in _calendar_text(calendar_year).items() if value
                },
            )
            forget_working_calendar()
    except IntegrityError as error:  # entered at the same moment by someone else
        raise ValidationError(
            {
                "year": _("The calendar of %(year)s has already been entered: change it instead.")
                % {"year": year}
            }
        ) from error
    return calendar_year


def working_calendar_year_update(*, actor, calendar_year, **changes):
    """Correct a year's notice, holidays or make-up working days; its year is fixed."""
    _require_calendar_keeper(actor)
    refuse_other_fields(changes, CALENDAR_FIELDS)
    with transaction.atomic():
        calendar_year = WorkingCalendarYear.objects.select_for_update().get(pk=calendar_year.pk)
        before = _calendar_text(calendar_year)
        for field, value in changes.items():
            setattr(
                calendar_year,
                field,
                list(value or ()) if field in ("holidays", "make_up_working_days") else value,
            )
        calendar_year.full_clean(validate_unique=False)
        after = _calendar_text(calendar_year)
        diff = {field: [before[field], after[field]] for field in before if before[field] != after[field]}
        if diff:
            calendar_year.entered_by = actor
            calendar_year.save()
            record_activity(actor=actor, verb="working_calendar.updated", target=calendar_year, changes=diff)
            forget_working_calendar()
    return calendar_year


def working_calendar_year_deletion_refusal(calendar_year):
    """Why the year cannot be deleted (an InvalidState), or None. Only a year that has not begun can
    be: deadlines in a year under way have been counted with its calendar, so it is corrected instead."""
    if calendar_year.year <= timezone.localdate().year:
        return InvalidState(
            _("Deadlines have been counted with the calendar of %(year)s: correct it instead of deleting it.")
            % {"year": calendar_year.year}
        )
    return None


def working_calendar_year_delete(*, actor, calendar_year):
    """Remove a year entered by mistake (a year that has not begun)."""
    _require_calendar_keeper(actor)
    with transaction.atomic():
        calendar_year = WorkingCalendarYear.objects.select_for_update().get(pk=calendar_year.pk)
        refusal = working_calendar_year_deletion_refusal(calendar_year)
        if refusal is not None:
            raise refusal
        record_activity(
            actor=actor,
            verb="working_calendar.deleted",
            target=calendar_year,
            changes={field: [value, ""] for field, value in _calendar_text(calendar_year).items() if value},
        )
        calendar_year.delete()
        forget_working_calendar()
