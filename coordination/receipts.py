"""What the receipt of a case an enterprise opens holds (`accounts.receipts` prints it)."""

from django.utils.translation import gettext as _

from accounts.receipts import Receipt, receipt_number
from core.display import format_date


def case_receipt(case):
    attachments = [attachment.original_name for attachment in case.attachments.all()]
    rows = [
        (_("Kind of case"), case.get_category_display()),
        (_("Subject"), case.subject),
        (_("Description"), case.description),
    ]
    if attachments:
        rows.append((_("Attachments"), "\n".join(attachments)))
    return Receipt(
        title=_("Receipt of a case"),
        number=receipt_number("FW", case.opened_at, case.pk),
        received_at=case.opened_at,
        enterprise=case.enterprise,
        filed_by=str(case.opened_by),
        rows=rows,
        next_steps=_("Customs serves the case by %(day)s.") % {"day": format_date(case.due_on)},
    )
