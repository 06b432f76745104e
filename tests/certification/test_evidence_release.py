"""What an enterprise sees of the team's work on its own application, at each stage.

Its self-assessment and its own files always; the team's finding, notes and files of an item once
customs releases them: with the rectification request for the items put to rectification, and
everything with the decision. Customs staff see everything at every stage. Every door is checked:
the API, the pages, the file downloads and the audit report.
"""

import datetime
import io

import pytest
from pypdf import PdfReader

from certification import applications, review
from certification.models import Evidence, Result
from tests.certification.conftest import find_all, pdf

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
SEALS, GATE = "Seals are not logged.", "The gate log is kept on paper only."


@pytest.fixture
def audit(settings, tmp_path, draft, enterprise_user_b, officer, request):
    """Under audit: the enterprise attached a file to A-G-54; the team found A-G-54 and another item short
    of the standard, each with a note and a photo, and every other item met ("Checked on site.")."""
    settings.MEDIA_ROOT = tmp_path
    seals = draft.items.get(item__code="A-G-54")
    applications.self_assess(
        actor=enterprise_user_b, application_item=seals, result=Result.MEETS, files=[pdf("seal-register.pdf")]
    )
    application = request.getfixturevalue("under_audit")
    gate = application.items.filter(item__rectifiable=True).exclude(pk=seals.pk).first()
    find_all(application, officer)
    for row, notes, photo in ((seals, SEALS, "seal-photo.pdf"), (gate, GATE, "gate-photo.pdf")):
        review.finding_record(
            actor=officer, application_item=row, finding=Result.FAILS, notes=notes, files=[pdf(photo)]
        )
    return application, seals, gate


def rectify_seals(application, seals, officer, today):
    review.rectification_request(
        actor=officer,
        application=application,
        requests={seals.pk: "Log every seal."},
        due=today + datetime.timedelta(days=14),
    )


def refuse(application, officer):
    review.application_refuse(
        actor=officer, application=application, decision_number="XN-AEO-9", reason="Trade security fails."
    )


def evidence(name):
    return Evidence.objects.get(original_name=name)


def read_api(api_client_for, user, application):
    """{item code: (finding, notes, file names)} and the scoring result, as the API gives them to `user`."""
    body = api_client_for(user).get(f"/api/v1/applications/{application.pk}/").json()
    rows = {
        row["code"]: (
            row["finding"],
            row["finding_notes"],
            sorted(doc["original_name"] for doc in row["evidence"]),
        )
        for row in body["items"]
    }
    return rows, body["result"]


def downloads(client, user, names):
    """{file name: (status of the web download, status of the API download)} for `user`."""
    client.force_login(user)
    statuses = {}
    for name in names:
        document = evidence(name)
        web = client.get(f"/certification/evidence/{document.pk}/").status_code
        api = client.get(
            f"/api/v1/applications/{document.application_item.application_id}/evidence/{document.pk}/"
        ).status_code
        statuses[name] = (web, api)
    return statuses


STAGES = ["under_audit", "rectification", "decided"]
# What the enterprise reads of A-G-54 (put to rectification) and of the other item found short (not).
RELEASED = {
    "under_audit": (False, False),
    "rectification": (True, False),
    "decided": (True, True),
}


def reach(stage, application, seals, officer, today):
    """Move the audited application on to `stage`."""
    if stage == "rectification":
        rectify_seals(application, seals, officer, today)
    elif stage == "decided":
        refuse(application, officer)


@pytest.mark.parametrize("stage", STAGES)
def test_the_api_gives_the_enterprise_only_what_customs_released(
    api_client_for, audit, stage, officer, enterprise_user_b, today
):
    application, seals, gate = audit
    reach(stage, application, seals, officer, today)
    seals_released, gate_released = RELEASED[stage]
    rows, result = read_api(api_client_for, enterprise_user_b, application)
    assert rows["A-G-54"] == (
        ("fails", SEALS, ["seal-photo.pdf", "seal-register.pdf"])
        if seals_released
        else ("", "", ["seal-register.pdf"])  # its own file, never the team's
    )
    assert rows[gate.item.code] == (("fails", GATE, ["gate-photo.pdf"]) if gate_released else ("", "", []))
    with_findings = [code for code, (finding, _notes, _files) in rows.items() if finding]
    assert with_findings == {"under_audit": [], "rectification": ["A-G-54"], "decided": list(rows)}[stage]
    assert (result is not None) == (stage == "decided")

    officer_rows, officer_result = read_api(api_client_for, officer, application)
    assert officer_rows["A-G-54"] == ("fails", SEALS, ["seal-photo.pdf", "seal-register.pdf"])
    assert officer_rows[gate.item.code] == ("fails", GATE, ["gate-photo.pdf"])
    assert officer_result is not None


@pytest.mark.parametrize("stage", STAGES)
def test_team_files_download_with_404_until_released(client, audit, stage, officer, enterprise_user_b, today):
    application, seals, _gate = audit
    reach(stage, application, seals, officer, today)
    seals_released, gate_released = RELEASED[stage]
    files = ["seal-register.pdf", "seal-photo.pdf", "gate-photo.pdf"]
    client.force_login(enterprise_user_b)
    missing = client.get("/certification/evidence/999999/").status_code
    assert missing == 404
    assert downloads(client, enterprise_user_b, files) == {
        "seal-register.pdf": (200, 200),
        "seal-photo.pdf": (200, 200) if seals_released else (missing, missing),
        "gate-photo.pdf": (200, 200) if gate_released else (missing, missing),
    }
    assert downloads(client, officer, files) == dict.fromkeys(files, (200, 200))


@pytest.mark.parametrize("stage", STAGES)
def test_the_pages_show_the_enterprise_only_what_customs_released(
    client, audit, stage, officer, enterprise_user_b, today
):
    application, seals, gate = audit
    reach(stage, application, seals, officer, today)
    seals_released, gate_released = RELEASED[stage]
    base = f"/certification/{application.pk}"
    client.force_login(enterprise_user_b)
    seals_page = client.get(f"{base}/items/{seals.pk}/", **EN).content.decode()
    assert "seal-register.pdf" in seals_page
    for text in (SEALS, "seal-photo.pdf", "Finding of the certification team"):
        assert (text in seals_page) == seals_released, text
    gate_page = client.get(f"{base}/items/{gate.pk}/", **EN).content.decode()
    for text in (GATE, "gate-photo.pdf", "Finding of the certification team"):
        assert (text in gate_page) == gate_released, text

    detail = client.get(f"{base}/", **EN)
    rows = {row.item.code: row for _part, part_rows in detail.context["parts"] for row in part_rows}
    # The paperclip counts the documents the enterprise can open, not the team's it cannot.
    assert (rows["A-G-54"].evidence_count, rows[gate.item.code].evidence_count) == (
        1 + int(seals_released),
        int(gate_released),
    )
    assert ("Scoring result" in detail.content.decode()) == (stage == "decided")

    client.force_login(officer)
    for row, texts in ((seals, (SEALS, "seal-photo.pdf")), (gate, (GATE, "gate-photo.pdf"))):
        page = client.get(f"{base}/items/{row.pk}/", **EN).content.decode()
        assert all(text in page for text in texts)


def report_text(response):
    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return " ".join(text.split())


def test_a_withdrawal_releases_nothing_more_and_the_enterprise_report_carries_no_unreleased_finding(
    client, api_client_for, audit, officer, enterprise_user_b, today
):
    application, seals, gate = audit
    rectify_seals(application, seals, officer, today)
    applications.application_withdraw(actor=enterprise_user_b, application=application, reason="Not ready.")
    rows, result = read_api(api_client_for, enterprise_user_b, application)
    assert rows[gate.item.code] == ("", "", [])
    assert result is None
    assert downloads(client, enterprise_user_b, ["gate-photo.pdf"]) == {"gate-photo.pdf": (404, 404)}

    client.force_login(enterprise_user_b)
    report = report_text(client.get(f"/certification/{application.pk}/audit-report.pdf", **EN))
    assert SEALS in report  # released with the rectification request
    assert GATE not in report
    assert "Checked on site." not in report
    client.force_login(officer)
    report = report_text(client.get(f"/certification/{application.pk}/audit-report.pdf", **EN))
    assert GATE in report
    assert "Checked on site." in report
