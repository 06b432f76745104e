from django.db import migrations

from rulebooks.reference import load_rulebooks


def load(apps, schema_editor):
    load_rulebooks(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("rulebooks", "0005_certification_parameters")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
