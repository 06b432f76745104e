"""E-mails to people without an account (a member of the public who objected to published credit
information hears the outcome by e-mail): through the same outbox, with the address on the notice."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_email_outbox"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="email_address",
            field=models.EmailField(blank=True, max_length=254, verbose_name="e-mail address"),
        ),
        migrations.AddField(
            model_name="notification",
            name="email_language",
            field=models.CharField(
                blank=True,
                choices=[("zh-hans", "Simplified Chinese"), ("en", "English")],
                max_length=10,
                verbose_name="language",
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="email_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="addressee"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="recipient",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty for an e-mail to someone without an account, such as a member of the public.",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notifications",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recipient",
            ),
        ),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.CheckConstraint(
                condition=models.Q(("recipient__isnull", False), models.Q(("email_address", ""), _negated=True), _connector="OR"),
                name="notification_has_a_recipient_or_an_address",
            ),
        ),
    ]
