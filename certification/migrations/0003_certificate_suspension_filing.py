"""The case filing a certificate's AEO measures are suspended for (Order 251: a criminal case filed
suspends them; an administrative case may)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0002_load_catalogue"),
        ("enterprises", "0008_case_filings"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="suspended_on_filing",
            field=models.ForeignKey(
                blank=True,
                help_text="The open case filing the AEO measures are suspended for; empty otherwise.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="suspended_certificates",
                to="enterprises.casefiling",
                verbose_name="suspended on the case filing",
            ),
        ),
        migrations.AddField(
            model_name="historicalcertificate",
            name="suspended_on_filing",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The open case filing the AEO measures are suspended for; empty otherwise.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="enterprises.casefiling",
                verbose_name="suspended on the case filing",
            ),
        ),
    ]
