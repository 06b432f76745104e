from django.db import migrations

from rulebooks.reference import load_business_types


def load(apps, schema_editor):
    load_business_types(apps.get_model("rulebooks", "BusinessType"))


class Migration(migrations.Migration):
    dependencies = [("rulebooks", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
