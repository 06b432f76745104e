"""The Django admin is a window, not a second door (accounts/admin_base.py).

`ADMIN_WRITES` says, for every registered model, which admin writes exist and which roles reach
them; every other add, change, delete or bulk action is refused for every role and writes nothing.
A write that exists goes either through the service the pages and API use (`ServiceAdmin`: refused or
audited exactly as the service decides, tested below per model) or is an administrator's own tool
whose every change is recorded in the audit chain (`AuditedAdmin`).
"""

import pytest
from django.contrib import admin
from django.urls import reverse
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from accounts.admin_base import AuditedAdmin, ServiceAdmin
from accounts.models import ActivityEntry, CustomsOffice, Role, User
from enterprises.models import (
    ConflictOfInterest,
    CoordinatorAssignment,
    Enterprise,
    EnterpriseEvent,
    EnterpriseMembership,
    LedgerEntry,
)
from rulebooks.models import BusinessType
from tests.factories.accounts import UserFactory
from tests.factories.enterprises import CoordinatorAssignmentFactory
from tests.operations.permission_matrix import PermissionWorld, clients_for, exchange

pytestmark = pytest.mark.django_db

ADMIN = frozenset({"administrator"})
OFFICERS = frozenset({"officer", "officer elsewhere", "administrator"})
ALL = ("add", "change", "delete")
AUDIT = 'INSERT INTO "accounts_activityentry"'
SERVICE, AUDITED = "service", "audited"

# model -> (kind, {operation: roles that reach it}). A model not listed has no admin writes at all.
ADMIN_WRITES = {
    "enterprises.enterprise": (SERVICE, {"add": OFFICERS, "change": OFFICERS}),
    "enterprises.enterprisemembership": (SERVICE, {"add": ADMIN}),
    "enterprises.coordinatorassignment": (SERVICE, {"add": ADMIN}),
    "enterprises.conflictofinterest": (SERVICE, {"add": ADMIN, "delete": ADMIN}),
    "accounts.user": (SERVICE, {"add": ADMIN, "change": ADMIN}),
    "accounts.customsoffice": (SERVICE, {"add": ADMIN, "change": ADMIN}),
    "rulebooks.workingcalendaryear": (SERVICE, dict.fromkeys(ALL, ADMIN)),
    "rulebooks.rulebook": (AUDITED, dict.fromkeys(ALL, ADMIN)),
    "enterprises.creditstatuspolicy": (AUDITED, dict.fromkeys(ALL, ADMIN)),  # validity of the certificates
    "rulebooks.businesstype": (AUDITED, dict.fromkeys(ALL, ADMIN)),
    "certification.standarditem": (AUDITED, dict.fromkeys(ALL, ADMIN)),
    "certification.certificationstandard": (AUDITED, dict.fromkeys(ALL, ADMIN)),
    "certification.mutualrecognitionpartner": (AUDITED, dict.fromkeys(ALL, ADMIN)),
    "certification.partnerclient": (SERVICE, {"add": ADMIN}),  # key renewal and suspension are actions
    "coordination.coordinatorprofile": (AUDITED, {"add": ADMIN, "change": ADMIN}),
    "django_celery_beat.periodictask": (AUDITED, dict.fromkeys(ALL, ADMIN)),
    "django_celery_beat.clockedschedule": (AUDITED, dict.fromkeys(ALL, ADMIN)),
    "django_celery_beat.crontabschedule": (AUDITED, dict.fromkeys(ALL, ADMIN)),
    "django_celery_beat.intervalschedule": (AUDITED, dict.fromkeys(ALL, ADMIN)),
    "django_celery_beat.solarschedule": (AUDITED, dict.fromkeys(ALL, ADMIN)),
    "axes.accessattempt": (AUDITED, {"delete": ADMIN}),  # unlocking a sign-in
    "accounts.apitoken": (AUDITED, {"delete": ADMIN}),  # revoking a token
}
MISSING = 2_000_000_000


def test_every_admin_is_read_only_service_backed_or_audited():
    kinds = {}
    for model, model_admin in admin.site._registry.items():
        kind = ADMIN_WRITES.get(model._meta.label_lower, (None, {}))[0]
        is_kind = {SERVICE: ServiceAdmin, AUDITED: AuditedAdmin}.get(kind)
        kinds[model._meta.label_lower] = kind if is_kind is None or isinstance(model_admin, is_kind) else "?"
    assert "?" not in kinds.values(), kinds
    assert set(ADMIN_WRITES) <= set(kinds), "rows naming no registered model"


@pytest.fixture
def world(make_world):
    """The permission world, plus a scheduled job for the periodic-task actions to act on."""
    every_day = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    PeriodicTask.objects.create(name="nightly", task="core.jobs.run", interval=every_day)
    return make_world(PermissionWorld)


def _requests(model, model_admin):
    """(operation, url, body) of each admin write on `model`: add, change and delete of its first object
    (or of a missing one), and every bulk action the admin declares, on that object if there is one."""
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    first = model._default_manager.order_by("pk").first()
    pk = first.pk if first else MISSING
    yield "add", reverse(f"{prefix}_add"), {}
    yield "change", reverse(f"{prefix}_change", args=[pk]), {}
    yield "delete", reverse(f"{prefix}_delete", args=[pk]), {"post": "yes"}
    for action in ["delete_selected", *(model_admin.actions or [])] if first else ():
        body = {"action": action, "_selected_action": [pk], "post": "yes", "index": 0}
        yield "delete" if action == "delete_selected" else action, reverse(f"{prefix}_changelist"), body


def _refused(response, login):
    if response.status_code == 403:
        return True
    location = response.get("Location", "") if response.status_code == 302 else ""
    # Sent to sign in, or told the object does not exist (outside the admin's visibility gate).
    return location.startswith(login) or location == reverse("admin:index")


def test_no_admin_write_bypasses_the_table_or_the_audit_chain(world, officer_sh):
    """Every role x every registered model x add / change / delete / each bulk action, with an empty
    (invalid) form or a confirmed deletion. Not in ADMIN_WRITES: refused and nothing written. In it:
    whatever a request writes includes an entry of the audit chain."""
    clients = clients_for(world.users(officer_sh), api=False)
    login = reverse("admin:login")
    errors, unaudited, bypass = {}, {}, {}
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        granted = ADMIN_WRITES.get(label, (None, {}))[1]
        for operation, url, body in _requests(model, model_admin):
            for role, client in clients.items():
                response, writes = exchange(client, "post", url, body)
                key = (label, operation, role)
                if response.status_code >= 500:
                    errors[key] = response.status_code
                elif writes and not any(AUDIT in sql for sql in writes):
                    unaudited[key] = writes[:2]
                elif operation in ALL and role not in granted.get(operation, ()):
                    # A bulk action not offered is answered with the list again ("No action selected").
                    refused = "action" in body or _refused(response, login)
                    if writes or not refused:
                        bypass[key] = (response.status_code, len(writes))
    assert errors == {}, "an admin write failed"
    assert unaudited == {}, "an admin write reached the database without the audit chain"
    assert bypass == {}, "an admin write not in ADMIN_WRITES was let through"


# --- Writes through services: refused or audited exactly as the service decides ---------------------


def _post(client, url, data):
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")


def _errors(response):
    """Every error the admin form shows, as one text."""
    form = response.context["adminform"].form
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


ENTERPRISE = {
    "uscc": "91350100M000100Y43",
    "customs_code": "9700000001",
    "name": "青海管理后台测试有限公司",
    "name_en": "",
    "address": "",
    "legal_representative": "",
    "business_types": [],
}


def test_an_officer_registers_an_enterprise_in_the_admin_as_on_its_page(client, officer, offices):
    client.force_login(officer)
    response = _post(
        client, "/admin/enterprises/enterprise/add/", {**ENTERPRISE, "customs_office": offices["9703"].pk}
    )
    assert response.status_code == 302
    enterprise = Enterprise.objects.get(uscc=ENTERPRISE["uscc"])
    assert LedgerEntry.objects.filter(enterprise=enterprise).count() == 1  # the opening entry
    assert ActivityEntry.objects.filter(verb="enterprise.created", target_id=str(enterprise.pk)).exists()


def test_an_officer_cannot_register_an_enterprise_in_another_jurisdiction(client, officer, offices):
    client.force_login(officer)
    response = _post(
        client, "/admin/enterprises/enterprise/add/", {**ENTERPRISE, "customs_office": offices["2200"].pk}
    )
    assert response.status_code == 200
    assert "This office is outside your jurisdiction." in _errors(response)
    assert not Enterprise.objects.filter(uscc=ENTERPRISE["uscc"]).exists()
    assert not ActivityEntry.objects.filter(verb="enterprise.created").exists()


def _change(client, enterprise, **changes):
    data = {
        "name": enterprise.name,
        "name_en": enterprise.name_en,
        "address": enterprise.address,
        "legal_representative": enterprise.legal_representative,
        "customs_office": enterprise.customs_office_id,
        "business_types": [bt.pk for bt in enterprise.business_types.all()],
        **changes,
    }
    return _post(client, f"/admin/enterprises/enterprise/{enterprise.pk}/change/", data)


def test_an_officer_cannot_move_an_enterprise_out_of_the_jurisdiction(client, officer, offices, enterprise_a):
    client.force_login(officer)
    response = _change(client, enterprise_a, customs_office=offices["2200"].pk)
    assert response.status_code == 200
    assert "This office is outside your jurisdiction." in _errors(response)
    enterprise_a.refresh_from_db()
    assert enterprise_a.customs_office == offices["9703"]


def test_a_new_legal_representative_in_the_admin_is_a_change_event(client, officer, enterprise_a):
    client.force_login(officer)
    response = _change(client, enterprise_a, legal_representative="王新")
    assert response.status_code == 302
    event = EnterpriseEvent.objects.get(enterprise=enterprise_a)
    assert event.kind == EnterpriseEvent.Kind.LEGAL_REPRESENTATIVE
    assert event.recorded_by == officer
    assert ActivityEntry.objects.filter(verb="enterprise.updated", target_id=str(enterprise_a.pk)).exists()


def test_the_identity_codes_cannot_be_changed_in_the_admin(client, officer, enterprise_a):
    client.force_login(officer)
    uscc, code = enterprise_a.uscc, enterprise_a.customs_code
    response = _change(client, enterprise_a, uscc="91350100M000100Y43", customs_code="9999999999")
    assert response.status_code == 302
    enterprise_a.refresh_from_db()
    assert (enterprise_a.uscc, enterprise_a.customs_code) == (uscc, code)


def test_a_coordinator_cannot_edit_the_register_in_the_admin(client, coordinator, enterprise_a):
    client.force_login(coordinator)
    assert _change(client, enterprise_a, name="改名").status_code == 403


def test_a_membership_is_refused_for_a_customs_user(client, administrator, officer, enterprise_a):
    client.force_login(administrator)
    response = _post(
        client,
        "/admin/enterprises/enterprisemembership/add/",
        {"user": officer.pk, "enterprise": enterprise_a.pk},
    )
    assert "Only enterprise users can act for an enterprise." in _errors(response)
    assert not EnterpriseMembership.objects.filter(user=officer).exists()


def test_a_conflicted_coordinator_is_not_assigned_in_the_admin(client, administrator, offices, enterprise_a):
    coordinator = UserFactory(role=Role.COORDINATOR, office=offices["9700"])
    ConflictOfInterest.objects.create(officer=coordinator, enterprise=enterprise_a, description="亲属任职")
    client.force_login(administrator)
    response = _post(
        client,
        "/admin/enterprises/coordinatorassignment/add/",
        {"enterprise": enterprise_a.pk, "coordinator": coordinator.pk},
    )
    assert "This coordinator has declared a conflict of interest with the enterprise." in _errors(response)
    assert not CoordinatorAssignment.objects.filter(coordinator=coordinator).exists()


def test_declaring_a_conflict_in_the_admin_ends_that_coordinators_assignment(
    client, administrator, offices, enterprise_a
):
    assignment = CoordinatorAssignmentFactory(enterprise=enterprise_a, coordinator__office=offices["9700"])
    client.force_login(administrator)
    response = _post(
        client,
        "/admin/enterprises/conflictofinterest/add/",
        {"officer": assignment.coordinator.pk, "enterprise": enterprise_a.pk, "description": "持有股份"},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert not assignment.is_active
    assert ActivityEntry.objects.filter(verb="conflict_of_interest.declared").exists()

    conflict = ConflictOfInterest.objects.get(officer=assignment.coordinator)
    _post(client, f"/admin/enterprises/conflictofinterest/{conflict.pk}/delete/", {"post": "yes"})
    assert not ConflictOfInterest.objects.filter(pk=conflict.pk).exists()
    assert ActivityEntry.objects.filter(verb="conflict_of_interest.withdrawn").exists()


def test_a_user_added_in_the_admin_is_created_by_the_service(client, administrator, offices):
    client.force_login(administrator)
    response = _post(
        client,
        "/admin/accounts/user/add/",
        {
            "username": "officer_new",
            "full_name": "新关员",
            "role": Role.OFFICER,
            "office": offices["9700"].pk,
            "usable_password": "true",
            "password1": "a-long-passphrase-2026",
            "password2": "a-long-passphrase-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="officer_new")
    assert user.is_staff
    assert user.groups.get().name == f"role:{Role.OFFICER}"
    assert ActivityEntry.objects.filter(verb="user.created", target_id=str(user.pk)).exists()


def test_a_user_changed_in_the_admin_is_audited_and_gets_the_roles_access(client, administrator, offices):
    user = UserFactory(role=Role.ENTERPRISE)
    client.force_login(administrator)
    response = _post(
        client,
        f"/admin/accounts/user/{user.pk}/change/",
        {
            "username": user.username,
            "full_name": "改任关员",
            "email": "",
            "phone": "",
            "preferred_language": "zh-hans",
            "role": Role.OFFICER,
            "office": offices["9700"].pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.role, user.is_staff) == (Role.OFFICER, True)
    entry = ActivityEntry.objects.get(verb="user.updated", target_id=str(user.pk))
    assert entry.changes["role"] == [Role.ENTERPRISE, Role.OFFICER]


def test_a_password_set_in_the_admin_is_audited(client, administrator):
    user = UserFactory(role=Role.ENTERPRISE)
    client.force_login(administrator)
    response = _post(
        client,
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": "another-passphrase-2026", "password2": "another-passphrase-2026"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-passphrase-2026")
    assert ActivityEntry.objects.filter(
        verb="user.password_set", target_id=str(user.pk), actor=administrator
    ).exists()


def test_an_office_added_in_the_admin_gets_its_place_in_the_tree(client, administrator, offices):
    client.force_login(administrator)
    response = _post(
        client,
        "/admin/accounts/customsoffice/add/",
        {
            "code": "9709",
            "name": "测试海关",
            "name_en": "Test Customs",
            "level": "subordinate",
            "parent": offices["9700"].pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    office = CustomsOffice.objects.get(code="9709")
    assert office.path == "/0000/9700/9709/"
    assert ActivityEntry.objects.filter(verb="office.created", target_id=str(office.pk)).exists()


def test_only_an_officer_of_the_office_can_be_its_head(client, administrator, offices, officer, officer_sh):
    xining = offices["9700"]
    client.force_login(administrator)

    def name_head(head):
        data = {"name": xining.name, "name_en": xining.name_en, "head": head.pk, "is_active": "on"}
        return _post(client, f"/admin/accounts/customsoffice/{xining.pk}/change/", data)

    response = name_head(officer_sh)
    assert "The head of an office must be a customs officer of that office." in _errors(response)
    xining.refresh_from_db()
    assert xining.head is None
    assert name_head(officer).status_code == 302
    xining.refresh_from_db()
    assert xining.head == officer


def test_an_office_cannot_be_moved_in_the_admin(client, administrator, offices):
    xihai = offices["9703"]
    client.force_login(administrator)
    response = _post(
        client,
        f"/admin/accounts/customsoffice/{xihai.pk}/change/",
        {"name": xihai.name, "name_en": xihai.name_en, "parent": offices["2200"].pk, "is_active": "on"},
    )
    assert response.status_code == 302
    xihai.refresh_from_db()
    assert (xihai.parent, xihai.path) == (offices["9700"], "/0000/9700/9703/")


# --- Administrators' own tools: every change in the audit chain -----------------------------------------


def test_reference_data_edited_in_the_admin_is_recorded(client, administrator, business_types):
    client.force_login(administrator)
    _post(
        client,
        "/admin/rulebooks/businesstype/add/",
        {"code": "bonded_logistics", "name": "保税物流", "name_en": "Bonded logistics", "order": 99},
    )
    added = BusinessType.objects.get(code="bonded_logistics")
    _post(
        client,
        f"/admin/rulebooks/businesstype/{added.pk}/change/",
        {"code": "bonded_logistics", "name": "保税物流企业", "name_en": "Bonded logistics", "order": 99},
    )
    _post(client, f"/admin/rulebooks/businesstype/{added.pk}/delete/", {"post": "yes"})
    entries = ActivityEntry.objects.filter(target_id=str(added.pk), actor=administrator).order_by("sequence")
    assert [entry.verb for entry in entries] == ["admin.added", "admin.changed", "admin.deleted"]
    assert entries[1].changes == {"name": "保税物流企业"}
