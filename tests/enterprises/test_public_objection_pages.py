"""The public objection form: reached from the public lookup, anyone files an objection with identity,
contact, grounds and evidence; wrong input shows its errors and files nothing; the form needs the CSRF
token and is rate-limited; the receipt shows the reference; officers of the supervising customs find
the objection in their queue."""

import uuid
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.throttling import ScopedRateThrottle

from enterprises.models import Objection, ObjectionAttachment
from tests.factories.enterprises import PenaltyFactory

pytestmark = pytest.mark.django_db

RESIDENT_ID = "11010519491231002X"


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path, travel):
    settings.MEDIA_ROOT = tmp_path
    travel(date(2026, 6, 3))


def address():
    """An address of its own per test, so counts in the shared cache never meet."""
    return f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"


@pytest.fixture
def visitor():
    return Client(REMOTE_ADDR=address(), HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def penalty(enterprise_a):
    return PenaltyFactory(
        enterprise=enterprise_a, case_number="西关缉违字〔2026〕7号", decided_on=date(2026, 6, 1)
    )


def form_url(enterprise):
    return f"/public/objections/{enterprise.uscc}/new/"


def filled(penalty, **changes):
    return {
        "item": f"penalty:{penalty.pk}",
        "objector_kind": "natural_person",
        "objector_name": "王芳",
        "objector_id_number": RESIDENT_ID,
        "contact_email": "wang.fang@example.cn",
        "contact_phone": "0971-6123456",
        "reason": "The penalty names our trading partner by mistake.",
        "files": [SimpleUploadedFile("evidence.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")],
        **changes,
    }


def test_the_lookup_leads_to_the_form_which_lists_what_is_published(visitor, enterprise_a, penalty):
    lookup = visitor.get("/public/", {"q": enterprise_a.uscc}).content.decode()
    assert f'href="{form_url(enterprise_a)}"' in lookup
    body = visitor.get(form_url(enterprise_a)).content.decode()
    assert "Credit grade: Advanced certified enterprise" in body
    assert f'value="penalty:{penalty.pk}"' in body
    assert "Administrative penalty 西关缉违字〔2026〕7号" in body
    assert "re-checks it within 20 days" in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert visitor.get("/public/objections/91350100M000100Y4X/new/").status_code == 404


def test_a_filed_objection_shows_its_receipt_and_reaches_the_officers_queue(
    visitor, client, enterprise_a, penalty, officer, officer_sh
):
    response = visitor.post(form_url(enterprise_a), filled(penalty))
    objection = Objection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/public/objections/receipts/{objection.reference}/"
    receipt = visitor.get(response["Location"]).content.decode()
    for shown in (objection.reference, "23 Jun 2026", "Xihai Customs", "wang.fang@example.cn", "1 file"):
        assert shown in receipt
    # Only the browser that filed it has the receipt.
    assert Client(REMOTE_ADDR=address()).get(response["Location"]).status_code == 404
    assert (objection.objector_name, objection.language) == ("王芳", "en")
    client.force_login(officer)
    queue = client.get(
        "/enterprises/repair-and-objections/", {"tab": "objections"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert objection.reference in queue.content.decode()
    detail = client.get(
        f"/enterprises/objections/{objection.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    for shown in ("王芳", RESIDENT_ID, "wang.fang@example.cn"):
        assert shown in detail
    attachment = ObjectionAttachment.objects.get()
    download = client.get(f"/enterprises/objection-attachments/{attachment.pk}/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 evidence"
    client.force_login(officer_sh)
    assert client.get(f"/enterprises/objections/{objection.pk}/").status_code == 404
    assert client.get(f"/enterprises/objection-attachments/{attachment.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"objector_id_number": "110105194912310021"}, "The check character is wrong"),
        (
            {"objector_kind": "legal_person", "objector_id_number": "9163010"},
            "A unified social credit code has 18 characters; this one has 7.",
        ),
        ({"contact_email": "wang.fang@"}, "Enter a valid email address."),
        ({"reason": ""}, "This field is required."),
        ({"item": "penalty:999999"}, "Select a valid choice."),
        (
            {"files": [("evidence.pdf", b"MZ not a pdf")]},
            "evidence.pdf is not really a PDF file.",
        ),
        ({"files": [("tool.exe", b"MZ")]}, "only PDF, JPG, PNG, DOCX and XLSX files"),
    ],
)
def test_wrong_input_is_shown_on_the_form_and_files_nothing(visitor, enterprise_a, penalty, changes, message):
    if "files" in changes:  # uploads are made per run: a file object read once is closed
        changes = {"files": [SimpleUploadedFile(name, content) for name, content in changes["files"]]}
    response = visitor.post(form_url(enterprise_a), filled(penalty, **changes))
    assert response.status_code == 400
    body = response.content.decode()
    assert "The objection was not filed" in body
    assert message in body
    assert 'value="王芳"' in body  # what was typed is kept
    assert not Objection.objects.exists()
    assert not ObjectionAttachment.objects.exists()


def test_the_form_needs_the_csrf_token(enterprise_a, penalty):
    forger = Client(enforce_csrf_checks=True, REMOTE_ADDR=address())
    response = forger.post(form_url(enterprise_a), filled(penalty))
    assert response.status_code == 403
    assert not Objection.objects.exists()


def test_filing_is_rate_limited_apart_from_reading(monkeypatch, visitor, enterprise_a, penalty):
    monkeypatch.setattr(
        ScopedRateThrottle, "THROTTLE_RATES", {"public": "100/minute", "public_objection": "2/minute"}
    )
    statuses = [
        visitor.post(form_url(enterprise_a), filled(penalty, objector_name=f"王芳{n}")).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert Objection.objects.count() == 1  # the same objector and item: the second sending found the first
    assert visitor.get(form_url(enterprise_a)).status_code == 200  # reading goes on
    assert Client(REMOTE_ADDR=address()).post(form_url(enterprise_a), filled(penalty)).status_code == 302


def test_the_form_page_costs_the_same_queries_for_more_records(
    visitor, enterprise_a, penalty, django_assert_max_num_queries
):
    visitor.get(form_url(enterprise_a))
    with django_assert_max_num_queries(7) as few:
        visitor.get(form_url(enterprise_a))
    for _ in range(10):
        PenaltyFactory(enterprise=enterprise_a, decided_on=date(2026, 5, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert visitor.get(form_url(enterprise_a)).status_code == 200


def test_the_receipt_costs_a_fixed_number_of_queries(
    visitor, enterprise_a, penalty, django_assert_max_num_queries
):
    location = visitor.post(form_url(enterprise_a), filled(penalty))["Location"]
    with django_assert_max_num_queries(4):
        assert visitor.get(location).status_code == 200
