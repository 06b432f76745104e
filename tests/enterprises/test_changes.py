import datetime

import pytest
from django.core.exceptions import ValidationError

from core.errors import InvalidState, NotPermitted
from enterprises.corrections import correction_request_answer, correction_request_create
from enterprises.services import enterprise_event_record, enterprise_update

pytestmark = pytest.mark.django_db


def test_changing_the_legal_representative_or_address_records_change_events(officer, enterprise_b):
    enterprise_update(
        actor=officer, enterprise=enterprise_b, legal_representative="新法人", address="新地址1号"
    )
    kinds = set(enterprise_b.events.values_list("kind", flat=True))
    assert kinds == {"legal_representative", "premises"}
    assert enterprise_b.events.get(kind="legal_representative").description.endswith("新法人")


def test_an_officer_records_a_merger_with_its_date(officer, enterprise_b):
    event = enterprise_event_record(
        actor=officer, enterprise=enterprise_b, kind="merger", occurred_on=datetime.date(2026, 9, 30)
    )
    assert (event.kind, event.occurred_on, event.recorded_by) == (
        "merger",
        datetime.date(2026, 9, 30),
        officer,
    )


def test_a_change_in_the_future_is_refused(officer, enterprise_b):
    with pytest.raises(ValidationError):
        enterprise_event_record(
            actor=officer,
            enterprise=enterprise_b,
            kind="split",
            occurred_on=datetime.date.today() + datetime.timedelta(days=1),
        )
    assert not enterprise_b.events.exists()


def test_enterprise_user_requests_a_correction_and_officers_are_told(enterprise_user, enterprise_a, officer):
    request = correction_request_create(
        actor=enterprise_user, enterprise=enterprise_a, field="address", correct_value="西宁市新路8号"
    )
    assert request.status == "open"
    assert officer.notifications.filter(link=enterprise_a.get_absolute_url()).exists()


def test_the_same_correction_requested_again_while_open_is_made_once(enterprise_user, enterprise_a, officer):
    def send():
        return correction_request_create(
            actor=enterprise_user, enterprise=enterprise_a, field=" address", correct_value="西宁市新路8号 "
        )

    assert send() == send()
    assert enterprise_a.correction_requests.count() == 1
    assert officer.notifications.filter(link=enterprise_a.get_absolute_url()).count() == 1


def test_only_the_enterprises_own_users_request_corrections(enterprise_user_b, officer, enterprise_a):
    for actor in (enterprise_user_b, officer):
        with pytest.raises(NotPermitted):
            correction_request_create(actor=actor, enterprise=enterprise_a, field="x", correct_value="y")
    assert not enterprise_a.correction_requests.exists()


def test_an_officer_answers_once_and_the_requester_is_told(enterprise_user, enterprise_a, officer):
    request = correction_request_create(
        actor=enterprise_user, enterprise=enterprise_a, field="address", correct_value="西宁市新路8号"
    )
    with pytest.raises(ValidationError):
        correction_request_answer(actor=officer, request=request, accept=True, answer=" ")
    answered = correction_request_answer(
        actor=officer, request=request, accept=True, answer="Address corrected."
    )
    assert (answered.status, answered.answered_by) == ("accepted", officer)
    assert enterprise_user.notifications.filter(body="Address corrected.").exists()
    with pytest.raises(InvalidState):
        correction_request_answer(actor=officer, request=request, accept=False, answer="Again.")


def test_correction_pages_follow_roles(client, enterprise_user, officer, officer_sh, enterprise_a):
    client.force_login(enterprise_user)
    response = client.post(
        f"/enterprises/{enterprise_a.pk}/corrections/new/", {"field": "address", "correct_value": "新址"}
    )
    assert response.status_code == 302
    request = enterprise_a.correction_requests.get()
    client.force_login(officer_sh)
    assert (
        client.post(
            f"/enterprises/corrections/{request.pk}/answer/", {"accept": "1", "answer": "x"}
        ).status_code
        == 404
    )
    client.force_login(officer)
    page = client.get(f"/enterprises/{enterprise_a.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "新址" in page
    assert f"/enterprises/corrections/{request.pk}/answer/" in page
    client.post(
        f"/enterprises/corrections/{request.pk}/answer/",
        {"accept": "0", "answer": "The old address is right."},
    )
    request.refresh_from_db()
    assert request.status == "rejected"
    assert client.get(f"/enterprises/{enterprise_a.pk}/events/new/").status_code == 200
    client.force_login(enterprise_user)
    assert client.get(f"/enterprises/{enterprise_a.pk}/events/new/").status_code == 403
