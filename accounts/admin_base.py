"""The Django admin is a window, not a second door.

Every registered model's admin is one of three kinds (tests/operations/test_admin_writes.py holds
each to it, for every role):

- `ReadOnlyAdmin`: evidence and workflow records. Read here; written on their pages and through the
  API, by services.
- `ServiceAdmin`: add, change and delete call the same service functions the pages and API call, so
  the same permission, jurisdiction, state and audit rules decide. A refusal is shown on the form
  and nothing is saved.
- `AuditedAdmin`: what only administrators maintain and no page does (offices, business types,
  rulebook drafts, standards, partners, periodic tasks). Django's permissions keep everyone else out,
  and every add, change and delete is a business event in the audit chain.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse

from accounts.audit import record_activity
from core.errors import DomainError


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that are evidence: visible in the admin, never editable there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def error_message(error):
    """One line for a service's refusal, whatever its kind."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


class ServiceForm:
    """Mixed into the admin's model form: once the form's own checks pass, the service writes.

    The service runs inside the admin's transaction, after Django's validation of the fields and
    before the admin would save: whatever it refuses becomes a form error, and it saved nothing.
    """

    service = None  # set per request by ServiceAdmin.get_form: cleaned data -> saved object

    def _post_clean(self):
        super()._post_clean()
        if self._errors:
            return
        try:
            with transaction.atomic():
                self.instance = self.service(self.cleaned_data)
        except ValidationError as error:
            errors = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
            for field, field_errors in errors.items():
                self.add_error(field if field in self.fields else None, field_errors)
        except DomainError as error:
            self.add_error(None, str(error))


class ServiceAdmin(admin.ModelAdmin):
    """Add, change and delete through services; an operation a subclass does not define is refused.

    Subclasses define `create(actor, data)`, `update(actor, obj, data)` and `delete(actor, obj)`,
    each calling a service with the form's cleaned data.
    """

    create = update = delete = None

    def has_add_permission(self, request):
        return self.create is not None and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.update is not None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.delete is not None and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        """No bulk delete: each deletion goes through the service and says why it was refused."""
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if change:

            def service(data):
                return self.update(request.user, obj, data)
        else:

            def service(data):
                return self.create(request.user, data)

        return type(form.__name__, (ServiceForm, form), {"service": staticmethod(service)})

    def save_model(self, request, obj, form, change):
        """The service saved it while the form was validated."""

    def save_related(self, request, form, formsets, change):
        """The service saved the relations too."""

    def delete_model(self, request, obj):
        self.delete(request.user, obj)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except (DomainError, ValidationError) as error:
            self.message_user(request, error_message(error), messages.ERROR)
            opts = self.model._meta
            return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id]))


def _recorded(action, name):
    def run(model_admin, request, queryset):
        selected = list(queryset)
        response = action(model_admin, request, queryset)
        for obj in selected:
            record_activity(actor=request.user, verb=f"admin.{name}", target=obj)
        return response

    return run


class AuditedAdmin(admin.ModelAdmin):
    """Administrators' own reference data: Django's admin writes it, the audit chain records it."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_activity(
            actor=request.user,
            verb="admin.changed" if change else "admin.added",
            target=obj,
            changes={field: str(form.cleaned_data.get(field)) for field in form.changed_data},
        )

    def save_formset(self, request, form, formset, change):
        for deleted in formset.deleted_forms:  # recorded while they still have their id
            if deleted.instance.pk is not None:
                record_activity(actor=request.user, verb="admin.deleted", target=deleted.instance)
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record_activity(actor=request.user, verb="admin.added", target=obj)
        for obj, fields in formset.changed_objects:
            record_activity(actor=request.user, verb="admin.changed", target=obj, note=", ".join(fields))

    def delete_model(self, request, obj):
        record_activity(actor=request.user, verb="admin.deleted", target=obj)
        super().delete_model(request, obj)

    def get_actions(self, request):
        """Bulk actions (a third-party admin's too: pausing periodic tasks, say) are recorded per object;
        the bulk delete is recorded by `delete_queryset`."""
        return {
            name: (function if name == "delete_selected" else _recorded(function, name), name, description)
            for name, (function, name, description) in super().get_actions(request).items()
        }

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record_activity(actor=request.user, verb="admin.deleted", target=obj)
        super().delete_queryset(request, queryset)
