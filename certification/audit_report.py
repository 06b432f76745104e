"""The printable audit report of an application: what the enterprise declared, what the team found.

It sets each standard item's self-assessment beside the customs finding, grouped by part as the
application page shows them, with the team, the on-site audits, rectification, the history and the
decision. Callers fetch the application through `selectors.visible_applications` and give it only to
readers of the findings (`selectors.may_read_findings`): the enterprise once the application closed.
"""

from django.template.loader import render_to_string

from certification import selectors, workflow
from certification.models import Application

DECIDED_STATUSES = (Application.Status.CERTIFIED, Application.Status.REFUSED)


def audit_report_pdf(application, *, show_actors):
    """The audit report of `application` in the active language, as PDF bytes.

    `show_actors` names the officer behind each step, as the application page does for customs staff.
    """
    from weasyprint import HTML

    rows = list(selectors.application_items(application))
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
            "show_actors": show_actors,
            "decided": application.status in DECIDED_STATUSES,
        },
    )
    return HTML(string=html).write_pdf()
