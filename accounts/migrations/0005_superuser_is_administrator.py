import accounts.models
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_activity_chain")]

    operations = [
        migrations.AlterModelManagers(
            name="user",
            managers=[("objects", accounts.models.AccountManager())],
        ),
    ]
