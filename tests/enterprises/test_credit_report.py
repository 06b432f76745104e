"""The printable credit report of an enterprise, for those who may see the enterprise."""

import io

import pytest
from pypdf import PdfReader

from tests.factories.enterprises import PenaltyFactory

pytestmark = pytest.mark.django_db


def report_text(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return " ".join(text.split())  # table cells wrap wherever the column width puts the break


def test_the_report_shows_identity_grade_history_penalties_and_measures(client, officer, enterprise_a):
    PenaltyFactory(enterprise=enterprise_a, case_number="XN-2026-0042")
    client.force_login(officer)
    page = client.get(f"/enterprises/{enterprise_a.pk}/").content.decode()
    assert f'href="/enterprises/{enterprise_a.pk}/credit-report.pdf"' in page
    text = report_text(
        client.get(f"/enterprises/{enterprise_a.pk}/credit-report.pdf", HTTP_ACCEPT_LANGUAGE="en")
    )
    for expected in (
        "Credit report",
        "Qinghai A Co., Ltd.",
        enterprise_a.uscc,
        "Credit grade Advanced certified enterprise",
        "Taken over from",  # the ledger entry that moved the grade
        "XN-2026-0042",
        "Priority clearance",  # a measure of the grade
    ):
        assert expected in text


@pytest.mark.parametrize("reader", ["enterprise_user", "officer_sh", "enterprise_user_b"])
def test_the_report_is_as_visible_as_the_enterprise(client, request, reader, enterprise_a, enterprise_b):
    client.force_login(request.getfixturevalue(reader))
    response = client.get(f"/enterprises/{enterprise_a.pk}/credit-report.pdf")
    assert response.status_code == (200 if reader == "enterprise_user" else 404)
    if response.status_code == 200:
        assert "青海甲公司" in report_text(response)


def test_the_report_marks_a_voluntarily_disclosed_penalty(client, enterprise_user, enterprise_a):
    import datetime

    PenaltyFactory(
        enterprise=enterprise_a,
        case_number="XN-2026-0208",
        decided_on=datetime.date(2026, 10, 20),
        disclosed_on=datetime.date(2026, 9, 18),
        disclosure_basis="海关总署公告2025年第194号",
    )
    client.force_login(enterprise_user)
    text = report_text(
        client.get(f"/enterprises/{enterprise_a.pk}/credit-report.pdf", HTTP_ACCEPT_LANGUAGE="en")
    )
    assert "Voluntarily disclosed (主动披露) on 18 Sep 2026 under 海关总署公告2025年第194号" in text.replace(
        "\n", " "
    )
