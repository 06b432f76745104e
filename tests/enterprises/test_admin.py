"""Officers use the admin too; it starts from the same visibility gate."""

import pytest

pytestmark = pytest.mark.django_db


def test_officer_admin_lists_only_the_jurisdiction(
    client, officer, enterprise_a, enterprise_b, enterprise_sh
):
    client.force_login(officer)
    page = client.get("/admin/enterprises/enterprise/")
    assert page.status_code == 200
    names = {enterprise.name for enterprise in page.context["cl"].result_list}
    assert names == {enterprise_a.name, enterprise_b.name}


def test_officer_cannot_open_an_enterprise_outside_the_jurisdiction(client, officer, enterprise_sh):
    client.force_login(officer)
    response = client.get(f"/admin/enterprises/enterprise/{enterprise_sh.pk}/change/")
    assert response.status_code == 302  # the admin's "does not exist" redirect
    assert response["Location"] == "/admin/"


def test_officer_cannot_manage_users_in_the_admin(client, officer):
    client.force_login(officer)
    assert client.get("/admin/accounts/user/").status_code == 403


def test_enterprise_user_has_no_admin(client, enterprise_user):
    client.force_login(enterprise_user)
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        "/admin/enterprises/enterprise/",
        "/admin/enterprises/enterprisemembership/",
        "/admin/enterprises/coordinatorassignment/",
        "/admin/accounts/user/",
        "/admin/accounts/customsoffice/",
        "/admin/accounts/activityentry/",
        "/admin/notifications/notification/",
        "/admin/rulebooks/businesstype/",
    ],
)
def test_every_admin_list_opens_with_search(client, administrator, enterprise_user, coordinator, url):
    client.force_login(administrator)
    assert client.get(url, {"q": "青海"}).status_code == 200
