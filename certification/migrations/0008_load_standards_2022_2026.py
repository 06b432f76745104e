from django.db import migrations

from certification.reference import load_standards
from rulebooks.reference import load_business_types


def load(apps, schema_editor):
    """The inspection-and-quarantine business types the standards name, then the 2022 and 2026
    standards in place of the first in-house catalogue."""
    load_business_types(apps.get_model("rulebooks", "BusinessType"))
    load_standards(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0007_standards_2022_2026"),
        ("rulebooks", "0011_remedy_periods"),
        ("cultivation", "0001_initial"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
