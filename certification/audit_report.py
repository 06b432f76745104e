"""The printable audit report of an application: what the enterprise declared, what the team found.

It sets each standard item's self-assessment beside the customs finding, grouped by part as the
application page shows them, with the team, the on-site audits, rectification, the history and the
decision. Callers fetch the application through `selectors.visible_applications` and give it to
those `selectors.audit_report_open` names; a finding the reader may not read yet
(`selectors.released_items`) is left out.
"""

from django.template.loader import render_to_string

from certification import selectors, workflow


def audit_report_pdf(application, *, reader):
    """The audit report of `application` as `reader` may read it, in the active language, as PDF bytes.

    Customs staff get the officer behind each step named, as the application page names them.
    """
    from weasyprint import HTML

    rows = list(selectors.application_items(application, reader))
    html = render_to_string(
        "certification/audit_report_pdf.html",
        {
            "application": application,
            "enterprise": application.enterprise,
            "office": application.enterprise.customs_office,
            "business_types": application.business_types.all(),
            "parts": selectors.by_part(rows),
            "rectification": [row for row in rows if row.rectification],
            "team": application.team.select_related("officer"),
            "visits": application.visits.all(),
            "timeline": [
                (step, workflow.step_label(step.action))
                for step in application.transitions.select_related("actor")
            ],
            "show_actors": reader.is_customs_staff,
            "decided": application.status in selectors.DECIDED_STATUSES,
        },
    )
    return HTML(string=html).write_pdf()
