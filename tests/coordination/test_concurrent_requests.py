"""A case opened with a double click, and a contact logged with one: each is recorded once."""

import pytest
from django.utils import timezone

from coordination.models import Case, ServiceLogEntry
from notifications.models import Notification
from tests.concurrency import double_click, require_postgresql, run_together, signed_in

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_a_case_and_a_contact_sent_twice_at_once_are_recorded_once(enterprise_user, coordinator):
    require_postgresql()
    enterprise = signed_in(enterprise_user)
    case_form = {"category": "difficult_matter", "subject": "Held shipment", "description": "Since Monday."}
    opened = run_together(
        lambda: enterprise.post("/coordination/cases/new/", case_form, **EN),
        lambda: double_click(enterprise).post("/coordination/cases/new/", case_form, **EN),
    )
    case = Case.objects.get()
    assert [response.url for response in opened] == [case.get_absolute_url()] * 2
    assert Notification.objects.filter(recipient=coordinator).count() == 1

    serving = signed_in(coordinator)
    contact = {
        "form": "log",
        "contact_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "phone",
        "people": "Ma Li",
        "result": "Inspection booked for tomorrow.",
    }
    logged = run_together(
        lambda: serving.post(case.get_absolute_url(), contact, **EN),
        lambda: double_click(serving).post(case.get_absolute_url(), contact, **EN),
    )
    assert [response.status_code for response in logged] == [302, 302]
    assert ServiceLogEntry.objects.filter(case=case).count() == 1
