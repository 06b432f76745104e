"""Loading shipped reference data (business types, rulebooks) from its data files.

Shared by the initial data migration and by tests, like the office loader.
"""

import csv
import json
from pathlib import Path

BUSINESS_TYPE_FILE = Path(__file__).resolve().parent / "data" / "business_types.csv"


def load_business_types(business_type_model, path=BUSINESS_TYPE_FILE):
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            business_type_model.objects.update_or_create(
                code=row["code"],
                defaults={"name": row["name"], "name_en": row["name_en"], "order": int(row["order"])},
            )


RULEBOOK_FILE = Path(__file__).resolve().parent / "data" / "rulebooks.json"
RULEBOOK_PARTS = {
    "grades": ("RulebookGrade", "grade"),
    "publication_periods": ("PublicationPeriod", "level"),
    "criteria": ("DishonestCriterion", "code"),
    "measures": ("Measure", ("grade", "code")),
    "record_rules": ("RecordRule", "code"),
}


def _known_fields(model):
    return {field.name for field in model._meta.get_fields()}


def _accepts(model, field, value):
    """Whether `model` (perhaps a migration's historical one) can hold `value` in `field`.

    An empty value for a field that an earlier state of the schema did not allow to be empty (an
    article not yet known) waits, like a new field, for the migration that allows it.
    """
    return value is not None or model._meta.get_field(field).null


def load_rulebooks(get_model, path=RULEBOOK_FILE, only=None):
    """Create or refresh the shipped rulebooks; `get_model` is `apps.get_model` in a migration.

    `only` names the parts to refresh (for example `("measures",)`) in rulebooks already loaded,
    leaving the rulebooks' own fields and their other parts as they are.
    """
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    rulebook_model = get_model("rulebooks", "Rulebook")
    # A migration's historical model may predate fields the file now carries: those wait for the
    # migration that adds them, which loads the file again.
    known = _known_fields(rulebook_model)
    for spec in data["rulebooks"]:
        parts = {name: spec.get(name, []) for name in RULEBOOK_PARTS}
        spec = {key: value for key, value in spec.items() if key in known and key not in RULEBOOK_PARTS}
        if only is None:
            rulebook, _ = rulebook_model.objects.update_or_create(code=spec.pop("code"), defaults=spec)
        else:
            rulebook = rulebook_model.objects.filter(code=spec["code"]).first()
            if rulebook is None:
                continue
        for name, (model_name, key) in RULEBOOK_PARTS.items():
            if only is not None and name not in only:
                continue
            try:
                model = get_model("rulebooks", model_name)
            except LookupError:
                continue  # a part the migration loading the file predates: a later one loads it
            fields = _known_fields(model)
            keys = key if isinstance(key, tuple) else (key,)
            for row in parts[name]:
                row = {
                    field: value
                    for field, value in row.items()
                    if field in fields and _accepts(model, field, value)
                }
                lookup = {field: row.pop(field) for field in keys}
                model.objects.update_or_create(rulebook=rulebook, **lookup, defaults=row)
