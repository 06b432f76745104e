import datetime

import pytest
from django.utils import timezone

from enterprises.disclosure import public_certificates, public_search
from rulebooks.models import Rulebook
from tests.factories.certification import CertificateFactory
from tests.factories.enterprises import EnterpriseFactory, PenaltyFactory, determined_proposal

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 25, 10, tzinfo=datetime.UTC))


def _found(enterprise):
    (result,) = public_search(enterprise.uscc)
    return result


@pytest.mark.parametrize(
    ("published_until", "shown"), [(TODAY, True), (TODAY - datetime.timedelta(days=1), False)]
)
def test_a_dishonesty_record_is_public_until_the_end_of_its_period(enterprise_b, published_until, shown):
    determined_proposal(enterprise_b, on=datetime.date(2026, 6, 1), published_until=published_until)
    assert bool(_found(enterprise_b).public_determinations) is shown


def test_a_withdrawn_record_is_not_public(enterprise_b):
    record = determined_proposal(enterprise_b, on=datetime.date(2026, 6, 1))
    record.publication_withdrawn_at = timezone.now()
    record.save()
    assert _found(enterprise_b).public_determinations == []


def test_open_proposals_are_never_public(enterprise_b):
    from tests.factories.enterprises import DishonestProposalFactory

    DishonestProposalFactory(enterprise=enterprise_b)
    assert _found(enterprise_b).public_determinations == []


@pytest.mark.parametrize(
    ("decided_on", "shown"),
    [
        (datetime.date(2025, 11, 26), True),  # inside the 12 months of Order 282
        (datetime.date(2025, 11, 25), False),  # exactly 12 months ago: the period has ended
        (TODAY, True),
    ],
)
def test_penalties_are_public_within_the_rulebooks_period(enterprise_b, decided_on, shown):
    PenaltyFactory(enterprise=enterprise_b, decided_on=decided_on)
    assert bool(_found(enterprise_b).public_penalties) is shown


def test_search_matches_name_fragment_uscc_and_customs_code(enterprise_a, enterprise_b):
    assert list(public_search(enterprise_a.uscc)) == [enterprise_a]
    assert list(public_search(enterprise_a.customs_code.lower())) == [enterprise_a]
    assert enterprise_b in public_search(enterprise_b.name[2:6])


def test_the_public_lookup_marks_a_voluntarily_disclosed_penalty(client, api_client, enterprise_b):
    basis = "海关总署公告2025年第194号（关于处理主动披露违规行为有关事项的公告）"
    PenaltyFactory(
        enterprise=enterprise_b,
        case_number="西关违字〔2026〕208号",
        decided_on=datetime.date(2026, 10, 20),
        disclosed_on=datetime.date(2026, 9, 18),
        disclosure_basis=basis,
    )
    PenaltyFactory(enterprise=enterprise_b, case_number="西关违字〔2026〕209号", decided_on=TODAY)

    page = client.get("/public/", {"q": enterprise_b.uscc}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count("Voluntarily disclosed (主动披露)") == 1
    assert basis in page

    (result,) = api_client.get("/api/v1/public/enterprises/", {"q": enterprise_b.uscc}).json()["results"]
    marks = {p["case_number"]: (p["voluntarily_disclosed"], p["disclosed_on"]) for p in result["penalties"]}
    assert marks == {"西关违字〔2026〕208号": (True, "2026-09-18"), "西关违字〔2026〕209号": (False, None)}


def issued(enterprise, *rows):
    """Certificates of `enterprise` under Order 282, one per (number, issued on, status)."""
    rulebook = Rulebook.objects.get(code="order-282")
    return [
        CertificateFactory(
            number=number,
            enterprise=enterprise,
            grade="advanced_certified",
            rulebook=rulebook,
            issued_on=issued_on,
            re_review_due=issued_on.replace(year=issued_on.year + 5),
            status=status,
        )
        for number, issued_on, status in rows
    ]


def test_an_enterprises_certificates_are_listed_newest_first_without_the_search(enterprise_a, offices):
    made = issued(
        enterprise_a,
        ("CN-AEO-2024-000001", datetime.date(2024, 3, 1), "revoked"),
        ("CN-AEO-2026-000002", datetime.date(2026, 3, 1), "active"),
        ("CN-AEO-2024-000003", datetime.date(2024, 3, 1), "surrendered"),
    )
    assert list(public_certificates(enterprise_a)) == [made[1], made[2], made[0]]


@pytest.mark.parametrize(("query", "found"), [(None, 0), ("", 0), (" 青 ", 0), ("青海", 1), (" 青海 ", 1)])
def test_the_public_search_needs_two_characters_and_never_lists_the_register_whole(
    enterprise_b, query, found
):
    assert len(public_search(query)) == found


def test_the_public_search_lists_by_name_then_registration_and_certificates_newest_first(
    offices, django_assert_num_queries
):
    later, earlier_twin, first = (
        EnterpriseFactory(customs_office=offices["9700"], name=name)
        for name in ("贸易B公司", "贸易A公司", "贸易A公司")
    )
    issued(
        later,
        ("CN-AEO-2023-000001", datetime.date(2023, 1, 5), "revoked"),
        ("CN-AEO-2026-000002", datetime.date(2026, 1, 5), "surrendered"),
        ("CN-AEO-2026-000003", datetime.date(2026, 1, 5), "active"),  # the same day: the later entered first
    )
    for enterprise in (later, first):
        determined_proposal(enterprise, on=datetime.date(2026, 6, 1))
    # The rulebook (its penalty publication period), the enterprises, their records, certificates, penalties.
    with django_assert_num_queries(5):
        results = list(public_search("贸易"))
        shown = [
            (result.customs_office.code, record.criterion.code, record.ledger_entry.effective_from)
            for result in results
            for record in result.public_determinations
        ]
        certificates = [
            [certificate.number for certificate in public_certificates(result)] for result in results
        ]
    assert results == [earlier_twin, first, later]
    assert shown == [("9700", "art22-2", datetime.date(2026, 6, 1))] * 2
    assert certificates == [[], [], ["CN-AEO-2026-000003", "CN-AEO-2026-000002", "CN-AEO-2023-000001"]]
