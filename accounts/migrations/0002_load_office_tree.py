from django.db import migrations

from accounts.offices import load_office_rows, read_office_rows


def load(apps, schema_editor):
    load_office_rows(apps.get_model("accounts", "CustomsOffice"), read_office_rows())


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
