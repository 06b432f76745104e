"""Every page and API endpoint x every role x objects owned by others -> the status in `MATRIX`.

Each request runs in a transaction rolled back afterwards, so the world stays the same for every
row. A refused request (401, 403, 404, or the sign-in redirect) must also write nothing, and for an
object outside the user's visibility must answer exactly as for an object that does not exist: the
status never tells whether an object exists.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from enterprises.admin import VisibleEnterprisesAdminMixin
from tests.operations.permission_matrix import (
    MATRIX,
    OWNERS,
    PLUMBING,
    PUBLIC,
    ROLES,
    PermissionWorld,
    clients_for,
    send,
)
from tests.operations.query_budget import BUDGETS, url_patterns

METHODS = ("get", "post", "put", "patch", "delete")
REFUSED = {401, 403, 404}
MISSING = 2_000_000_000  # an id no object has


def test_every_url_has_a_row():
    urls = set(url_patterns())
    listed = set(MATRIX) | PUBLIC | set(PLUMBING)
    assert sorted(urls - listed) == [], "give these URLs a row in permission_matrix.MATRIX"
    assert sorted(listed - urls) == [], "these rows name no URL any more"
    assert set(MATRIX).isdisjoint(PUBLIC | set(PLUMBING)), "listed as public and in the matrix"


@pytest.fixture
def world(make_world):
    return make_world(PermissionWorld)


@pytest.mark.django_db
def test_permission_matrix(world, officer_sh):
    routes = url_patterns()
    users = world.users(officer_sh)
    clients = {api: clients_for(users, api) for api in (False, True)}
    params = {}
    for budget in BUDGETS:
        params.setdefault(budget.name, budget.query(world))
    actual, wrote, oracles, granted_writes = {}, {}, {}, 0
    # The enterprises whose objects each role may read: refusing them an action there tells nothing.
    seen = {
        role: {OWNERS[row.target] for row in MATRIX.values() if row.statuses[role][0] == 200}
        for role in ROLES
    }
    for name, row in MATRIX.items():
        route, arguments = routes[name]
        kwargs = row.arguments(world)
        url = reverse(name, kwargs=kwargs or None)
        missing_url = reverse(name, kwargs={**kwargs, "pk": MISSING}) if "pk" in kwargs else None
        for role in ROLES:
            client = clients[route.startswith("api/")][role]
            statuses = []
            for method in METHODS[: len(row.statuses[role])]:
                status, writes = send(client, method, url, params.get(name, {}))
                statuses.append(status)
                granted_writes += bool(writes)
                if status in REFUSED or (status == 302 and role == "anonymous"):
                    if writes:
                        wrote[(name, role, method)] = writes
                    if missing_url and (
                        status == 404 or (status == 403 and OWNERS[row.target] not in seen[role])
                    ):
                        missing_status, _writes = send(client, method, missing_url, params.get(name, {}))
                        if missing_status != status:
                            oracles[(name, role, method)] = (status, missing_status)
            actual[name] = {**actual.get(name, {}), role: tuple(statuses)}
    print(_table(actual, MATRIX))  # shown on failure: the table as it is now
    differences = {
        (name, role): (MATRIX[name].statuses[role], actual[name][role])
        for name in MATRIX
        for role in ROLES
        if actual[name][role] != MATRIX[name].statuses[role]
    }
    assert differences == {}, "status differs from the matrix (expected, actual)"
    assert granted_writes > 0, "the write detector sees the writes of granted requests"
    assert wrote == {}, "a refused request wrote to the database"
    assert oracles == {}, "refused differently for an existing object and a missing one"


def _table(actual, matrix):
    lines = []
    for name, row in matrix.items():
        cells = ["/".join(str(s) for s in actual[name][role]) for role in ROLES]
        lines.append(f"{name:<36}{row.target:<17}" + "  ".join(cells))
    return "\n".join(lines)


@pytest.mark.django_db
def test_public_urls_answer_anyone(world):
    routes = url_patterns()
    anonymous = {api: clients_for({"anonymous": None}, api)["anonymous"] for api in (False, True)}
    answers = {}
    for budget in BUDGETS:
        if budget.name in PUBLIC:
            client = anonymous[routes[budget.name][0].startswith("api/")]
            answers[budget.name] = client.get(budget.url(world), budget.query(world)).status_code
    assert answers == dict.fromkeys(PUBLIC, 200)


def _admin_urls(world):
    """(changelist, change page of the model's first object, change page of a missing one, gated) per
    registered model: `gated` when its admin starts from the visibility gate."""
    urls = []
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        first = model._default_manager.order_by("pk").first()
        change = reverse(f"{prefix}_change", args=[first.pk]) if first else None
        missing = reverse(f"{prefix}_change", args=[MISSING])
        gated = isinstance(model_admin, VisibleEnterprisesAdminMixin) and first is not None
        urls.append((reverse(f"{prefix}_changelist"), change, missing, gated))
    return urls


@pytest.mark.django_db
def test_admin_pages(world, officer_sh):
    """Enterprise users never reach the admin, administrators read every page; an officer elsewhere
    is told an object of Xining's enterprises does not exist, as for a missing one."""
    clients = clients_for(world.users(officer_sh), api=False)
    elsewhere, sign_in = clients["officer elsewhere"], reverse("admin:login")
    failures, leaks = {}, {}
    for changelist, change, missing, gated in _admin_urls(world):
        for role, client in clients.items():
            for url in filter(None, (changelist, change)):
                response = client.get(url)
                if role in ("anonymous", "enterprise A", "enterprise B"):
                    expected = response.get("Location", "").startswith(sign_in)
                else:
                    expected = response.status_code < 500 and (
                        role != "administrator" or response.status_code == 200
                    )
                if not expected:
                    failures[(url, role)] = response.status_code
        if gated:
            answers = [elsewhere.get(url) for url in (change, missing)]
            if len({(answer.status_code, answer.get("Location")) for answer in answers}) > 1:
                leaks[change] = [answer.status_code for answer in answers]
    assert failures == {}, "an admin page failed, refused an administrator or let a non-customs user in"
    assert leaks == {}, "an officer elsewhere can tell a Xining object exists"
