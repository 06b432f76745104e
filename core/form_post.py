"""Running a service from a submitted form, the same way on every page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect

from core.errors import InvalidState, NotPermitted


def add_service_errors(form, error):
    """Show a service's ValidationError on the form: on its field where the form has it, else on top."""
    for field, messages_ in getattr(error, "message_dict", {None: error.messages}).items():
        form.add_error(field if field in form.fields else None, messages_)


def submit(request, form, service, *, success, then, done=None, moved_on=None):
    """Call `service(**form.cleaned_data)`; a redirect to `then`, or None to show the form's errors.

    `done`, when given, maps the service's result (the object it created, say) to where to go after
    success instead of `then`. A refused state (too early, already decided) is a message on the page
    at `moved_on` (default `then`); a missing permission a 403. Without a form (a button) the service
    takes no arguments and its errors become messages at `then`.
    """
    try:
        result = service(**(form.cleaned_data if form is not None else {}))
    except NotPermitted as error:
        raise PermissionDenied(str(error)) from error
    except InvalidState as error:
        messages.error(request, str(error))
        return redirect(moved_on or then)
    except ValidationError as error:
        if form is None:
            for message in error.messages:
                messages.error(request, message)
            return redirect(then)
        add_service_errors(form, error)
        return None
    messages.success(request, success)
    return redirect(done(result) if done else then)


def handle_post(request, form, service, *, success, then, done=None):
    """On POST, run `service` with the form's data: a redirect when done, None to show the page.

    `form` is None when the user may not act on the object now: posting then is a 403.
    """
    if request.method != "POST":
        return None
    if form is None:
        raise PermissionDenied
    if not form.is_valid():
        return None
    return submit(request, form, service, success=success, then=then, done=done)
