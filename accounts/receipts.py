"""Receipts of what an enterprise files (a statement, a repair application, an objection, a case):
a PDF with the filing's number, when customs received it and what was filed, so the enterprise can
show that it filed, and filed in time. Each app says what its filing's receipt holds; this prints it.

The number is derived, never stored: a prefix per kind of filing, the day it was received (in China's
time) and the filing's id, so the same filing always prints the same number.
"""

import datetime
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header

from accounts.numbering import issuing_office


@dataclass
class Receipt:
    title: str
    number: str
    received_at: datetime.datetime
    enterprise: object
    filed_by: str
    rows: list = field(default_factory=list)  # (label, value) of what was filed
    next_steps: str = ""


def receipt_number(prefix, received_at, pk):
    return f"{prefix}{timezone.localdate(received_at):%Y%m%d}{pk:07d}"


def receipt_response(receipt):
    """The receipt as a PDF to open in the browser, in the active language."""
    from weasyprint import HTML

    html = render_to_string(
        "includes/receipt_pdf.html",
        {"receipt": receipt, "office": issuing_office(receipt.enterprise.customs_office)},
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"{receipt.number}.pdf")
    return response
