"""An object's change history, as officers read it on the object's page.

Built from django-simple-history rows: each version is compared with the one
before it field by field in Python, and foreign keys are resolved with one
query per related model, so the page costs a constant number of queries.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import pgettext_lazy

KINDS = {
    "+": pgettext_lazy("history", "created"),
    "~": pgettext_lazy("history", "changed"),
    "-": pgettext_lazy("history", "deleted"),
}


@dataclass
class FieldChange:
    label: str
    old: object
    new: object


@dataclass
class HistoryEntry:
    when: object
    who: object
    kind: str
    request_id: str
    reason: str
    changes: list = field(default_factory=list)


def _tracked_fields(instance):
    tracked = {f.attname for f in instance.history.model._meta.concrete_fields}
    return [f for f in instance._meta.concrete_fields if f.attname in tracked]


def _tracked_many_to_many(instance):
    """(field, accessor on a version) of the many-to-many fields simple-history snapshots."""
    history_model = instance.history.model
    tracked = []
    for m2m_field in instance._meta.many_to_many:
        if hasattr(history_model, m2m_field.name):
            through = getattr(history_model, m2m_field.name).model
            tracked.append((m2m_field, through._meta.get_field("history").remote_field.get_accessor_name()))
    return tracked


def _member_labels(record, m2m_field, accessor):
    target = m2m_field.related_model._meta.model_name
    return ", ".join(sorted(str(getattr(row, target)) for row in getattr(record, accessor).all()))


def _foreign_key_labels(fields, records):
    """{(field name, pk): label} for every foreign-key value appearing in `records`."""
    labels = {}
    for model_field in fields:
        if not isinstance(model_field, models.ForeignKey):
            continue
        ids = {getattr(r, model_field.attname) for r in records} - {None}
        related = model_field.related_model._default_manager.in_bulk(ids)
        labels.update({(model_field.name, pk): str(obj) for pk, obj in related.items()})
    return labels


def _display(model_field, value, fk_labels):
    if value is None or value == "":
        return "—"
    if isinstance(model_field, models.ForeignKey):
        return fk_labels.get((model_field.name, value), value)
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    return value


def change_history(instance, limit=50):
    """Newest first: who changed what and when, from which request."""
    m2m_fields = _tracked_many_to_many(instance)
    records = list(
        instance.history.select_related("history_user")
        .prefetch_related(*(f"{acc}__{f.related_model._meta.model_name}" for f, acc in m2m_fields))
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    fields = _tracked_fields(instance)
    fk_labels = _foreign_key_labels(fields, records)
    entries = []
    for index, record in enumerate(records[:limit]):
        older = records[index + 1] if index + 1 < len(records) else None
        changes = []
        for model_field in fields:
            if model_field.name in ("id", "created_at", "updated_at"):
                continue
            new = getattr(record, model_field.attname)
            old = getattr(older, model_field.attname) if older else None
            if older is None and record.history_type != "+":
                continue
            if old != new:
                changes.append(
                    FieldChange(
                        label=model_field.verbose_name,
                        old=_display(model_field, old, fk_labels) if older else "—",
                        new=_display(model_field, new, fk_labels),
                    )
                )
        for m2m_field, accessor in m2m_fields:
            new = _member_labels(record, m2m_field, accessor)
            old = _member_labels(older, m2m_field, accessor) if older else ""
            if old != new:
                changes.append(FieldChange(label=m2m_field.verbose_name, old=old or "—", new=new or "—"))
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                kind=KINDS.get(record.history_type, record.history_type),
                request_id=record.request_id,
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries
