"""Objections from anyone (Order 251 Art. 10, verify the number): a natural person, a legal person or
an unincorporated organisation objects to any item the public lookup shows; the enterprise's supervising
customs re-checks it within 20 days in its own queue and the objector hears the result by e-mail."""

import datetime
from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core.errors import InvalidState, NotPermitted
from core.uploads import MAX_BYTES
from enterprises.disclosure import public_search
from enterprises.models import Objection, ObjectionAttachment
from enterprises.objections import (
    objectable_records,
    objection_answer,
    objection_file,
    objection_file_public,
    public_items,
)
from enterprises.selectors import visible_objections
from notifications.models import Notification
from rulebooks.selectors import rulebook_in_force
from tests.factories.accounts import UserFactory
from tests.factories.certification import CertificateFactory
from tests.factories.enterprises import PenaltyFactory, determined_proposal

pytestmark = pytest.mark.django_db

# Identity numbers with correct check characters (GB 11643-1999, GB 32100-2015).
RESIDENT_ID = "11010519491231002X"
COMPANY_USCC = "91630100MA7XYH123T"
ORGANISATION_USCC = "52630000MJ0000111N"
PDF = b"%PDF-1.4\n%evidence\n"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def on_3_june(travel):
    travel(date(2026, 6, 3))
    return date(2026, 6, 3)


@pytest.fixture
def penalty(on_3_june, enterprise_a):
    return PenaltyFactory(
        enterprise=enterprise_a, case_number="西关缉违字〔2026〕7号", decided_on=date(2026, 6, 1)
    )


def pdf(name="evidence.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def file_public(enterprise, item, **overrides):
    data = {
        "enterprise": enterprise,
        "item": item,
        "objector_kind": "natural_person",
        "objector_name": "王芳",
        "objector_id_number": RESIDENT_ID,
        "contact_email": "wang.fang@example.cn",
        "contact_phone": "0971-6123456",
        "reason": "The penalty names our trading partner by mistake.",
        "language": "en",
        **overrides,
    }
    return objection_file_public(**data)


def test_anyone_objects_to_a_published_penalty_and_the_supervising_customs_is_told(
    penalty,
    enterprise_a,
    officer,
    second_officer,
    officer_sh,
    enterprise_user,
    django_capture_on_commit_callbacks,
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        objection = file_public(enterprise_a, f"penalty:{penalty.pk}", files=[pdf()])
    assert (objection.item, objection.penalty, objection.status) == ("penalty", penalty, "open")
    assert (objection.objector_kind, objection.objector_name, objection.filed_by) == (
        "natural_person",
        "王芳",
        None,
    )
    assert objection.recheck_due == date(2026, 6, 23)
    assert objection.reference.startswith("YY20260603")
    attachment = ObjectionAttachment.objects.get(objection=objection)
    assert (attachment.original_name, attachment.size) == ("evidence.pdf", len(PDF))
    # Routed to Xihai Customs (the supervising office) and Xining Customs above it, not to Shanghai.
    told = set(
        Notification.objects.filter(recipient__isnull=False).values_list("recipient__username", flat=True)
    )
    assert told == {officer.username, second_officer.username}
    assert objection in visible_objections(officer)
    assert objection in visible_objections(second_officer)
    assert objection not in visible_objections(officer_sh)
    # The enterprise's users do not see who objected, nor their contact details.
    assert objection not in visible_objections(enterprise_user)
    receipt = next(message for message in mail.outbox if message.to == ["wang.fang@example.cn"])
    assert objection.reference in receipt.subject
    assert "23 Jun 2026" in receipt.body


@pytest.mark.parametrize(
    ("kind", "id_number"),
    [("natural_person", RESIDENT_ID), ("legal_person", COMPANY_USCC), ("organisation", ORGANISATION_USCC)],
)
def test_every_kind_of_objector_objects_to_every_kind_of_published_item(
    on_3_june, enterprise_a, penalty, kind, id_number
):
    determination = determined_proposal(enterprise_a, code="art22-2")
    certificate = CertificateFactory(
        number="CN-AEO-2026-000077",
        enterprise=enterprise_a,
        grade="advanced_certified",
        rulebook=rulebook_in_force(),
        issued_on=date(2025, 3, 1),
        re_review_due=date(2030, 3, 1),
    )
    keys = [key for key, _label in public_items(enterprise_a)]
    assert keys == [
        "grade",
        "certificate:CN-AEO-2026-000077",
        f"determination:{determination.pk}",
        f"penalty:{penalty.pk}",
    ]
    filed = [file_public(enterprise_a, key, objector_kind=kind, objector_id_number=id_number) for key in keys]
    assert [objection.item for objection in filed] == ["grade", "certificate", "determination", "penalty"]
    assert filed[0].published_value == enterprise_a.credit_grade
    assert (filed[1].certificate_number, filed[1].published_value) == (certificate.number, certificate.status)
    assert filed[2].determination == determination
    assert {objection.recheck_due for objection in filed} == {date(2026, 6, 23)}


# Each wrong input is refused with its field named and the reason in words, and nothing is stored or sent.
KIND_MISSING = "Say whether you object as a natural person, a legal person or an unincorporated organisation."
EMAIL_MISSING = "Give an e-mail address: the result of the re-check is sent there."
PHONE_WRONG = "Give a phone number in digits, such as 0971-1234567 or +86 138 0000 0000."
NOT_PUBLISHED = "Choose one of the items published about this enterprise."
INVALID = [
    (
        {"objector_kind": "enterprise"},
        "objector_kind",
        KIND_MISSING,
    ),  # the enterprise's users object from its pages
    ({"objector_kind": ""}, "objector_kind", KIND_MISSING),
    (
        {"objector_name": "   "},
        "objector_name",
        "Give your name, or the name of the legal person or organisation.",
    ),
    ({"objector_name": "王" * 201}, "objector_name", "A name of at most 200 characters."),
    (
        {"objector_id_number": ""},
        "objector_id_number",
        "Give the resident identity card number, or the unified social credit code of the legal person or "
        "organisation.",
    ),
    (
        {"objector_id_number": "110105194912310021"},
        "objector_id_number",
        "The check character is wrong: with these first 17 characters it must be X.",
    ),
    (
        {"objector_id_number": "110105194913310027"},  # 13th month: no date of birth
        "objector_id_number",
        "Characters 7 to 14 of an identity card number are a date of birth; this one is not.",
    ),
    (
        {"objector_id_number": "11010519491231002"},  # 17 characters
        "objector_id_number",
        "A resident identity card number has 18 characters: 17 digits, then a digit or X.",
    ),
    (
        {"objector_kind": "legal_person", "objector_id_number": RESIDENT_ID},
        "objector_id_number",
        "The check character is wrong: with these first 17 characters it must be B.",
    ),
    (
        {"objector_kind": "legal_person", "objector_id_number": "91630100MA7XYH1230"},
        "objector_id_number",
        "The check character is wrong: with these first 17 characters it must be T.",
    ),
    ({"contact_email": ""}, "contact_email", EMAIL_MISSING),
    ({"contact_email": "wang.fang@"}, "contact_email", EMAIL_MISSING),
    ({"contact_phone": "call me"}, "contact_phone", PHONE_WRONG),
    ({"contact_phone": "12345"}, "contact_phone", PHONE_WRONG),  # five digits
    ({"reason": "  "}, "reason", "Say what is wrong with the published information, and why."),
    (
        {"reason": "x" * 5001},
        "reason",
        "Say it in at most 5,000 characters; attach longer documents as evidence.",
    ),
    ({"files": lambda: [pdf(f"e{n}.pdf") for n in range(6)]}, "files", "Attach at most 5 files."),
    (
        {"files": lambda: [pdf(content=b"MZ\x90\x00 not a pdf")]},  # not what its name says
        "files",
        "evidence.pdf is not really a PDF file.",
    ),
    (
        {"files": lambda: [SimpleUploadedFile("run.exe", b"MZ\x90\x00")]},  # a type not accepted
        "files",
        "run.exe: only PDF, JPG, PNG, DOCX and XLSX files are accepted.",
    ),
    (
        {"files": lambda: [pdf(content=b"%PDF" + b"0" * (MAX_BYTES - 3))]},  # one byte over 10 MB
        "files",
        "evidence.pdf is larger than 10 MB.",
    ),
    ({"item": "penalty:999999"}, "item", NOT_PUBLISHED),  # no such published record
    ({"item": "penalty:abc"}, "item", NOT_PUBLISHED),
    ({"item": "certificate:CN-AEO-2026-999999"}, "item", NOT_PUBLISHED),
    ({"item": "certificate:"}, "item", NOT_PUBLISHED),
    ({"item": "grade:advanced_certified"}, "item", NOT_PUBLISHED),
    ({"item": "registration"}, "item", NOT_PUBLISHED),
    ({"item": ""}, "item", NOT_PUBLISHED),
    ({"item": None}, "item", NOT_PUBLISHED),
]


@pytest.mark.parametrize(("overrides", "field", "message"), INVALID)
def test_each_invalid_input_is_refused_and_changes_nothing(
    penalty, enterprise_a, officer, tmp_path, django_capture_on_commit_callbacks, overrides, field, message
):
    overrides = {key: value() if callable(value) else value for key, value in overrides.items()}
    mail.outbox.clear()
    with (
        translation.override("en"),
        pytest.raises(ValidationError) as error,
        django_capture_on_commit_callbacks(execute=True),
    ):
        file_public(enterprise_a, overrides.pop("item", f"penalty:{penalty.pk}"), **overrides)
    assert error.value.message_dict == {field: [message]}
    assert not Objection.objects.exists()
    assert not ObjectionAttachment.objects.exists()
    assert not Notification.objects.exists()
    assert mail.outbox == []
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


def test_every_wrong_field_is_named_at_once(penalty, enterprise_a):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        file_public(
            enterprise_a,
            f"penalty:{penalty.pk}",
            objector_kind="",
            objector_name="",
            objector_id_number="",
            contact_email="",
            contact_phone="x",
            reason="",
            files=[pdf(f"e{n}.pdf") for n in range(6)],
        )
    assert error.value.message_dict == {
        "objector_kind": [KIND_MISSING],
        "objector_name": ["Give your name, or the name of the legal person or organisation."],
        "objector_id_number": [
            "Give the resident identity card number, or the unified social credit code of the legal person "
            "or organisation."
        ],
        "contact_email": [EMAIL_MISSING],
        "contact_phone": [PHONE_WRONG],
        "reason": ["Say what is wrong with the published information, and why."],
        "files": ["Attach at most 5 files."],
    }


def test_evidence_at_the_limits_is_accepted(penalty, enterprise_a):
    files = [pdf(content=b"%PDF" + b"0" * (MAX_BYTES - 4))] + [pdf(f"e{n}.pdf") for n in range(4)]
    objection = file_public(enterprise_a, f"penalty:{penalty.pk}", files=files)
    assert objection.attachments.count() == 5


def test_a_record_no_longer_published_cannot_be_objected_to(on_3_june, enterprise_a):
    old = PenaltyFactory(enterprise=enterprise_a, decided_on=date(2022, 6, 1))
    with pytest.raises(ValidationError) as error:
        file_public(enterprise_a, f"penalty:{old.pk}")
    assert "item" in error.value.message_dict
    other_enterprise_penalty = PenaltyFactory(decided_on=date(2026, 6, 1))
    with pytest.raises(ValidationError):
        file_public(enterprise_a, f"penalty:{other_enterprise_penalty.pk}")


def test_the_same_objection_sent_twice_is_filed_once(penalty, enterprise_a):
    first = file_public(enterprise_a, f"penalty:{penalty.pk}")
    assert file_public(enterprise_a, f"penalty:{penalty.pk}") == first
    # Someone else objecting to the same penalty gets an objection of their own.
    other = file_public(
        enterprise_a, f"penalty:{penalty.pk}", objector_kind="legal_person", objector_id_number=COMPANY_USCC
    )
    assert other != first
    assert Objection.objects.count() == 2


def test_an_objection_from_the_public_leaves_the_enterprise_free_to_object(
    penalty, enterprise_a, enterprise_user
):
    file_public(enterprise_a, f"penalty:{penalty.pk}")
    assert objectable_records(enterprise_a)["penalties"] == {penalty.pk}
    own = objection_file(actor=enterprise_user, record=penalty, reason="Not our case.")
    assert own.objector_kind == "enterprise"
    assert own.recheck_due == date(2026, 6, 23)  # the same re-check period, whoever objects
    with pytest.raises(InvalidState):
        objection_file(actor=enterprise_user, record=penalty, reason="Again.")


def test_the_objector_hears_the_result_by_e_mail_in_their_language(
    penalty, enterprise_a, enterprise_user, officer, django_capture_on_commit_callbacks
):
    objection = file_public(enterprise_a, f"penalty:{penalty.pk}", language="zh-hans")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        objection_answer(
            actor=officer, objection=objection, upheld=True, answer="处罚决定书所列企业有误，已撤回公示。"
        )
    (message,) = mail.outbox
    assert message.to == ["wang.fang@example.cn"]
    assert objection.reference in message.body
    assert "处罚决定书所列企业有误" in message.body
    assert "王芳" in message.body  # greeted by the name given
    notice = Notification.objects.get(email_address="wang.fang@example.cn", subject=message.subject)
    assert (notice.recipient, notice.email_status) == (None, Notification.EmailStatus.SENT)
    # The enterprise's users were not sent the member of the public's result.
    assert not Notification.objects.filter(recipient=enterprise_user).exists()
    penalty.refresh_from_db()
    assert penalty.publication_withdrawn_at is not None
    assert public_search(enterprise_a.uscc).get().public_penalties == []


def test_a_grade_objection_upheld_leaves_the_grade_to_its_own_service(on_3_june, enterprise_a, officer):
    objection = file_public(enterprise_a, "grade", reason="The enterprise's certificate was revoked in May.")
    with translation.override("en"):
        assert str(objection.published_grade_display) == "Advanced certified enterprise"
    objection_answer(actor=officer, objection=objection, upheld=True, answer="The grade is being corrected.")
    objection.refresh_from_db()
    assert objection.status == "upheld"
    enterprise_a.refresh_from_db()
    assert enterprise_a.credit_grade == "advanced_certified"


def test_only_officers_of_the_supervising_customs_answer(penalty, enterprise_a, officer_sh, enterprise_user):
    objection = file_public(enterprise_a, f"penalty:{penalty.pk}")
    for outsider in (officer_sh, enterprise_user, UserFactory(role="coordinator", office=officer_sh.office)):
        with pytest.raises(NotPermitted):
            objection_answer(actor=outsider, objection=objection, upheld=False, answer="No.")
    objection.refresh_from_db()
    assert objection.status == "open"


# --- the 20-day re-check at its edges, whoever objects ---------------------------------------------


@pytest.mark.parametrize(
    ("filed", "due"),
    [
        (date(2026, 6, 3), date(2026, 6, 23)),
        (date(2026, 9, 25), date(2026, 10, 15)),  # calendar days: the National Day holiday counts
        (date(2026, 12, 20), date(2027, 1, 9)),  # across the year end
    ],
)
def test_the_re_check_is_due_20_calendar_days_after_filing(travel, enterprise_a, enterprise_user, filed, due):
    travel(filed)
    penalty = PenaltyFactory(enterprise=enterprise_a, decided_on=filed - datetime.timedelta(days=2))
    public = file_public(enterprise_a, f"penalty:{penalty.pk}")
    own = objection_file(actor=enterprise_user, record=penalty, reason="Not ours.")
    assert public.recheck_due == own.recheck_due == due


@pytest.mark.parametrize(
    ("today", "accepted"), [(date(2026, 9, 2), True), (date(2026, 9, 3), True), (date(2026, 9, 4), False)]
)
def test_a_record_can_be_objected_to_by_anyone_while_it_is_public(travel, enterprise_a, today, accepted):
    """An Art. 22(4) record (minor: at most 3 months) determined on 3 June 2026 is public until
    3 September."""
    travel(date(2026, 6, 3))
    record = determined_proposal(enterprise_a, code="art22-4", published_until=date(2026, 9, 3))
    travel(today)
    if accepted:
        assert file_public(enterprise_a, f"determination:{record.pk}").determination == record
    else:
        with pytest.raises(ValidationError):
            file_public(enterprise_a, f"determination:{record.pk}")


def test_a_name_of_200_characters_and_a_reason_of_5000_are_accepted(penalty, enterprise_a):
    objection = file_public(
        enterprise_a, f"penalty:{penalty.pk}", objector_name="王" * 200, reason="x" * 5000
    )
    assert (len(objection.objector_name), len(objection.reason)) == (200, 5000)


def test_the_phone_and_the_language_may_be_left_out(penalty, enterprise_a):
    data = {
        "enterprise": enterprise_a,
        "item": f"penalty:{penalty.pk}",
        "objector_kind": "natural_person",
        "objector_name": "王芳",
        "objector_id_number": RESIDENT_ID,
        "contact_email": "wang.fang@example.cn",
        "reason": "Wrong company.",
    }
    with translation.override("en"):
        objection = objection_file_public(**data)
        again = objection_file_public(**{**data, "item": "grade", "contact_phone": None})
    assert (objection.contact_phone, objection.language) == ("", "en")
    assert again.contact_phone == ""
