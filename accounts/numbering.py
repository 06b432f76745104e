"""Document numbers in a customs' own format, such as 西关信字〔2026〕12号.

Each directly-under customs numbers the notices and decisions of the offices below it in one series
per year: its prefix (`CustomsOffice.document_prefix`), the year in hexagonal brackets, the number,
号. The counter row is locked until the transaction that stores the document ends, so two decisions
at the same moment never share a number, and a number once given to a stored document is never
issued again: the counter only counts up, whatever happens to the document later.
"""

from django.utils.translation import gettext as _

from accounts.models import CustomsOffice, DocumentNumberCounter
from core.errors import InvalidState
from core.locks import next_in_counter

FORMAT = "{prefix}〔{year}〕{number}号"
# Used while an administrator has not set the customs' prefix: its full name, then 信字.
DEFAULT_PREFIX_SUFFIX = "信字"


def issuing_office(office):
    """The directly-under customs that numbers the documents of `office` (itself, if it is one)."""
    if office.level == CustomsOffice.Level.DIRECTLY_UNDER:
        return office
    code = office.directly_under_code
    issuer = CustomsOffice.objects.filter(code=code, level=CustomsOffice.Level.DIRECTLY_UNDER).first()
    if issuer is None:
        raise InvalidState(
            _("%(office)s belongs to no directly-under customs, which numbers its documents.")
            % {"office": office}
        )
    return issuer


def document_prefix(issuer):
    return issuer.document_prefix or f"{issuer.name}{DEFAULT_PREFIX_SUFFIX}"


def format_document_number(issuer, year, number):
    return FORMAT.format(prefix=document_prefix(issuer), year=year, number=number)


def document_number_issue(*, office, year):
    """The next number of the register of `office`'s directly-under customs for `year`.

    Call it inside the transaction that stores the document: the counter stays locked until that
    transaction ends, and a rolled-back document gives its number back with it.
    """
    issuer = issuing_office(office)
    return format_document_number(
        issuer, year, next_in_counter(DocumentNumberCounter, office=issuer, year=year)
    )
