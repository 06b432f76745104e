"""The printable credit report of one enterprise: who it is, its grade and how it got there.

It is what the enterprise's page shows to the same readers (identity, grade, the credit ledger,
penalties, the measures of the rulebook in force), on paper: callers fetch the enterprise through
`selectors.visible_enterprises`.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from rulebooks.selectors import measures_in_force


def credit_report_pdf(enterprise):
    """The credit report of `enterprise` in the active language, as PDF bytes."""
    from weasyprint import HTML

    today = timezone.localdate()
    rulebook, measures = measures_in_force(enterprise.credit_grade, today)
    html = render_to_string(
        "enterprises/credit_report_pdf.html",
        {
            "enterprise": enterprise,
            "office": enterprise.customs_office,
            "ledger": enterprise.ledger_entries.select_related("rulebook", "criterion").order_by(
                "effective_from", "id"
            ),
            "penalties": enterprise.penalties.all(),
            "rulebook": rulebook,
            "measures": measures,
            "report_number": f"{enterprise.uscc}-{today:%Y%m%d}",
            "today": today,
        },
    )
    return HTML(string=html).write_pdf()
