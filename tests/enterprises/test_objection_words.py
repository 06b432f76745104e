"""What an objection says and leaves behind, word for word: the refusals, the stored objection, the audit
entries, the notices to the officers, the enterprise and the member of the public, and the labels of the
published items (domain brief 4.4).

Officers and enterprise users read in Chinese (their preferred language); the member of the public below
wrote in English and is answered in English.
"""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from accounts.models import ActivityEntry
from certification.models import Certificate
from core.errors import InvalidState, NotPermitted
from enterprises.models import Objection
from enterprises.objections import (
    item_label,
    objectable_records,
    objection_answer,
    objection_file,
    objection_file_public,
    public_items,
)
from notifications.models import Notification
from rulebooks.selectors import rulebook_in_force
from tests.factories.certification import CertificateFactory
from tests.factories.enterprises import DishonestProposalFactory, PenaltyFactory, determined_proposal

pytestmark = pytest.mark.django_db

CASE = "西关缉违字〔2026〕7号"
REFERENCE = re.compile(r"^YY20260603[2-9A-HJ-NP-Z]{6}$")  # no 0/O, 1/I


@pytest.fixture
def on_3_june(travel):
    travel(date(2026, 6, 3))


@pytest.fixture
def penalty(on_3_june, enterprise_a):
    return PenaltyFactory(enterprise=enterprise_a, case_number=CASE, decided_on=date(2026, 6, 1))


@pytest.fixture
def determination(on_3_june, enterprise_a):
    return determined_proposal(enterprise_a, code="art22-2", on=date(2026, 6, 2))


@pytest.fixture
def certificate(enterprise_a, offices):
    return CertificateFactory(
        number="CN-AEO-2026-000077",
        enterprise=enterprise_a,
        grade="advanced_certified",
        rulebook=rulebook_in_force(date(2026, 6, 3)),
        issued_on=date(2025, 3, 1),
        re_review_due=date(2030, 3, 1),
    )


def file_public(enterprise, item, **overrides):
    return objection_file_public(
        **{
            "enterprise": enterprise,
            "item": item,
            "objector_kind": "legal_person",
            "objector_name": " 西宁某贸易  有限公司 ",
            "objector_id_number": "91630100ma7xyh123t",
            "contact_email": " trade@example.cn ",
            "contact_phone": " 0971-6123456 ",
            "reason": "  The record names another company.  ",
            "language": "en",
            **overrides,
        }
    )


def inbox(user):
    return [(n.subject, n.body, n.link) for n in Notification.objects.filter(recipient=user).order_by("id")]


def emails_to(address):
    return [(n.subject, n.body) for n in Notification.objects.filter(email_address=address).order_by("id")]


# --- the enterprise objects to its own record ---------------------------------------------------------


def test_the_enterprises_objection_is_stored_as_filed_and_audited(penalty, enterprise_a, enterprise_user):
    objection = objection_file(actor=enterprise_user, record=penalty, reason="  Not our case.  ")
    assert REFERENCE.match(objection.reference)
    assert (objection.enterprise, objection.item, objection.penalty, objection.determination) == (
        enterprise_a,
        "penalty",
        penalty,
        None,
    )
    assert (objection.filed_by, objection.objector_kind, objection.reason) == (
        enterprise_user,
        "enterprise",
        "Not our case.",
    )
    assert objection.recheck_due == date(2026, 6, 23)
    entry = ActivityEntry.objects.get(verb="objection.filed")
    assert (entry.actor, entry.target_id, entry.note) == (enterprise_user, str(objection.pk), "Not our case.")


def test_an_objection_to_a_dishonesty_record_names_the_determination(determination, enterprise_user):
    objection = objection_file(actor=enterprise_user, record=determination, reason="We paid.")
    assert (objection.item, objection.determination, objection.penalty) == (
        "determination",
        determination,
        None,
    )
    assert objectable_records(determination.enterprise) == {"penalties": set(), "determinations": set()}


def test_the_enterprises_refusals_in_words(penalty, enterprise_a, enterprise_user, enterprise_user_b):
    with translation.override("en"):
        with pytest.raises(NotPermitted, match=r"^Only the enterprise's own users object to its records\.$"):
            objection_file(actor=enterprise_user_b, record=penalty, reason="Not ours.")
        with pytest.raises(ValidationError) as blank:
            objection_file(actor=enterprise_user, record=penalty, reason="  ")
        assert blank.value.message_dict == {"reason": ["Say what is wrong with the record."]}
        old = PenaltyFactory(enterprise=enterprise_a, decided_on=date(2022, 6, 1))
        with pytest.raises(InvalidState, match=r"^Only a record that is published can be objected to\.$"):
            objection_file(actor=enterprise_user, record=old, reason="Too old.")
        objection_file(actor=enterprise_user, record=penalty, reason="Not ours.")
        with pytest.raises(
            InvalidState, match=r"^An objection to this record is already being re-checked\.$"
        ):
            objection_file(actor=enterprise_user, record=penalty, reason="Again.")
    assert Objection.objects.count() == 1


def test_the_records_the_enterprise_may_object_to(penalty, determination, enterprise_a, enterprise_user):
    rechecked = PenaltyFactory(enterprise=enterprise_a, decided_on=date(2026, 5, 1))
    Objection.objects.create(
        reference="YY20260603ABCDEF",
        enterprise=enterprise_a,
        item="penalty",
        penalty=rechecked,
        reason="Closed objection.",
        recheck_due=date(2026, 6, 23),
        status=Objection.Status.REJECTED,
        filed_by=enterprise_user,
    )
    PenaltyFactory(
        enterprise=enterprise_a, decided_on=date(2026, 5, 2), publication_withdrawn_at=timezone.now()
    )
    assert objectable_records(enterprise_a) == {
        "penalties": {penalty.pk, rechecked.pk},  # a closed objection does not stop a new one
        "determinations": {determination.pk},
    }
    objection_file(actor=enterprise_user, record=penalty, reason="Not ours.")
    assert objectable_records(enterprise_a) == {
        "penalties": {rechecked.pk},
        "determinations": {determination.pk},
    }


# --- the answer ------------------------------------------------------------------------------------------


def test_an_upheld_answer_is_stored_audited_and_told_to_the_enterprise(
    penalty, enterprise_user, officer, django_capture_on_commit_callbacks
):
    objection = objection_file(actor=enterprise_user, record=penalty, reason="Not ours.")
    with django_capture_on_commit_callbacks(execute=True):
        objection_answer(actor=officer, objection=objection, upheld=True, answer="  Case re-assigned.  ")
    objection.refresh_from_db()
    penalty.refresh_from_db()
    assert (objection.status, objection.answer, objection.answered_by) == (
        "upheld",
        "Case re-assigned.",
        officer,
    )
    assert penalty.publication_withdrawn_at == objection.answered_at is not None
    entry = ActivityEntry.objects.get(verb="objection.answered")
    assert (entry.actor, entry.changes, entry.note) == (
        officer,
        {"status": ["open", "upheld"]},
        "Case re-assigned.",
    )
    assert inbox(enterprise_user) == [
        (
            "您的异议：异议成立：信息已更正",
            f"海关已复核记录 {CASE}：Case re-assigned.",
            f"/enterprises/objections/{objection.pk}/",
        )
    ]


def test_a_rejected_answer_leaves_the_record_published(
    determination, enterprise_user, officer, django_capture_on_commit_callbacks
):
    objection = objection_file(actor=enterprise_user, record=determination, reason="We paid.")
    with django_capture_on_commit_callbacks(execute=True):
        objection_answer(actor=officer, objection=objection, upheld=False, answer="The record is right.")
    determination.refresh_from_db()
    assert determination.publication_withdrawn_at is None
    assert ActivityEntry.objects.get(verb="objection.answered").changes == {"status": ["open", "rejected"]}
    ((subject, body, _link),) = inbox(enterprise_user)
    assert subject == "您的异议：异议不成立：信息维持"
    assert body == f"海关已复核记录 {determination.decision_number} (条款待核实)：The record is right."


def test_the_answers_refusals_in_words(penalty, enterprise_user, officer, officer_sh):
    objection = objection_file(actor=enterprise_user, record=penalty, reason="Not ours.")
    with translation.override("en"):
        with pytest.raises(ValidationError) as blank:
            objection_answer(actor=officer, objection=objection, upheld=True, answer=" ")
        assert blank.value.message_dict == {"answer": ["Give the result of the re-check."]}
        with pytest.raises(
            NotPermitted, match=r"^Only officers of the enterprise's customs re-check its records\.$"
        ):
            objection_answer(actor=officer_sh, objection=objection, upheld=True, answer="Outside.")
        objection_answer(actor=officer, objection=objection, upheld=False, answer="Stands.")
        with pytest.raises(InvalidState, match=r"^This objection has already been answered\.$"):
            objection_answer(actor=officer, objection=objection, upheld=True, answer="Again.")
    objection.refresh_from_db()
    assert (objection.status, objection.answer) == ("rejected", "Stands.")


# --- an objection from the public -------------------------------------------------------------------------


def test_a_public_objection_is_stored_cleaned_audited_and_sent_to_both_sides(
    determination, enterprise_a, officer, second_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        objection = file_public(enterprise_a, f"determination:{determination.pk}")
    assert REFERENCE.match(objection.reference)
    assert (objection.objector_name, objection.objector_id_number) == (
        "西宁某贸易 有限公司",
        "91630100MA7XYH123T",
    )
    assert (objection.contact_email, objection.contact_phone) == ("trade@example.cn", "0971-6123456")
    assert (objection.reason, objection.language, objection.filed_by) == (
        "The record names another company.",
        "en",
        None,
    )
    entry = ActivityEntry.objects.get(verb="objection.filed_public")
    assert (entry.actor, entry.changes, entry.note) == (
        None,
        {"attachments": []},
        "The record names another company.",
    )
    label = f"{determination.decision_number} (条款待核实)"
    for officer_told in (officer, second_officer):
        assert inbox(officer_told) == [
            (
                "社会公众异议：青海甲公司",
                f"西宁某贸易 有限公司（法人）对青海甲公司的公示信息（{label}）提出异议，"
                f"受理编号{objection.reference}。请于2026年6月23日前完成复核。",
                f"/enterprises/objections/{objection.pk}/",
            )
        ]
    assert emails_to("trade@example.cn") == [
        (
            f"Objection {objection.reference} received",
            f"Customs has received your objection {objection.reference} to the published information about "
            f"Qinghai A Co., Ltd. ({determination.decision_number} (article not verified)). Xihai Customs "
            "re-checks it and answers by 23 Jun 2026 at this address.",
        )
    ]


def test_the_public_objector_hears_the_result_in_the_language_they_wrote_in(
    penalty, enterprise_a, officer, enterprise_user, django_capture_on_commit_callbacks
):
    objection = file_public(enterprise_a, f"penalty:{penalty.pk}", language="zh-hans")
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        objection_answer(actor=officer, objection=objection, upheld=False, answer="处罚决定无误。")
    assert emails_to("trade@example.cn") == [
        (
            "您的异议：异议不成立：信息维持",
            f"海关已对您就青海甲公司公示信息（{CASE}）提出的异议（受理编号{objection.reference}）完成复核。"
            "结果：异议不成立：信息维持。处罚决定无误。",
        )
    ]
    assert inbox(enterprise_user) == []


def test_without_a_language_the_public_objection_takes_the_active_one(penalty, enterprise_a):
    with translation.override("zh-hans"):
        objection = file_public(enterprise_a, f"penalty:{penalty.pk}", language="")
    assert objection.language == "zh-hans"


def test_what_a_public_objection_records_of_a_grade_and_a_certificate(certificate, enterprise_a):
    grade = file_public(enterprise_a, "grade")
    held = file_public(enterprise_a, "certificate:CN-AEO-2026-000077")
    assert (grade.item, grade.published_value, grade.certificate_number) == (
        "grade",
        "advanced_certified",
        "",
    )
    assert (held.item, held.published_value, held.certificate_number) == (
        "certificate",
        certificate.status,
        "CN-AEO-2026-000077",
    )
    with translation.override("en"):
        assert (item_label(grade), item_label(held)) == ("credit grade", "certificate CN-AEO-2026-000077")


# --- what the public sees, as the objection form lists it ------------------------------------------------


def test_the_published_items_are_listed_in_the_readers_language_newest_first(
    penalty, determination, certificate, enterprise_a
):
    certificate.status = Certificate.Status.REVOKED
    certificate.save()
    later = CertificateFactory(
        number="CN-AEO-2026-000078",
        enterprise=enterprise_a,
        grade="advanced_certified",
        rulebook=certificate.rulebook,
        issued_on=date(2026, 3, 1),
        re_review_due=date(2031, 3, 1),
    )
    older_penalty = PenaltyFactory(
        enterprise=enterprise_a, case_number="西关缉违字〔2026〕3号", decided_on=date(2026, 2, 1)
    )
    expected_en = [
        ("grade", "Credit grade: Dishonest enterprise"),
        (f"certificate:{later.number}", f"Certificate {later.number}: Active"),
        ("certificate:CN-AEO-2026-000077", "Certificate CN-AEO-2026-000077: Revoked"),
        (
            f"determination:{determination.pk}",
            "Dishonesty record: article not verified A smuggling act punished administratively, "
            "determined on 2 Jun 2026",
        ),
        (
            f"penalty:{penalty.pk}",
            f"Administrative penalty {CASE}: Supervision-rule violation, decided on 1 Jun 2026",
        ),
        (
            f"penalty:{older_penalty.pk}",
            "Administrative penalty 西关缉违字〔2026〕3号: Supervision-rule violation, decided on 1 Feb 2026",
        ),
    ]
    with translation.override("en"):
        assert public_items(enterprise_a) == expected_en
    with translation.override("zh-hans"):
        assert public_items(enterprise_a)[0] == ("grade", "信用等级：失信企业")
        assert (
            public_items(enterprise_a)[-1][1]
            == "行政处罚西关缉违字〔2026〕3号：违反海关监管规定，2026年2月1日作出"
        )


def test_no_reason_at_all_is_refused_like_a_blank_one(penalty, enterprise_user):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        objection_file(actor=enterprise_user, record=penalty, reason=None)
    assert refused.value.message_dict == {"reason": ["Say what is wrong with the record."]}


def test_an_open_objection_to_one_record_leaves_the_others_open_to_objection(
    penalty, determination, enterprise_user
):
    objection_file(actor=enterprise_user, record=penalty, reason="Not ours.")
    other = objection_file(actor=enterprise_user, record=determination, reason="We paid.")
    assert other.determination == determination


def test_once_answered_the_enterprise_may_object_to_the_record_again(penalty, enterprise_user, officer):
    first = objection_file(actor=enterprise_user, record=penalty, reason="Not ours.")
    objection_answer(actor=officer, objection=first, upheld=False, answer="It is yours.")
    second = objection_file(actor=enterprise_user, record=penalty, reason="New evidence attached.")
    assert second.pk != first.pk


def test_an_english_reader_reads_the_result_in_english(
    penalty, enterprise_user, officer, django_capture_on_commit_callbacks
):
    enterprise_user.preferred_language = "en"
    enterprise_user.save(update_fields=["preferred_language"])
    objection = objection_file(actor=enterprise_user, record=penalty, reason="Not ours.")
    with django_capture_on_commit_callbacks(execute=True):
        objection_answer(actor=officer, objection=objection, upheld=False, answer="The record is right.")
    ((subject, body, _link),) = inbox(enterprise_user)
    assert (subject, body) == (
        "Your objection: rejected: information stands",
        f"Customs has re-checked the record {CASE}: The record is right.",
    )


def test_records_of_the_same_day_are_listed_newest_entered_first(penalty, enterprise_a, offices):
    twin = PenaltyFactory(
        enterprise=enterprise_a, case_number="西关缉违字〔2026〕8号", decided_on=date(2026, 6, 1)
    )
    CertificateFactory(
        number="CN-AEO-2025-000010",
        enterprise=enterprise_a,
        grade="advanced_certified",
        rulebook=rulebook_in_force(date(2026, 6, 3)),
        issued_on=date(2025, 3, 1),
        re_review_due=date(2030, 3, 1),
        status="revoked",
    )
    CertificateFactory(
        number="CN-AEO-2025-000011",
        enterprise=enterprise_a,
        grade="advanced_certified",
        rulebook=rulebook_in_force(date(2026, 6, 3)),
        issued_on=date(2025, 3, 1),
        re_review_due=date(2030, 3, 1),
    )
    first = determined_proposal(enterprise_a, code="art22-2", on=date(2026, 6, 2))
    second, earlier = (
        DishonestProposalFactory(
            enterprise=enterprise_a,
            criterion=first.criterion,
            rulebook=first.rulebook,
            status="determined",
            decided_at=decided_at,
            decision_number=number,
            published_until=date(2027, 6, 2),
        )
        for number, decided_at in (
            ("TEST-2", first.decided_at),
            ("TEST-3", first.decided_at - timedelta(days=10)),
        )
    )
    keys = [key for key, _label in public_items(enterprise_a)]
    assert keys == [
        "grade",
        "certificate:CN-AEO-2025-000011",
        "certificate:CN-AEO-2025-000010",
        f"determination:{second.pk}",
        f"determination:{first.pk}",
        f"determination:{earlier.pk}",  # entered last, decided earlier
        f"penalty:{twin.pk}",
        f"penalty:{penalty.pk}",
    ]


def test_the_published_items_cost_four_queries_however_many_there_are(
    penalty, determination, certificate, enterprise_a, django_assert_num_queries
):
    for n in range(3):
        PenaltyFactory(enterprise=enterprise_a, decided_on=date(2026, 5, 1 + n))
    # certificates, records (with criterion, rulebook and ledger entry), the rulebook in force, penalties;
    # the grade needs none.
    with django_assert_num_queries(4):
        public_items(enterprise_a)


@pytest.mark.parametrize("record", ["penalty", "determination"])
def test_answering_costs_a_fixed_number_of_queries(
    request, record, enterprise_user, officer, django_assert_num_queries, django_capture_on_commit_callbacks
):
    objection = objection_file(
        actor=enterprise_user, record=request.getfixturevalue(record), reason="Not ours."
    )
    # PostgreSQL adds the audit chain's advisory lock.
    with django_assert_num_queries(13 if connection.vendor == "postgresql" else 12):
        objection_answer(actor=officer, objection=objection, upheld=True, answer="Withdrawn.")


def test_an_english_public_objector_and_english_officers_read_it_in_english(
    penalty, enterprise_a, officer, django_capture_on_commit_callbacks
):
    officer.preferred_language = "en"
    officer.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        objection = file_public(enterprise_a, f"penalty:{penalty.pk}")
    ((subject, body, _link),) = inbox(officer)
    assert subject == "Objection from the public: Qinghai A Co., Ltd."
    assert body == (
        f"西宁某贸易 有限公司 (legal person) objects to the published information about Qinghai A Co., Ltd. "
        f"({CASE}), reference {objection.reference}. Re-check it by 23 Jun 2026."
    )
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        objection_answer(actor=officer, objection=objection, upheld=True, answer="Withdrawn.")
    assert emails_to("trade@example.cn") == [
        (
            "Your objection: upheld: information corrected",
            f"Customs has re-checked your objection {objection.reference} to the published information about "
            f"Qinghai A Co., Ltd. ({CASE}). Result: upheld: information corrected. Withdrawn.",
        )
    ]
