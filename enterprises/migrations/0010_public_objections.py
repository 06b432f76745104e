"""Objections from anyone, to any published item (issue 20, section 5), and numbered pre-notices.

An objection names the information objected to (grade, certificate status, dishonesty record,
penalty) and, when it comes from the public lookup, the objector (natural person, legal person or
unincorporated organisation: name, identity card number or USCC, contact) and their evidence. Existing
objections are the enterprises' own: they get their item and a reference number. A pre-notice keeps
the number its customs issued it.
"""

import secrets

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# As enterprises.objections.new_reference: 异议 (YY), the filing day, six unambiguous characters.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def describe_existing_objections(apps, schema_editor):
    for name in ("Objection", "HistoricalObjection"):
        model = apps.get_model("enterprises", name)
        model.objects.filter(determination__isnull=False).update(item="determination")
    objection_model = apps.get_model("enterprises", "Objection")
    for objection in objection_model.objects.filter(reference="").only("pk", "filed_at"):
        suffix = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        objection.reference = f"YY{objection.filed_at:%Y%m%d}{suffix}"
        objection.save(update_fields=["reference"])


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0009_record_attributes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ObjectionAttachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(upload_to='objections/%Y/%m/', verbose_name='file')),
                ('original_name', models.CharField(max_length=255, verbose_name='file name')),
                ('size', models.PositiveIntegerField(verbose_name='size (bytes)')),
            ],
            options={
                'verbose_name': 'objection attachment',
                'verbose_name_plural': 'objection attachments',
                'ordering': ['id'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='objection',
            name='objection_targets_one_record',
        ),
        migrations.AddField(
            model_name='dishonestproposal',
            name='notice_number',
            field=models.CharField(blank=True, help_text="Issued from the directly-under customs' register when the pre-notice is sent.", max_length=60, verbose_name='notice number'),
        ),
        migrations.AddField(
            model_name='historicaldishonestproposal',
            name='notice_number',
            field=models.CharField(blank=True, help_text="Issued from the directly-under customs' register when the pre-notice is sent.", max_length=60, verbose_name='notice number'),
        ),
        migrations.AddField(
            model_name='historicalobjection',
            name='certificate_number',
            field=models.CharField(blank=True, max_length=30, verbose_name='certificate number'),
        ),
        migrations.AddField(
            model_name='historicalobjection',
            name='contact_email',
            field=models.EmailField(blank=True, max_length=254, verbose_name='e-mail'),
        ),
        migrations.AddField(
            model_name='historicalobjection',
            name='contact_phone',
            field=models.CharField(blank=True, max_length=30, verbose_name='phone'),
        ),
        migrations.AddField(
            model_name='historicalobjection',
            name='item',
            field=models.CharField(choices=[('grade', 'Credit grade'), ('certificate', 'Certificate status'), ('determination', 'Dishonesty record'), ('penalty', 'Administrative penalty')], default='penalty', max_length=20, verbose_name='information objected to'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='historicalobjection',
            name='language',
            field=models.CharField(blank=True, choices=[('zh-hans', 'Simplified Chinese'), ('en', 'English')], help_text="Language of the objector's answer by e-mail.", max_length=10, verbose_name='language'),
        ),
        migrations.AddField(
            model_name='historicalobjection',
            name='objector_id_number',
            field=models.CharField(blank=True, help_text="A natural person's resident identity card number; otherwise the unified social credit code.", max_length=18, verbose_name='identity card number or USCC'),
        ),
        migrations.AddField(
            model_name='historicalobjection',
            name='objector_kind',
            field=models.CharField(choices=[('enterprise', 'The enterprise itself'), ('natural_person', 'Natural person'), ('legal_person', 'Legal person'), ('organisation', 'Unincorporated organisation')], default='enterprise', max_length=20, verbose_name='objector'),
        ),
        migrations.AddField(
            model_name='historicalobjection',
            name='objector_name',
            field=models.CharField(blank=True, max_length=200, verbose_name="objector's name"),
        ),
        migrations.AddField(
            model_name='historicalobjection',
            name='published_value',
            field=models.CharField(blank=True, help_text='The grade or certificate status the public saw when the objection was filed.', max_length=100, verbose_name='as published'),
        ),
        migrations.AddField(
            model_name='historicalobjection',
            name='reference',
            field=models.CharField(blank=True, max_length=30, verbose_name='reference number'),
        ),
        migrations.AddField(
            model_name='objection',
            name='certificate_number',
            field=models.CharField(blank=True, max_length=30, verbose_name='certificate number'),
        ),
        migrations.AddField(
            model_name='objection',
            name='contact_email',
            field=models.EmailField(blank=True, max_length=254, verbose_name='e-mail'),
        ),
        migrations.AddField(
            model_name='objection',
            name='contact_phone',
            field=models.CharField(blank=True, max_length=30, verbose_name='phone'),
        ),
        migrations.AddField(
            model_name='objection',
            name='item',
            field=models.CharField(choices=[('grade', 'Credit grade'), ('certificate', 'Certificate status'), ('determination', 'Dishonesty record'), ('penalty', 'Administrative penalty')], default='penalty', max_length=20, verbose_name='information objected to'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='objection',
            name='language',
            field=models.CharField(blank=True, choices=[('zh-hans', 'Simplified Chinese'), ('en', 'English')], help_text="Language of the objector's answer by e-mail.", max_length=10, verbose_name='language'),
        ),
        migrations.AddField(
            model_name='objection',
            name='objector_id_number',
            field=models.CharField(blank=True, help_text="A natural person's resident identity card number; otherwise the unified social credit code.", max_length=18, verbose_name='identity card number or USCC'),
        ),
        migrations.AddField(
            model_name='objection',
            name='objector_kind',
            field=models.CharField(choices=[('enterprise', 'The enterprise itself'), ('natural_person', 'Natural person'), ('legal_person', 'Legal person'), ('organisation', 'Unincorporated organisation')], default='enterprise', max_length=20, verbose_name='objector'),
        ),
        migrations.AddField(
            model_name='objection',
            name='objector_name',
            field=models.CharField(blank=True, max_length=200, verbose_name="objector's name"),
        ),
        migrations.AddField(
            model_name='objection',
            name='published_value',
            field=models.CharField(blank=True, help_text='The grade or certificate status the public saw when the objection was filed.', max_length=100, verbose_name='as published'),
        ),
        migrations.AddField(
            model_name='objection',
            name='reference',
            field=models.CharField(blank=True, max_length=30, verbose_name='reference number'),
        ),
        migrations.AlterField(
            model_name='historicalobjection',
            name='filed_by',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='Empty for an objection from the public lookup.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='filed by'),
        ),
        migrations.AlterField(
            model_name='objection',
            name='filed_by',
            field=models.ForeignKey(blank=True, help_text='Empty for an objection from the public lookup.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='filed by'),
        ),
        migrations.AddConstraint(
            model_name='dishonestproposal',
            constraint=models.UniqueConstraint(condition=models.Q(('notice_number', ''), _negated=True), fields=('notice_number',), name='notice_number_unique'),
        ),
        migrations.RunPython(describe_existing_objections, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='objection',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('determination__isnull', True), ('item', 'penalty'), ('penalty__isnull', False)), models.Q(('determination__isnull', False), ('item', 'determination'), ('penalty__isnull', True)), models.Q(('determination__isnull', True), ('item', 'certificate'), ('penalty__isnull', True), models.Q(('certificate_number', ''), _negated=True)), models.Q(('determination__isnull', True), ('item', 'grade'), ('penalty__isnull', True)), _connector='OR'), name='objection_targets_one_record'),
        ),
        migrations.AddConstraint(
            model_name='objection',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('filed_by__isnull', False), ('objector_kind', 'enterprise')), models.Q(models.Q(('objector_kind', 'enterprise'), _negated=True), ('filed_by__isnull', True), models.Q(('objector_name', ''), _negated=True), models.Q(('objector_id_number', ''), _negated=True), models.Q(('contact_email', ''), _negated=True)), _connector='OR'), name='objection_has_an_identified_objector'),
        ),
        migrations.AddConstraint(
            model_name='objection',
            constraint=models.UniqueConstraint(condition=models.Q(('reference', ''), _negated=True), fields=('reference',), name='objection_reference_unique'),
        ),
        migrations.AddField(
            model_name='objectionattachment',
            name='objection',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='enterprises.objection', verbose_name='objection'),
        ),
        # The outcome names what happens to any item: a record is withdrawn, a grade or status corrected.
        migrations.AlterField(
            model_name='historicalobjection',
            name='status',
            field=models.CharField(choices=[('open', 'Being re-checked'), ('upheld', 'Upheld: information corrected'), ('rejected', 'Rejected: information stands')], db_index=True, default='open', max_length=10, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='objection',
            name='status',
            field=models.CharField(choices=[('open', 'Being re-checked'), ('upheld', 'Upheld: information corrected'), ('rejected', 'Rejected: information stands')], db_index=True, default='open', max_length=10, verbose_name='status'),
        ),
    ]
