"""Loading shipped reference data (business types) from its data file.

Shared by the initial data migration and by tests, like the office loader.
"""

import csv
from pathlib import Path

BUSINESS_TYPE_FILE = Path(__file__).resolve().parent / "data" / "business_types.csv"


def load_business_types(business_type_model, path=BUSINESS_TYPE_FILE):
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            business_type_model.objects.update_or_create(
                code=row["code"],
                defaults={"name": row["name"], "name_en": row["name_en"], "order": int(row["order"])},
            )
