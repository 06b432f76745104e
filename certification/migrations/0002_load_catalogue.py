from django.db import migrations

from certification.reference import load_partners, load_standards


def load(apps, schema_editor):
    load_standards(apps.get_model)
    load_partners(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0001_initial"),
        ("rulebooks", "0006_load_certification_parameters"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
