"""Telling an enterprise's users, or the officers who look after it, about a decision or a deadline,
and what the law says a decision must tell them."""

from django.db.models import Q
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from accounts.numbering import issuing_office
from notifications.services import notify_users


def enterprise_users(enterprise_id):
    return User.objects.filter(enterprise_membership__enterprise_id=enterprise_id, is_active=True)


def officers_of(enterprise):
    """Active officers of the enterprise's own office and of the directly-under customs above it."""
    office = enterprise.customs_office
    offices = Q(office=office) | Q(office__code=office.directly_under_code)
    return User.objects.filter(offices, role=Role.OFFICER, is_active=True)


def notify_enterprise_users(*, enterprise_id, subject, body, context, link):
    """Inbox and e-mail to every active user of the enterprise, in their language.

    `context` is a function returning the placeholders, called in each reader's language.
    """
    notify_users(enterprise_users(enterprise_id), subject=subject, body=body, context=context, link=link)


# --- what a decision must state ---------------------------------------------------------------------

# Administrative Reconsideration Law (2023 revision) Art. 20: 60 days from knowing of the act, and a
# decision that does not state the right, the reconsideration body and the period leaves the period
# running for up to a year; Administrative Procedure Law Art. 46: 6 months to sue directly. The figures
# are the rulebook's (`reconsideration_days`, `litigation_months`), so a decision states those in force.
REMEDIES = gettext_lazy(
    "If you do not accept this decision, you may apply to %(organ)s for administrative reconsideration "
    "within %(days)s days of learning of it, or bring an administrative lawsuit before a people's court "
    "within %(months)s months of learning of it."
)
# The State Council's guidance on the serious-dishonesty list (国办发〔2020〕49号, paragraphs 7 and 8):
# a listing decision states the grounds, the basis, the measures, the conditions and procedure for
# removal and the remedies. Order 251 Art. 23 lists the enterprise and applies joint punishment; its
# repair article keeps listed enterprises from applying for repair and has customs restore the credit,
# and remove the listing, after two years with no dishonest criterion met (verify for Order 282).
SERIOUS_LIST_MEASURES = gettext_lazy(
    "As an enterprise on the serious-dishonesty list, %(enterprise)s is subject to the measures below, "
    "and to the joint punishment that laws and administrative regulations provide through the "
    "authorities concerned."
)
SERIOUS_LIST_REMOVAL = gettext_lazy(
    "An enterprise on the serious-dishonesty list may not apply for credit repair. Once %(months)s "
    "consecutive months have passed in which none of the dishonest criteria is met, customs restores "
    "the enterprise's credit of its own motion, removes it from the serious-dishonesty list, informs the "
    "authorities concerned and ends the publication. The listing also ends when this decision is revoked "
    "on administrative reconsideration or by a court, or when an objection to the published record is "
    "upheld."
)


def reconsideration_body(office):
    """Where a decision of `office`'s customs is contested: the customs one level above the
    directly-under customs that issues it, the General Administration for each of them. Customs is led
    vertically, so reconsideration goes to the next customs up (Administrative Reconsideration Law,
    1999 text Art. 12(2), 2023 revision Art. 27 (verify the number); 海关行政复议办法)."""
    return issuing_office(office).parent


def decision_remedies(proposal):
    """The remedies sentence of a determination decision, in the active language."""
    rulebook = proposal.rulebook
    return REMEDIES % {
        "organ": reconsideration_body(proposal.enterprise.customs_office).display_name,
        "days": rulebook.reconsideration_days,
        "months": rulebook.litigation_months,
    }


def serious_list_terms(proposal):
    """For a decision that lists the enterprise as seriously dishonest: the measures and the conditions
    and procedure for removal, in the active language; None for any other decision."""
    if not proposal.criterion.serious_list:
        return None
    rulebook = proposal.rulebook
    return {
        "measures_intro": SERIOUS_LIST_MEASURES % {"enterprise": proposal.enterprise.display_name},
        "measures": list(
            rulebook.measures.filter(grade=proposal.criterion.resulting_grade).order_by("order", "code")
        ),
        "removal": SERIOUS_LIST_REMOVAL % {"months": rulebook.automatic_repair_months},
    }
