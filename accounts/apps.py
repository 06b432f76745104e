from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and offices")

    def ready(self):
        from django.db.models.signals import post_migrate
        from simple_history.signals import pre_create_historical_record

        from accounts.audit import stamp_historical_record
        from accounts.roles import sync_role_groups

        # Infrastructure hooks only (no business flow): stamp history rows with
        # the request they came from, and keep each role's permission group
        # in step with the models after every migration.
        pre_create_historical_record.connect(stamp_historical_record, dispatch_uid="audit-stamp")
        post_migrate.connect(sync_role_groups, dispatch_uid="sync-role-groups")
