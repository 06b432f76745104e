from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and offices")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate
        from simple_history.signals import pre_create_historical_record

        from accounts.audit import stamp_historical_record
        from accounts.roles import sync_role_groups
        from accounts.two_factor import password_signed_in

        # Infrastructure hooks only (no business flow): stamp history rows with
        # the request they came from, keep each role's permission group
        # in step with the models after every migration, and hold a sign-in
        # for its second step.
        pre_create_historical_record.connect(stamp_historical_record, dispatch_uid="audit-stamp")
        post_migrate.connect(sync_role_groups, dispatch_uid="sync-role-groups")
        # Every sign-in, whichever page it came through, decides whether a two-factor code is still due.
        user_logged_in.connect(password_signed_in, dispatch_uid="two-factor-sign-in")
