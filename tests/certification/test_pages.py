"""Certification in the browser's terms: the wizard, the officer's pages, documents and visibility."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.html import escape
from pypdf import PdfReader

from certification import applications, review
from certification.models import Application, Certificate, Evidence, Result
from certification.qr_codes import qr_token
from core.display import format_date
from rulebooks.models import CreditGrade
from tests.certification.conftest import HEALTHY_YEAR, assess_all, find_all
from tests.factories.enterprises import EnterpriseFactory, EnterpriseMembershipFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_wizard_goes_from_business_types_through_every_item_to_submission(
    client, catalogue, enterprise_b, enterprise_user_b, business_types
):
    client.force_login(enterprise_user_b)
    start = client.get("/certification/new/", **EN).content.decode()
    assert "Customs broker" in start
    assert "Advanced certified enterprise" in start
    assert "Customs Standard for Advanced Certified Enterprises</strong> · 海关总署公告2026年第34号" in start
    refused = client.post("/certification/new/", {"target_grade": "advanced_certified"}, **EN)
    assert refused.status_code == 200
    assert not Application.objects.exists()

    response = client.post(
        "/certification/new/",
        {"target_grade": "advanced_certified", "business_types": [business_types["customs_broker"].pk]},
        **EN,
    )
    application = Application.objects.get()
    rows = list(application.items.order_by("item__order"))
    assert response.url == f"/certification/{application.pk}/items/{rows[0].pk}/"

    page = client.get(response.url, **EN).content.decode()
    assert f"Item 1 of {len(rows)}" in page
    assert escape(rows[0].item.title_en) in page
    missing = client.post(response.url, {"result": "fails", "explanation": ""}, **EN)
    assert "Explain why" in missing.content.decode()

    upload = SimpleUploadedFile("policy.pdf", b"%PDF-1.4 policy", content_type="application/pdf")
    saved = client.post(response.url, {"result": "meets", "explanation": "", "files": [upload]}, **EN)
    assert saved.url == f"/certification/{application.pk}/items/{rows[1].pk}/"
    solvency = next(row for row in rows if row.item.code == "A-G-13")
    before = client.get(f"/certification/{application.pk}/items/{solvency.pk}/", **EN).content.decode()
    assert 'name="result"' not in before  # computed, not typed
    assert "figures are still missing" in before
    finance = f"/certification/{application.pk}/finance/"
    wrong = client.post(finance, HEALTHY_YEAR | {"year": "2999", "current_liabilities": "-5"}, **EN)
    assert "Enter a financial year from 1990 to this year." in wrong.content.decode()
    assert not application.financial_years.exists()
    entered = client.post(finance, HEALTHY_YEAR | {"production_enterprise": "on"}, follow=True, **EN)
    page = entered.content.decode()
    assert "Debt-to-asset ratio (total liabilities / total assets)" in page
    assert "50.00%" in page
    assert "≤ 85.00%" in page  # the production enterprise's threshold
    assert application.items.get(item__code="A-G-13").self_assessment == "meets"
    for row in rows[1:]:
        client.post(f"/certification/{application.pk}/items/{row.pk}/", {"result": "meets"}, **EN)

    review_page = client.get(f"/certification/{application.pk}/submit/", **EN).content.decode()
    assert "Every item is self-assessed" in review_page
    done = client.post(f"/certification/{application.pk}/submit/", follow=True, **EN).content.decode()
    assert "has been submitted" in done
    application.refresh_from_db()
    assert application.status == "submitted"
    assert Evidence.objects.count() == 1

    receipt = client.get(f"/certification/{application.pk}/receipt.pdf")
    assert receipt["Content-Type"] == "application/pdf"
    assert application.receipt_number in PdfReader(io.BytesIO(receipt.content)).pages[0].extract_text()


def test_submitting_too_early_lists_what_is_missing(client, draft, enterprise_user_b):
    client.force_login(enterprise_user_b)
    page = client.get(f"/certification/{draft.pk}/submit/", **EN).content.decode()
    assert "cannot be submitted yet" in page
    assert "not self-assessed yet" in page
    client.post(f"/certification/{draft.pk}/submit/", **EN)
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_officer_sees_the_allowed_actions_only(client, submitted, officer):
    client.force_login(officer)
    queue = client.get("/certification/", **EN).content.decode()
    assert submitted.receipt_number in queue
    assert "90" in queue
    page = client.get(f"/certification/{submitted.pk}/", **EN).content.decode()
    assert f"/certification/{submitted.pk}/accept/" in page
    assert f"/certification/{submitted.pk}/return/" in page
    assert f"/certification/{submitted.pk}/decide/" not in page
    assert f"/certification/{submitted.pk}/withdraw/" not in page
    assert client.get(f"/certification/{submitted.pk}/withdraw/").status_code == 403
    assert client.get(f"/certification/{submitted.pk}/decide/").status_code == 403


def test_officer_accepts_forms_the_team_plans_the_audit_and_decides(
    client, submitted, officer, second_officer, enterprise_b, today
):
    client.force_login(officer)
    base = f"/certification/{submitted.pk}"
    client.post(f"{base}/accept/", {"reason": ""}, **EN)
    alone = client.post(f"{base}/team/", {"officers": [officer.pk], "leader": officer.pk}, **EN)
    assert "at least two" in alone.content.decode()
    client.post(f"{base}/team/", {"officers": [officer.pk, second_officer.pk], "leader": officer.pk}, **EN)
    past = client.post(f"{base}/audit/", {"visit_on": "2020-01-01", "place": "Site", "agenda": "All"}, **EN)
    assert "today or later" in past.content.decode()
    client.post(f"{base}/audit/", {"visit_on": today.isoformat(), "place": "Site", "agenda": "All"}, **EN)
    submitted.refresh_from_db()
    assert submitted.status == "under_audit"

    row = submitted.items.get(item__code="A-G-54")
    finding_page = client.get(f"{base}/items/{row.pk}/", **EN).content.decode()
    assert "Self-assessment of the enterprise" in finding_page
    assert 'name="finding"' in finding_page
    find_all(submitted, officer)
    decide_page = client.get(f"{base}/decide/", **EN).content.decode()
    assert "The findings pass." in decide_page
    client.post(f"{base}/decide/", {"outcome": "certify", "decision_number": "XN-2026-9", "reason": ""}, **EN)
    certificate = Certificate.objects.get()
    assert certificate.enterprise == enterprise_b
    detail = client.get(f"/certification/certificates/{certificate.pk}/", **EN).content.decode()
    assert certificate.number in detail
    assert "/suspend/" in detail
    pdf = client.get(f"/certification/certificates/{certificate.pk}/certificate.pdf")
    assert pdf["Content-Type"] == "application/pdf"


def test_rectification_pages_for_the_team_and_the_enterprise(
    client, under_audit, officer, enterprise_user_b, today
):
    find_all(under_audit, officer, **{"A-G-54": Result.FAILS})
    row = under_audit.items.get(item__code="A-G-54")
    client.force_login(officer)
    due = (today + datetime.timedelta(days=14)).isoformat()
    client.post(
        f"/certification/{under_audit.pk}/rectification/", {"due": due, f"item_{row.pk}": "Seals."}, **EN
    )
    under_audit.refresh_from_db()
    assert under_audit.status == "rectification"

    client.force_login(enterprise_user_b)
    page = client.get(f"/certification/{under_audit.pk}/items/{row.pk}/", **EN).content.decode()
    assert "Your rectification answer" in page
    assert "Seals." in page
    client.post(f"/certification/{under_audit.pk}/items/{row.pk}/", {"answer": "New seals bought."}, **EN)
    row.refresh_from_db()
    assert row.rectification == "answered"


def test_applications_outside_visibility_answer_404(client, submitted, officer_sh, enterprise_user):
    client.force_login(officer_sh)
    assert client.get(f"/certification/{submitted.pk}/").status_code == 404
    client.force_login(enterprise_user)
    assert client.get(f"/certification/{submitted.pk}/").status_code == 404
    assert client.get(f"/certification/{submitted.pk}/receipt.pdf").status_code == 404


def test_the_enterprise_list_leaves_out_the_enterprise_column_and_search(client, draft, enterprise_user_b):
    client.force_login(enterprise_user_b)
    queue = client.get("/certification/", **EN).content.decode()
    assert f'href="/certification/{draft.pk}/"' in queue
    assert ">Enterprise</th>" not in queue
    assert 'name="q"' not in queue


def test_officers_do_not_see_drafts(client, draft, officer):
    client.force_login(officer)
    assert client.get(f"/certification/{draft.pk}/").status_code == 404
    assert draft.enterprise.display_name not in client.get("/certification/", **EN).content.decode()


def test_evidence_is_served_only_to_those_who_see_the_application(
    client, draft, enterprise_user_b, enterprise_user, officer
):
    row = draft.items.first()
    client.force_login(enterprise_user_b)
    upload = SimpleUploadedFile("policy.pdf", b"%PDF-1.4 policy", content_type="application/pdf")
    client.post(f"/certification/{draft.pk}/items/{row.pk}/", {"result": "meets", "files": [upload]})
    evidence = Evidence.objects.get()
    assert client.get(f"/certification/evidence/{evidence.pk}/").status_code == 200
    for outsider in (enterprise_user, officer):  # officers do not see drafts
        client.force_login(outsider)
        assert client.get(f"/certification/evidence/{evidence.pk}/").status_code == 404
    client.force_login(enterprise_user_b)
    client.post(f"/certification/evidence/{evidence.pk}/delete/")
    assert not Evidence.objects.exists()


def test_application_list_queries_do_not_grow_with_rows(
    client, officer, submitted, django_assert_max_num_queries
):
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        assert client.get("/certification/").status_code == 200


def test_application_page_queries_are_bounded(client, under_audit, officer, django_assert_max_num_queries):
    client.force_login(officer)
    with django_assert_max_num_queries(40):
        assert client.get(f"/certification/{under_audit.pk}/").status_code == 200


@pytest.fixture
def certificate(under_audit, officer):
    find_all(under_audit, officer)
    review.application_certify(actor=officer, application=under_audit, decision_number="XN-AEO-1")
    return Certificate.objects.get()


def test_public_pages_verify_a_certificate(client, certificate):
    page = client.get(f"/public/certificates/{certificate.number}/", **EN)
    assert page.status_code == 200
    assert "Active" in page.content.decode()
    assert client.get("/public/certificates/CN-AEO-1999-000001/", **EN).status_code == 404
    lookup = client.get("/public/certificates/", {"number": certificate.number.lower()})
    assert lookup.url == f"/public/certificates/{certificate.number}/"

    genuine = client.get("/public/certificates/verify/", {"t": qr_token(certificate)}, **EN).content.decode()
    assert "Genuine certificate" in genuine
    assert certificate.enterprise.uscc in genuine
    token = qr_token(certificate)
    tampered = token[:10] + ("x" if token[10] != "x" else "y") + token[11:]
    forged = client.get("/public/certificates/verify/", {"t": tampered}, **EN).content.decode()
    assert "Not genuine." in forged
    assert "Genuine certificate" not in forged


def test_home_pages_say_what_to_do_next(client, draft, enterprise_user_b, officer, enterprise_b):
    client.force_login(enterprise_user_b)
    home = client.get("/", **EN).content.decode()
    assert f"Self-assess the {draft.items.count()} remaining standard items" in home
    assert f"/certification/{draft.pk}/items/" in home
    enterprise_page = client.get(f"/enterprises/{enterprise_b.pk}/", **EN).content.decode()
    assert "Apply for certification" in enterprise_page

    client.force_login(officer)
    officer_home = client.get("/", **EN).content.decode()
    assert "No applications yet." in officer_home  # a draft is the enterprise's own until submitted
    assert f"/certification/{draft.pk}/" not in officer_home
    assert (
        f"/certification/{draft.pk}/" not in client.get(f"/enterprises/{enterprise_b.pk}/").content.decode()
    )


def test_a_dishonest_enterprise_is_told_to_repair_its_credit_instead_of_offered_an_application(
    client, offices
):
    dishonest = EnterpriseFactory(customs_office=offices["9700"], credit_grade=CreditGrade.DISHONEST)
    client.force_login(EnterpriseMembershipFactory(enterprise=dishonest).user)
    refusal = "A dishonest enterprise cannot apply for certification; its credit must be repaired first."
    for page in ("/", "/certification/", f"/enterprises/{dishonest.pk}/"):
        content = client.get(page, **EN).content.decode()
        assert "/certification/new/" not in content, page
    assert refusal in client.get("/", **EN).content.decode()
    assert refusal in client.get("/certification/", **EN).content.decode()
    attempt = client.get("/certification/new/", follow=True, **EN)
    assert attempt.redirect_chain == [(f"/enterprises/{dishonest.pk}/", 302)]
    assert refusal in attempt.content.decode()
    assert not dishonest.applications.exists()


def test_an_advanced_certified_enterprise_is_not_offered_an_application(client, offices):
    top = EnterpriseFactory(customs_office=offices["9700"], credit_grade=CreditGrade.ADVANCED_CERTIFIED)
    client.force_login(EnterpriseMembershipFactory(enterprise=top).user)
    assert "/certification/new/" not in client.get(f"/enterprises/{top.pk}/", **EN).content.decode()
    applications = client.get("/certification/", **EN).content.decode()
    assert "/certification/new/" not in applications
    assert "Your enterprise already holds the highest grade; its re-reviews keep it." in applications


def test_the_home_leads_the_draft_to_its_next_item_then_to_submission(client, draft, enterprise_user_b):
    client.force_login(enterprise_user_b)
    first = draft.items.order_by("item__order", "item__code").first()
    home = client.get("/", **EN).content.decode()
    assert f'href="/certification/{draft.pk}/items/{first.pk}/"' in home  # straight to the wizard
    assess_all(draft, enterprise_user_b)
    home = client.get("/", **EN).content.decode()
    assert "Submit your application" in home
    assert f'href="/certification/{draft.pk}/submit/"' in home
    assert "Continue the self-assessment" not in home


def test_the_officer_home_lists_applications_by_deadline(client, submitted, officer):
    client.force_login(officer)
    home = client.get("/", **EN).content.decode()
    assert "Submitted: 1" in home
    assert submitted.enterprise.display_name in home


def test_rectification_deadlines_show_on_the_enterprise_home(
    client, under_audit, officer, enterprise_user_b, today
):
    find_all(under_audit, officer, **{"A-G-54": Result.FAILS})
    row = under_audit.items.get(item__code="A-G-54")
    due = today + datetime.timedelta(days=9)
    review.rectification_request(actor=officer, application=under_audit, requests={row.pk: "Seals."}, due=due)
    client.force_login(enterprise_user_b)
    home = client.get("/", **EN).content.decode()
    assert "Rectify A-G-54" in home
    assert f"/certification/{under_audit.pk}/items/{row.pk}/" in home
    with translation.override("en"):
        assert f"due {format_date(due)}" in home  # nine days ahead: neither overdue nor due soon


def test_the_public_credit_lookup_links_the_certificates(client, certificate):
    page = client.get("/public/", {"q": certificate.enterprise.uscc}, **EN).content.decode()
    assert f"/public/certificates/{certificate.number}/" in page


def test_starting_a_second_application_leads_to_the_one_in_progress(client, draft, enterprise_user_b):
    client.force_login(enterprise_user_b)
    response = client.get("/certification/new/", **EN)
    assert response.url == f"/certification/{draft.pk}/"


def test_the_certificate_page_points_at_changes_since_issue(client, certificate, officer, today):
    from enterprises.models import EnterpriseEvent

    EnterpriseEvent.objects.create(
        enterprise=certificate.enterprise,
        kind="legal_representative",
        occurred_on=today,
        description="New CEO.",
    )
    client.force_login(officer)
    page = client.get(f"/certification/certificates/{certificate.pk}/", **EN).content.decode()
    assert "can call for an ad-hoc re-review" in page
    assert "New CEO." in page
    assert f"/certification/certificates/{certificate.pk}/re_review/" in page


def test_a_returned_application_says_why_on_its_page(client, submitted, officer, enterprise_user_b):
    review.application_return(actor=officer, application=submitted, reason="The audit report is missing.")
    client.force_login(enterprise_user_b)
    page = client.get(f"/certification/{submitted.pk}/", **EN).content.decode()
    assert "Returned for more material:</strong> The audit report is missing." in page
    assert f"/certification/{submitted.pk}/submit/" in page


def test_a_team_member_from_an_office_below_opens_the_application(client, under_audit, second_officer):
    """Xihai's officer serves on the team for an enterprise Xining supervises directly."""
    client.force_login(second_officer)
    assert client.get(f"/enterprises/{under_audit.enterprise_id}/").status_code == 404
    page = client.get(f"/certification/{under_audit.pk}/", **EN)
    assert page.status_code == 200
    row = under_audit.items.first()
    client.post(f"/certification/{under_audit.pk}/items/{row.pk}/", {"finding": "meets", "notes": ""}, **EN)
    row.refresh_from_db()
    assert row.found_by == second_officer


def test_an_application_has_no_scoring_result_until_every_item_has_a_finding(client, under_audit, officer):
    """A just-submitted application is not 'Does not pass': 30 items without a finding are unscored."""
    client.force_login(officer)
    page = client.get(f"/certification/{under_audit.pk}/", **EN).content.decode()
    assert "Scoring result" not in page
    assert "Does not pass" not in page
    rows = list(under_audit.items.order_by("item__order"))
    first = rows[0]
    review.finding_record(actor=officer, application_item=first, finding=Result.MEETS, notes="")
    page = client.get(f"/certification/{under_audit.pk}/", **EN).content.decode()
    assert f"Findings recorded for 1 of {len(rows)} items" in page
    assert "Scoring result" not in page
    find_all(under_audit, officer)
    page = client.get(f"/certification/{under_audit.pk}/", **EN).content.decode()
    assert "Scoring result" in page
    assert "Passes" in page


def test_withdrawing_says_when_the_enterprise_may_apply_again_and_asks_to_confirm(
    client, travel, draft, enterprise_user_b
):
    """Submitted on 2026-06-03 and withdrawn on 2026-07-01: no new application until 2027-07-01."""
    travel(datetime.date(2026, 6, 3))
    assess_all(draft, enterprise_user_b)
    applications.application_submit(actor=enterprise_user_b, application=draft)
    travel(datetime.date(2026, 7, 1))
    client.force_login(enterprise_user_b)
    url = f"/certification/{draft.pk}/withdraw/"
    page = client.get(url, **EN).content.decode()
    assert 'cannot apply for certification again until <time datetime="2027-07-01">1 Jul 2027</time>' in page
    assert 'until that day. <span class="text-danger" aria-hidden="true">*</span>' in page  # required
    unconfirmed = client.post(url, {"reason": "Not ready."}, **EN)
    assert unconfirmed.status_code == 200
    draft.refresh_from_db()
    assert draft.status == "submitted"
    client.post(url, {"reason": "Not ready.", "confirm": "on"}, **EN)
    draft.refresh_from_db()
    assert draft.status == "withdrawn"


def test_withdrawing_a_draft_customs_never_received_asks_no_confirmation(client, draft, enterprise_user_b):
    client.force_login(enterprise_user_b)
    url = f"/certification/{draft.pk}/withdraw/"
    page = client.get(url, **EN).content.decode()
    assert "withdrawal-bar" not in page
    client.post(url, {"reason": "Started by mistake."}, **EN)
    draft.refresh_from_db()
    assert draft.status == "withdrawn"


def test_the_business_types_are_marked_required(client, draft, enterprise_user_b):
    client.force_login(enterprise_user_b)
    page = client.get(f"/certification/{draft.pk}/scope/", **EN).content.decode()
    assert 'Business types <span class="text-danger" aria-hidden="true">*</span></legend>' in page
