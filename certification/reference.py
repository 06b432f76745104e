"""Loading the shipped standards catalogues and mutual-recognition partners from their data files.

Shared by the data migration and by tests; `get_model` is `apps.get_model` in a migration.
"""

import json
from pathlib import Path

from django.db import transaction
from django.db.models import ProtectedError

DATA = Path(__file__).resolve().parent / "data"
STANDARDS_FILE = DATA / "standards.json"
PARTNERS_FILE = DATA / "partners.json"


def load_standards(get_model, path=STANDARDS_FILE):
    """Create or refresh the standards of every shipped rulebook the file names. Items of the first
    in-house catalogue (`superseded`) are removed, or kept as superseded where an application or a
    cultivation plan refers to them. Before migration 0008 the schema cannot hold them: nothing to do."""
    try:
        standard_model = get_model("certification", "CertificationStandard")
    except LookupError:
        return
    rulebook_model = get_model("rulebooks", "Rulebook")
    business_type_model = get_model("rulebooks", "BusinessType")
    item_model = get_model("certification", "StandardItem")
    business_types = {bt.code: bt for bt in business_type_model.objects.all()}
    data = json.loads(path.read_text(encoding="utf-8"))
    for standard in data["standards"]:
        standard = dict(standard)
        codes, items = standard.pop("rulebooks"), standard.pop("items")
        for rulebook in rulebook_model.objects.filter(code__in=codes):
            standard_model.objects.update_or_create(
                rulebook=rulebook, grade=standard["grade"], defaults=standard
            )
            for spec in items:
                spec = dict(spec)
                code = spec.pop("code")
                business_type = spec.pop("business_type")
                spec["business_type"] = business_types[business_type] if business_type else None
                spec["grade"] = standard["grade"]
                item_model.objects.update_or_create(rulebook=rulebook, code=code, defaults=spec)
    for item in item_model.objects.filter(code__in=data["superseded"], superseded=False):
        try:
            with transaction.atomic():
                item.delete()
        except ProtectedError:
            item.superseded = True
            item.save(update_fields=["superseded"])


# Partners the first shipped list named without any announcement found for them (certification
# migration 0004 removes them; see the note in partners.json).
UNFOUNDED_PARTNERS = ["Peru", "Indonesia", "Saudi Arabia", "Malaysia", "Egypt", "Qatar", "Kazakhstan"]


def load_partners(get_model, path=PARTNERS_FILE):
    """Create or refresh the shipped partners. A migration's older model takes the fields it has, and
    the partners it could not hold (no in-force day where one was required) wait for a later one."""
    partner_model = get_model("certification", "MutualRecognitionPartner")
    nullable = {field.name: field.null for field in partner_model._meta.concrete_fields}
    data = json.loads(path.read_text(encoding="utf-8"))
    for spec in data["partners"]:
        spec = {name: value for name, value in spec.items() if name in nullable}
        if any(value is None and not nullable[name] for name, value in spec.items()):
            continue
        partner_model.objects.update_or_create(economy_en=spec.pop("economy_en"), defaults=spec)
