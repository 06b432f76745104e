"""Credit status certificates (企业信用状况证明): issued at once from the ledger, valid for 30 days after
the day of issue (an administrator's parameter) and only while the grade it states stands."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import ActivityEntry
from core.errors import NotPermitted
from enterprises.credit_status import credit_status_certificate_issue
from enterprises.ledger import ledger_record
from enterprises.models import CreditStatusCertificate, CreditStatusPolicy, LedgerEntry, Penalty
from enterprises.selectors import visible_credit_status_certificates
from notifications.models import Notification
from tests.factories.enterprises import PenaltyFactory, determined_proposal

pytestmark = pytest.mark.django_db

Validity = CreditStatusCertificate.Validity
DEC_1 = datetime.date(2026, 12, 1)


def issue(actor, enterprise, purpose=""):
    return credit_status_certificate_issue(actor=actor, enterprise=enterprise, purpose=purpose)


def read(user, certificate):
    """The certificate as the selectors give it (with what its validity is read from)."""
    return visible_credit_status_certificates(user).get(pk=certificate.pk)


def test_an_enterprise_user_gets_a_certificate_of_the_ledger_at_once(travel, enterprise_a, enterprise_user):
    # Enterprise A: registered 2021-11-01 (regular), advanced certified from 2026-04-01 under Order 282.
    travel(DEC_1)
    certificate = issue(enterprise_user, enterprise_a, purpose="银行授信")
    assert certificate.number == "CN-CSC-2026-000001"
    assert certificate.issued_on == DEC_1
    assert certificate.grade == "advanced_certified"
    assert certificate.grade_since == datetime.date(2026, 4, 1)
    assert certificate.rulebook.code == "order-282"
    assert certificate.ledger_entry == enterprise_a.ledger_entries.order_by("-effective_from", "-id").first()
    assert certificate.purpose == "银行授信"
    assert certificate.issued_by == enterprise_user
    content = certificate.content
    assert content["enterprise"]["uscc"] == enterprise_a.uscc
    assert content["enterprise"]["name"] == "青海甲公司"
    assert content["enterprise"]["aeo_code"] == f"AEOCN{enterprise_a.customs_code}"
    assert content["grade_name"]["zh"] == "高级认证企业"
    assert content["graded_under"]["code"] == "order-282"
    assert content["office"]["code"] == "9703"
    assert content["certificates"] == content["determinations"] == content["penalties"] == []
    assert ActivityEntry.objects.filter(
        verb="credit_status_certificate.issued", target_id=str(certificate.pk), actor=enterprise_user
    ).exists()
    assert issue(enterprise_user, enterprise_a, purpose="招标").number == "CN-CSC-2026-000002"


def test_the_grade_is_held_since_the_start_of_its_run_not_the_latest_confirmation(
    travel, enterprise_a, enterprise_user
):
    travel(datetime.date(2026, 6, 1))
    confirmation = ledger_record(
        actor=None,
        enterprise=enterprise_a,
        grade="advanced_certified",
        cause=LedgerEntry.Cause.MIGRATION,
        reason="Confirmed on review.",
    )
    travel(DEC_1)
    certificate = issue(enterprise_user, enterprise_a)
    assert certificate.grade_since == datetime.date(2026, 4, 1)
    assert certificate.ledger_entry == confirmation


def test_it_states_the_records_published_on_the_day_and_no_other(travel, enterprise_b, enterprise_user_b):
    travel(DEC_1)
    published = PenaltyFactory(enterprise=enterprise_b, case_number="西关违字〔2026〕7号", decided_on=DEC_1)
    PenaltyFactory(enterprise=enterprise_b, case_number="OLD-1", decided_on=datetime.date(2021, 12, 1))
    withdrawn = PenaltyFactory(enterprise=enterprise_b, case_number="WITHDRAWN-1", decided_on=DEC_1)
    Penalty.objects.filter(pk=withdrawn.pk).update(publication_withdrawn_at=timezone.now())
    determination = determined_proposal(enterprise_b, on=DEC_1, published_until=datetime.date(2027, 12, 1))
    certificate = issue(enterprise_user_b, enterprise_b)
    assert certificate.grade == determination.criterion.resulting_grade
    assert certificate.grade_since == DEC_1
    assert [row["case_number"] for row in certificate.content["penalties"]] == [published.case_number]
    (stated,) = certificate.content["determinations"]
    assert stated["decision_number"] == determination.decision_number
    assert stated["published_until"] == "2027-12-01"
    assert stated["decided_on"] == "2026-12-01"


@pytest.mark.parametrize(
    ("day", "validity"),
    [
        (datetime.date(2026, 12, 30), Validity.VALID),
        (
            datetime.date(2026, 12, 31),
            Validity.VALID,
        ),  # 30 days after 1 December, the day of issue not counted
        (datetime.date(2027, 1, 1), Validity.EXPIRED),
    ],
)
def test_a_certificate_of_1_december_is_valid_until_31_december(
    travel, enterprise_a, enterprise_user, day, validity
):
    travel(DEC_1)
    certificate = issue(enterprise_user, enterprise_a)
    assert certificate.valid_until == datetime.date(2026, 12, 31)
    travel(day)
    assert read(enterprise_user, certificate).validity == validity


def test_a_new_validity_applies_from_its_date_and_issued_certificates_keep_theirs(
    travel, enterprise_a, enterprise_user
):
    travel(datetime.date(2026, 11, 30))
    before = issue(enterprise_user, enterprise_a)
    CreditStatusPolicy.objects.create(effective_from=DEC_1, valid_days=10)
    travel(DEC_1)
    after = issue(enterprise_user, enterprise_a)
    assert before.valid_until == datetime.date(2026, 12, 30)
    assert after.valid_until == datetime.date(2026, 12, 11)


@pytest.mark.parametrize(
    ("day", "validity"),
    [
        (datetime.date(2026, 12, 2), Validity.VALID),
        (datetime.date(2026, 12, 3), Validity.SUPERSEDED),
        (datetime.date(2026, 12, 4), Validity.SUPERSEDED),
    ],
)
def test_a_change_of_grade_ends_the_certificate_on_its_day(
    travel, enterprise_a, enterprise_user, day, validity
):
    travel(DEC_1)
    certificate = issue(enterprise_user, enterprise_a)
    travel(datetime.date(2026, 12, 3))
    ledger_record(
        actor=None,
        enterprise=enterprise_a,
        grade="regular",
        cause=LedgerEntry.Cause.CERTIFICATE_CHANGE,
        reason="Certificate surrendered.",
    )
    certificate = read(enterprise_user, certificate)
    assert certificate.grade_changed_on == datetime.date(2026, 12, 3)
    assert certificate.validity_on(day) == validity


def test_a_ledger_entry_that_keeps_the_grade_does_not_end_it(travel, enterprise_a, enterprise_user):
    travel(DEC_1)
    certificate = issue(enterprise_user, enterprise_a)
    ledger_record(
        actor=None,
        enterprise=enterprise_a,
        grade="advanced_certified",
        cause=LedgerEntry.Cause.MIGRATION,
        reason="Confirmed on review.",
    )
    assert read(enterprise_user, certificate).validity == Validity.VALID


def test_asked_twice_for_the_same_purpose_the_same_day_one_certificate_is_issued(
    enterprise_a, enterprise_user
):
    first = issue(enterprise_user, enterprise_a, purpose="招标")
    assert issue(enterprise_user, enterprise_a, purpose=" 招标 ") == first
    assert CreditStatusCertificate.objects.count() == 1


def test_a_purpose_too_long_is_refused_and_nothing_is_issued(enterprise_a, enterprise_user):
    with pytest.raises(ValidationError) as refused:
        issue(enterprise_user, enterprise_a, purpose="用" * 201)
    assert "purpose" in refused.value.message_dict
    assert not CreditStatusCertificate.objects.exists()


def test_an_officer_issues_on_the_enterprises_behalf_and_its_users_are_told(
    officer, enterprise_a, enterprise_user
):
    certificate = issue(officer, enterprise_a)
    assert certificate.issued_by == officer
    notice = Notification.objects.get(recipient=enterprise_user)
    assert certificate.number in notice.subject
    assert notice.link.endswith("#credit-status")


@pytest.mark.parametrize("actor", ["enterprise_user_b", "officer_sh", "coordinator"])
def test_no_one_else_may_issue_one(request, enterprise_a, actor):
    with pytest.raises(NotPermitted):
        issue(request.getfixturevalue(actor), enterprise_a)
    assert not CreditStatusCertificate.objects.exists()


# --- pages and API --------------------------------------------------------------------------------


def test_the_enterprise_asks_on_its_page_and_downloads_it(client, enterprise_a, enterprise_user):
    client.force_login(enterprise_user)
    form = client.get(reverse("credit-status-request", args=[enterprise_a.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "valid for 30 days after the day of issue" in form.content.decode()
    response = client.post(reverse("credit-status-request", args=[enterprise_a.pk]), {"purpose": "银行授信"})
    certificate = CreditStatusCertificate.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith("#credit-status")
    page = client.get(reverse("enterprise-detail", args=[enterprise_a.pk])).content.decode()
    assert certificate.number in page
    assert reverse("credit-status-pdf", args=[certificate.pk]) in page


def test_the_enterprise_portal_offers_the_request(client, enterprise_a, enterprise_user):
    client.force_login(enterprise_user)
    home = client.get(reverse("home")).content.decode()
    assert reverse("credit-status-request", args=[enterprise_a.pk]) in home


def test_an_officer_issues_one_from_the_enterprise_page(client, officer, enterprise_a, enterprise_user):
    client.force_login(officer)
    page = client.get(reverse("enterprise-detail", args=[enterprise_a.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Issue a credit status certificate" in page.content.decode()
    response = client.post(reverse("credit-status-request", args=[enterprise_a.pk]), {"purpose": ""})
    assert response.status_code == 302
    assert CreditStatusCertificate.objects.get().issued_by == officer


def test_an_administrator_sets_the_validity_in_the_admin_and_it_is_audited(client, administrator):
    client.force_login(administrator)
    response = client.post(
        "/admin/enterprises/creditstatuspolicy/add/",
        {"effective_from": "2027-01-01", "valid_days": "60", "source": "Customs practice of 2027."},
    )
    assert response.status_code == 302
    policy = CreditStatusPolicy.objects.get(effective_from=datetime.date(2027, 1, 1))
    assert policy.valid_days == 60
    assert ActivityEntry.objects.filter(verb="admin.added", target_id=str(policy.pk)).exists()


def test_an_issued_certificate_is_visible_only_within_the_gate(
    client, api_client_for, enterprise_a, enterprise_user, enterprise_user_b, officer, officer_sh, coordinator
):
    certificate = issue(enterprise_user, enterprise_a)
    pdf = reverse("credit-status-pdf", args=[certificate.pk])
    api_list = reverse("api-enterprise-credit-status-certificates", args=[enterprise_a.pk])
    api_pdf = reverse("api-credit-status-certificate-pdf", args=[certificate.pk])
    for outsider in (enterprise_user_b, officer_sh):
        client.force_login(outsider)
        assert client.get(pdf).status_code == 404
        assert client.get(reverse("credit-status-request", args=[enterprise_a.pk])).status_code == 404
        api = api_client_for(outsider)
        assert api.get(api_list).status_code == 404
        assert api.get(api_pdf).status_code == 404
    client.force_login(coordinator)  # assigned to A: sees it, may not issue one
    assert client.get(pdf).status_code == 200
    assert client.get(reverse("credit-status-request", args=[enterprise_a.pk])).status_code == 403
    assert api_client_for(coordinator).post(api_list, {}, format="json").status_code == 403
    for reader in (enterprise_user, officer):
        assert api_client_for(reader).get(api_list).json()["results"][0]["number"] == certificate.number


def test_the_api_issues_one_and_lists_it_with_its_validity(
    travel, api_client_for, enterprise_a, enterprise_user
):
    travel(DEC_1)
    api = api_client_for(enterprise_user)
    url = reverse("api-enterprise-credit-status-certificates", args=[enterprise_a.pk])
    created = api.post(url, {"purpose": "招标"}, format="json")
    assert created.status_code == 201
    body = created.json()
    assert body["number"] == "CN-CSC-2026-000001"
    assert body["validity"] == "valid"
    assert body["valid_until"] == "2026-12-31"
    assert body["graded_under"] == "order-282"
    assert body["content"]["grade_name"]["en"] == "Advanced certified enterprise"
    assert body["pdf"].endswith(reverse("api-credit-status-certificate-pdf", args=[body["id"]]))
    refused = api.post(url, {"purpose": "x" * 201}, format="json")
    assert refused.status_code == 400
    assert "purpose" in refused.json()
    travel(datetime.date(2027, 1, 1))
    api = api_client_for(enterprise_user)  # a month on, the first token has expired
    assert api.get(url).json()["results"][0]["validity"] == "expired"


def test_the_lists_cost_the_same_for_one_certificate_or_many(
    client, api_client_for, enterprise_a, enterprise_user
):
    """The enterprise's page and the API list read the certificates and their validity in one query."""
    client.force_login(enterprise_user)
    api = api_client_for(enterprise_user)
    page = reverse("enterprise-detail", args=[enterprise_a.pk])
    api_list = reverse("api-enterprise-credit-status-certificates", args=[enterprise_a.pk])

    def count(url, reader):
        with CaptureQueriesContext(connection) as captured:
            assert reader.get(url).status_code == 200
        return len(captured)

    issue(enterprise_user, enterprise_a, purpose="1")
    few = (count(page, client), count(api_list, api))
    for n in range(2, 8):
        issue(enterprise_user, enterprise_a, purpose=str(n))
    ledger_record(
        actor=None,
        enterprise=enterprise_a,
        grade="regular",
        cause=LedgerEntry.Cause.CERTIFICATE_CHANGE,
        reason="Certificate surrendered.",
    )
    assert (count(page, client), count(api_list, api)) == few
    # The token and its user, the user's membership, the enterprise through the gate, then one page of
    # certificates with their validity (a subquery, not a query per row).
    assert count(api_list, api) == 4
