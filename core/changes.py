"""Field edits as services make them: only the fields a service allows, and the diff it records."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def refuse_other_fields(changes, allowed):
    """Refuse `changes` that name a field the service does not edit (an identity code, a status)."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )


def apply_changes(obj, changes):
    """Set each field of `changes` that differs on `obj`; the {field: [old, new]} of those, as text."""
    diff = {}
    for field, value in changes.items():
        old = getattr(obj, field)
        if old != value:
            diff[field] = [str(old), str(value)]
            setattr(obj, field, value)
    return diff
