"""Sortable columns: the order is in the query string with the filters, so pages and exports follow it."""

import re

import pytest

from certification.views.applications import APPLICATION_ORDERS
from certification.views.certificates import CERTIFICATE_ORDERS
from coordination.views import CASE_ORDERS
from cultivation.views.plans import PLAN_ORDERS
from enterprises.views.proposals import PROPOSAL_ORDERS
from enterprises.views.register import ENTERPRISE_ORDERS
from tests.background.test_list_exports import export
from tests.factories.enterprises import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(offices):
    return [
        EnterpriseFactory(name=name, uscc=uscc, customs_office=offices["9700"])
        for name, uscc in (
            ("乙公司", "91630100MA0000002X"),
            ("甲公司", "91630100MA0000003X"),
            ("丙公司", "91630100MA0000001X"),
        )
    ]


def names_on(page, enterprises):
    return sorted((page.index(enterprise.name), enterprise.name) for enterprise in enterprises)


def test_the_register_sorts_by_a_column_both_ways(client, officer, three):
    client.force_login(officer)
    ascending = client.get("/enterprises/", {"sort": "uscc"}).content.decode()
    assert [name for _at, name in names_on(ascending, three)] == ["丙公司", "乙公司", "甲公司"]
    descending = client.get("/enterprises/", {"sort": "-uscc"}).content.decode()
    assert [name for _at, name in names_on(descending, three)] == ["甲公司", "乙公司", "丙公司"]


def test_the_header_toggles_the_order_keeps_the_filters_and_starts_at_the_first_page(client, officer, three):
    client.force_login(officer)
    page = client.get(
        "/enterprises/", {"q": "公司", "page": "1", "sort": "uscc"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    header = re.search(r'<th scope="col" aria-sort="ascending"><a [^>]*href="([^"]+)"', page)
    assert header.group(1) == "?q=%E5%85%AC%E5%8F%B8&amp;sort=-uscc"
    name_header = re.search(r'<th scope="col" aria-sort="none"><a [^>]*href="([^"]+)">Enterprise', page)
    assert name_header.group(1) == "?q=%E5%85%AC%E5%8F%B8&amp;sort=name"


def test_an_unknown_sort_is_ignored(client, officer, three):
    client.force_login(officer)
    page = client.get("/enterprises/", {"sort": "password"})
    assert page.status_code == 200
    assert [name for _at, name in names_on(page.content.decode(), three)] == [
        "丙公司",
        "乙公司",
        "甲公司",
    ]  # by name


def test_the_export_follows_the_sort(client, officer, three):
    client.force_login(officer)
    _header, *rows = export(client, "/enterprises/", "csv", sort="-uscc")
    assert [row[0] for row in rows] == ["甲公司", "乙公司", "丙公司"]


LISTS = {
    "/enterprises/": ENTERPRISE_ORDERS,
    "/enterprises/proposals/": PROPOSAL_ORDERS,
    "/certification/": APPLICATION_ORDERS,
    "/certification/certificates/": CERTIFICATE_ORDERS,
    "/coordination/cases/": CASE_ORDERS,
    "/cultivation/": PLAN_ORDERS,
}


def test_every_sortable_column_of_every_list_sorts_and_marks_its_header(client, make_world):
    world = make_world()  # one of everything each list shows
    client.force_login(world.administrator)
    for url, orders in LISTS.items():
        for key in orders:
            for sign, direction in (("", "ascending"), ("-", "descending")):
                page = client.get(url, {"sort": f"{sign}{key}"})
                assert page.status_code == 200, (url, key)
                assert f'aria-sort="{direction}"' in page.content.decode(), (url, key)
