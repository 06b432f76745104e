"""The printable audit report of an application, for those who may read its findings."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from certification import review
from certification.models import ApplicationItem, AuditVisit, Transition
from tests.certification.conftest import find_all

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def url(application):
    return f"/certification/{application.pk}/audit-report.pdf"


def report_text(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return " ".join(text.split())  # table cells wrap their text


def test_the_officer_reads_team_visit_and_findings_item_by_item(client, under_audit, officer):
    find_all(under_audit, officer)
    noted = under_audit.items.select_related("item").first()
    ApplicationItem.objects.filter(pk=noted.pk).update(finding_notes="Gate log kept on paper only.")
    client.force_login(officer)
    page = client.get(under_audit.get_absolute_url()).content.decode()
    assert f'href="{url(under_audit)}"' in page
    text = report_text(client.get(url(under_audit), **EN))
    for expected in (
        "Audit report",
        under_audit.receipt_number,
        "Qinghai B Co., Ltd.",
        "Team leader",
        str(officer),
        "Enterprise premises",  # the place of the on-site audit
        noted.item.code,
        "Gate log kept on paper only.",
        "Accept",  # a step of the history
    ):
        assert expected in text
    assert "Decision number" not in text  # not decided yet


def test_the_enterprise_reads_its_report_once_decided(client, under_audit, officer, enterprise_user_b):
    client.force_login(enterprise_user_b)
    assert client.get(url(under_audit)).status_code == 403  # the findings are still the team's
    assert "audit-report.pdf" not in client.get(under_audit.get_absolute_url()).content.decode()
    find_all(under_audit, officer)
    review.application_certify(actor=officer, application=under_audit, decision_number="XN-AEO-7")
    assert f'href="{url(under_audit)}"' in client.get(under_audit.get_absolute_url()).content.decode()
    text = report_text(client.get(url(under_audit), **EN))
    assert "青海乙公司" in text
    assert "XN-AEO-7" in text
    assert "Checked on site." in text
    assert str(officer) in text  # the team is named, as on the application page


@pytest.mark.parametrize("reader", ["enterprise_user", "officer_sh"])
def test_other_enterprises_and_other_customs_get_404(client, request, reader, under_audit):
    client.force_login(request.getfixturevalue(reader))
    assert client.get(url(under_audit)).status_code == 404


def test_queries_do_not_grow_with_items_visits_and_history(client, under_audit, officer, today):
    find_all(under_audit, officer)
    rows = list(under_audit.items.all())
    under_audit.items.exclude(pk=rows[0].pk).delete()
    client.force_login(officer)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(under_audit)).status_code == 200
        return len(captured)

    few = queries()
    for row in rows[1:]:
        row.pk = None
    ApplicationItem.objects.bulk_create(rows[1:])
    under_audit.items.filter(pk=rows[0].pk).update(
        rectification=ApplicationItem.Rectification.ANSWERED,
        rectification_due=today + datetime.timedelta(days=30),
        rectification_request="Keep the gate log electronically.",
        rectification_answer="Done.",
    )
    for days in (8, 9):
        AuditVisit.objects.create(
            application=under_audit,
            visit_on=today + datetime.timedelta(days=days),
            place="Warehouse",
            agenda="Seals.",
            planned_by=officer,
        )
    Transition.objects.bulk_create(
        Transition(
            application=under_audit,
            action="finding",
            from_status="under_audit",
            to_status="under_audit",
            actor=officer,
        )
        for _ in range(3)
    )
    assert len(rows) > 1
    assert queries() == few
