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
}


def load_rulebooks(get_model, path=RULEBOOK_FILE):
    """Create or refresh the shipped rulebooks; `get_model` is `apps.get_model` in a migration."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    rulebook_model = get_model("rulebooks", "Rulebook")
    # A migration's historical model may predate fields the file now carries: those wait for the
    # migration that adds them, which loads the file again.
    known = {field.name for field in rulebook_model._meta.get_fields()}
    for spec in data["rulebooks"]:
        parts = {name: spec[name] for name in RULEBOOK_PARTS}
        spec = {key: value for key, value in spec.items() if key in known and key not in RULEBOOK_PARTS}
        rulebook, _ = rulebook_model.objects.update_or_create(code=spec.pop("code"), defaults=spec)
        for name, (model_name, key) in RULEBOOK_PARTS.items():
            model = get_model("rulebooks", model_name)
            keys = key if isinstance(key, tuple) else (key,)
            for row in parts[name]:
                row = dict(row)
                lookup = {field: row.pop(field) for field in keys}
                model.objects.update_or_create(rulebook=rulebook, **lookup, defaults=row)
