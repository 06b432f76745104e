"""Loading the customs office tree from its data file.

The loader works on whichever model class it is given, so the initial data
migration (historical model) and the `load_offices` command (real model, with
history) share it. Loading is an idempotent upsert keyed by office code.
"""

import csv
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

OFFICE_FILE = Path(__file__).resolve().parent / "data" / "customs_offices.csv"
LEVELS = ("gac", "directly_under", "subordinate")


def read_office_rows(path=OFFICE_FILE):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _paths_by_code(rows, existing_paths):
    """Compute the materialised path of every row, parents first."""
    parent_of = {row["code"]: row["parent_code"] or None for row in rows}
    paths = dict(existing_paths)

    def path_of(code, seen=()):
        if code in paths and code not in parent_of:
            return paths[code]
        if code in seen:
            raise ValidationError(_("Office %(code)s is its own ancestor.") % {"code": code})
        parent = parent_of.get(code)
        if parent is None:
            return f"/{code}/"
        if parent not in parent_of and parent not in paths:
            raise ValidationError(
                _("Office %(code)s names an unknown parent %(parent)s.") % {"code": code, "parent": parent}
            )
        return f"{path_of(parent, (*seen, code))}{code}/"

    return {code: path_of(code) for code in parent_of}


def load_office_rows(office_model, rows):
    """Insert or update offices from `rows`; returns (created, updated) counts."""
    for row in rows:
        if row["level"] not in LEVELS:
            raise ValidationError(
                _("Office %(code)s has an unknown level %(level)s.")
                % {"code": row["code"], "level": row["level"]}
            )
    existing = {office.code: office for office in office_model.objects.all()}
    paths = _paths_by_code(rows, {code: office.path for code, office in existing.items()})
    # A migration's historical model may predate the prefix; an administrator's prefix is kept.
    has_prefix = any(field.name == "document_prefix" for field in office_model._meta.get_fields())
    created = updated = 0
    # Parents sort before children because a parent's path is a prefix of its child's.
    for row in sorted(rows, key=lambda r: paths[r["code"]]):
        values = {
            "name": row["name"],
            "name_en": row["name_en"],
            "level": row["level"],
            "parent_id": existing[row["parent_code"]].pk if row["parent_code"] else None,
            "path": paths[row["code"]],
        }
        office = existing.get(row["code"])
        if has_prefix and row.get("document_prefix") and not (office and office.document_prefix):
            values["document_prefix"] = row["document_prefix"]
        if office is None:
            existing[row["code"]] = office_model.objects.create(code=row["code"], **values)
            created += 1
        elif any(getattr(office, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(office, field, value)
            office.save()
            updated += 1
    return created, updated
