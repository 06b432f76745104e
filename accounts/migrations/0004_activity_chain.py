"""Chain the activity log by hash (accounts.chain): entries already written are linked in id order."""

import django.utils.timezone
from django.db import migrations, models

from accounts.chain import CHAINED_FIELDS, GENESIS, entry_hash

BATCH = 2000


def chain_existing_entries(apps, schema_editor):
    ActivityEntry = apps.get_model("accounts", "ActivityEntry")
    entries = ActivityEntry.objects.using(schema_editor.connection.alias)
    rows = entries.order_by("id").values("id", *(name for name in CHAINED_FIELDS if name != "sequence"))
    previous, batch = GENESIS, []
    for sequence, row in enumerate(rows.iterator(chunk_size=BATCH), start=1):
        row["sequence"] = sequence
        digest = entry_hash(row, previous)
        batch.append(ActivityEntry(id=row["id"], sequence=sequence, previous_hash=previous, entry_hash=digest))
        previous = digest
        if len(batch) == BATCH:
            entries.bulk_update(batch, ["sequence", "previous_hash", "entry_hash"])
            batch = []
    entries.bulk_update(batch, ["sequence", "previous_hash", "entry_hash"])


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_office_head'),
    ]

    operations = [
        migrations.AddField(
            model_name='activityentry',
            name='sequence',
            field=models.PositiveBigIntegerField(editable=False, null=True, verbose_name='sequence'),
        ),
        migrations.AddField(
            model_name='activityentry',
            name='previous_hash',
            field=models.CharField(default='', editable=False, max_length=64, verbose_name='hash of the previous entry'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='activityentry',
            name='entry_hash',
            field=models.CharField(default='', editable=False, max_length=64, verbose_name='hash'),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='activityentry',
            name='created_at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='time'),
        ),
        migrations.RunPython(chain_existing_entries, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='activityentry',
            name='sequence',
            field=models.PositiveBigIntegerField(editable=False, unique=True, verbose_name='sequence'),
        ),
        migrations.AlterModelOptions(
            name='activityentry',
            options={'ordering': ['-sequence'], 'verbose_name': 'activity entry', 'verbose_name_plural': 'activity log'},
        ),
    ]
