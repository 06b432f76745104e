"""The audit trail: every change kept with who, when and which request; none editable."""

import pytest

from accounts.models import ActivityEntry
from core.errors import InvariantViolation
from tests.factories.accounts import ActivityEntryFactory

pytestmark = pytest.mark.django_db


def test_web_edit_is_recorded_with_user_request_id_and_address(client, officer, enterprise_a):
    client.force_login(officer)
    response = client.post(
        f"/enterprises/{enterprise_a.pk}/edit/",
        {
            "name": enterprise_a.name,
            "name_en": enterprise_a.name_en,
            "address": "新地址 1 号",
            "legal_representative": enterprise_a.legal_representative,
            "customs_office": enterprise_a.customs_office_id,
            "business_types": list(enterprise_a.business_types.values_list("pk", flat=True)),
        },
        HTTP_X_REQUEST_ID="req-audit-0001",
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302
    assert response["X-Request-ID"] == "req-audit-0001"
    version = enterprise_a.history.first()
    assert version.address == "新地址 1 号"
    assert version.history_user == officer
    assert version.request_id == "req-audit-0001"
    assert version.ip_address == "10.1.2.3"
    event = ActivityEntry.objects.get(verb="enterprise.updated")
    assert event.actor == officer
    assert event.request_id == "req-audit-0001"
    assert event.changes["address"][1] == "新地址 1 号"


def test_history_is_shown_on_the_enterprise_page_to_officers(client, officer, enterprise_a):
    enterprise_a.address = "改过的地址"
    enterprise_a.save()
    client.force_login(officer)
    page = client.get(f"/enterprises/{enterprise_a.pk}/").content.decode()
    assert "改过的地址" in page
    assert 'id="history-heading"' in page


def test_enterprise_users_do_not_see_the_internal_history(client, enterprise_user, enterprise_a):
    client.force_login(enterprise_user)
    page = client.get(f"/enterprises/{enterprise_a.pk}/").content.decode()
    assert 'id="history-heading"' not in page


def test_generated_request_id_is_returned_when_none_is_sent(client):
    assert len(client.get("/healthz")["X-Request-ID"]) == 32


def test_activity_entries_cannot_be_changed_or_deleted():
    entry = ActivityEntryFactory()
    entry.note = "edited"
    with pytest.raises(InvariantViolation):
        entry.save()
    with pytest.raises(InvariantViolation):
        entry.delete()
    assert ActivityEntry.objects.get(pk=entry.pk).note == ""


def test_admin_can_read_but_not_edit_the_activity_log(client, administrator):
    entry = ActivityEntryFactory()
    client.force_login(administrator)
    assert client.get("/admin/accounts/activityentry/").status_code == 200
    change_page = client.get(f"/admin/accounts/activityentry/{entry.pk}/change/")
    assert change_page.status_code == 200
    assert b'type="submit"' not in change_page.content.split(b'id="content-main"')[1]
    response = client.post(f"/admin/accounts/activityentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert ActivityEntry.objects.filter(pk=entry.pk).exists()


def test_admin_shows_an_objects_field_history_without_revert(client, administrator, enterprise_a):
    enterprise_a.address = "历史地址"
    enterprise_a.save()
    client.force_login(administrator)
    page = client.get(f"/admin/enterprises/enterprise/{enterprise_a.pk}/history/")
    assert page.status_code == 200
    version = enterprise_a.history.first()
    assert "历史地址" in page.content.decode()
    client.post(
        f"/admin/enterprises/enterprise/{enterprise_a.pk}/history/{version.history_id}/", {"address": "x"}
    )
    enterprise_a.refresh_from_db()
    assert enterprise_a.address == "历史地址"
