"""What the receipts of an enterprise's filings on credit hold: a statement on a pre-notice, a credit
repair application, an objection (`accounts.receipts` prints them)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.receipts import Receipt, receipt_number
from core.display import format_date
from enterprises.objections import item_label


def statement_receipt(statement):
    proposal = statement.proposal
    attachments = [attachment.original_name for attachment in statement.attachments.all()]
    rows = [
        (_("Pre-notice"), proposal.notice_number),
        (_("Criterion"), f"{proposal.criterion.display_article} {proposal.criterion.display_title}"),
        (_("Statement"), statement.text),
        (
            _("Attachments"),
            "\n".join(attachments) or _("None"),
        ),
    ]
    if statement.final:
        rows.append((_("Nothing more to state"), _("Declared by the enterprise with this statement.")))
    return Receipt(
        title=_("Receipt of a statement"),
        number=receipt_number("CS", statement.submitted_at, statement.pk),
        received_at=statement.submitted_at,
        enterprise=proposal.enterprise,
        filed_by=str(statement.submitted_by),
        rows=rows,
        next_steps=_(
            "Customs takes the statement into account before it decides; it may decide once the "
            "statement period ends on %(day)s."
        )
        % {"day": format_date(proposal.statement_due)},
    )


def repair_receipt(application):
    return Receipt(
        title=_("Receipt of a credit repair application"),
        number=receipt_number("XF", application.applied_at, application.pk),
        received_at=application.applied_at,
        enterprise=application.enterprise,
        filed_by=str(application.applied_by),
        rows=[(_("How the behaviour was corrected"), application.corrective_actions)],
        next_steps=_("Customs answers by %(day)s.") % {"day": format_date(application.answer_due)},
    )


def objection_receipt(objection):
    attachments = [attachment.original_name for attachment in objection.attachments.all()]
    rows = [(_("Information objected to"), item_label(objection)), (_("Reason"), objection.reason)]
    if attachments:
        rows.append((ngettext("Attachment", "Attachments", len(attachments)), "\n".join(attachments)))
    return Receipt(
        title=_("Receipt of an objection"),
        number=objection.reference,
        received_at=objection.filed_at,
        enterprise=objection.enterprise,
        filed_by=str(objection.filed_by) if objection.filed_by_id else objection.objector_name,
        rows=rows,
        next_steps=_("Customs re-checks the information and answers by %(day)s.")
        % {"day": format_date(objection.recheck_due)},
    )
