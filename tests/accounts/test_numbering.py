"""Document numbers in each directly-under customs' own format (西关信字〔2026〕12号): one register per
customs and year, shared by the offices below it, never a number twice, also under concurrency."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from accounts.models import DocumentNumberCounter
from accounts.numbering import document_number_issue
from accounts.services import office_update

pytestmark = pytest.mark.django_db


def test_numbers_count_up_per_customs_and_year_in_its_format(offices):
    xining, xihai, shanghai = offices["9700"], offices["9703"], offices["2200"]
    assert document_number_issue(office=xining, year=2026) == "西关信字〔2026〕1号"
    # Xihai Customs is below Xining Customs: its documents take Xining's next number.
    assert document_number_issue(office=xihai, year=2026) == "西关信字〔2026〕2号"
    assert document_number_issue(office=xining, year=2027) == "西关信字〔2027〕1号"
    # Shanghai has no prefix of its own yet: its full name, then 信字; a register of its own.
    assert document_number_issue(office=shanghai, year=2026) == "上海海关信字〔2026〕1号"
    assert document_number_issue(office=xining, year=2026) == "西关信字〔2026〕3号"


def test_a_number_is_never_issued_again(offices):
    xining = offices["9700"]
    DocumentNumberCounter.objects.create(office=xining, year=2026, last=11)
    assert document_number_issue(office=xining, year=2026) == "西关信字〔2026〕12号"
    # A changed prefix keeps the count: 12 is not given out again under the new words.
    office_update(actor=None, office=xining, document_prefix="西关信认字")
    xining.refresh_from_db()
    assert document_number_issue(office=xining, year=2026) == "西关信认字〔2026〕13号"


def test_a_rolled_back_document_does_not_keep_its_number(offices):
    """No document carries a number its transaction rolled back: the next document takes it."""
    xining = offices["9700"]

    def decide_and_fail():
        with transaction.atomic():
            document_number_issue(office=xining, year=2026)
            raise RuntimeError("the decision failed after taking a number")

    with pytest.raises(RuntimeError):
        decide_and_fail()
    assert document_number_issue(office=xining, year=2026) == "西关信字〔2026〕1号"


@pytest.mark.parametrize(
    ("code", "prefix", "field"),
    [
        ("9700", "西关 信字", "document_prefix"),  # a space
        ("9700", "西关〔信〕字", "document_prefix"),  # the year's brackets
        ("9700", "西关2026字", "document_prefix"),  # digits
        ("9703", "西海关信字", "document_prefix"),  # a subordinate customs numbers nothing
    ],
)
def test_a_prefix_that_would_make_a_wrong_number_is_refused(offices, administrator, code, prefix, field):
    office = offices[code]
    with pytest.raises(ValidationError) as error:
        office_update(actor=administrator, office=office, document_prefix=prefix)
    assert field in error.value.message_dict
    office.refresh_from_db()
    assert office.document_prefix == ("西关信字" if code == "9700" else "")


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_never_share_a_number(offices):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency are tested on PostgreSQL; CI runs on PostgreSQL")
    xining, xihai = offices["9700"], offices["9703"]
    threads, start, numbers, errors = 8, threading.Barrier(8), [], []

    def issue(office):
        try:
            start.wait()
            for _ in range(5):
                with transaction.atomic():
                    numbers.append(document_number_issue(office=office, year=2030))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    # Half the threads number for Xining Customs itself, half for Xihai Customs below it: one register.
    workers = [threading.Thread(target=issue, args=((xining, xihai)[n % 2],)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert sorted(numbers, key=lambda number: int(number.split("〕")[1].rstrip("号"))) == [
        f"西关信字〔2030〕{n}号" for n in range(1, 41)
    ]
