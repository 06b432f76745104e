"""Forms of an application sent at the same moment: the application moves once, the other sender is
told why on the application's page."""

import datetime

import pytest
from django.utils import timezone

from certification import review
from certification.models import Certificate, Transition
from tests.certification.conftest import assess_all, find_all
from tests.concurrency import double_click, require_postgresql, run_together, signed_in
from tests.factories.accounts import UserFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_a_submission_sent_twice_and_two_officers_deciding_at_once_each_count_once(
    draft, enterprise_user_b, officer, second_officer, offices
):
    require_postgresql()
    assess_all(draft, enterprise_user_b)
    enterprise = signed_in(enterprise_user_b)
    submit = f"/certification/{draft.pk}/submit/"
    pages = run_together(
        lambda: enterprise.post(submit, follow=True, **EN),
        lambda: double_click(enterprise).post(submit, follow=True, **EN),
    )
    texts = [page.content.decode() for page in pages]
    refusal = "An application that is submitted cannot be changed this way."
    assert sum(refusal in text for text in texts) == 1
    assert sum("The application has been submitted" in text for text in texts) == 1
    assert Transition.objects.filter(application=draft, action="submit").count() == 1

    application = review.application_accept(actor=officer, application=draft)
    review.team_form(
        actor=officer, application=application, officers=[officer, second_officer], leader=officer
    )
    review.audit_plan(
        actor=officer,
        application=application,
        visit_on=timezone.localdate() + datetime.timedelta(days=7),
        place="Enterprise premises",
        agenda="Trade security.",
    )
    find_all(application, officer)
    colleague = signed_in(UserFactory(role="officer", office=offices["9700"], certification_qualified=True))
    decide = f"/certification/{application.pk}/decide/"
    certify = {"outcome": "certify", "decision_number": "XN-AEO-7"}
    refuse = {"outcome": "refuse", "decision_number": "XN-R-7", "reason": "Trade security falls short."}
    certifier, refuser = run_together(
        lambda: signed_in(officer).post(decide, certify, follow=True, **EN),
        lambda: colleague.post(decide, refuse, follow=True, **EN),
    )

    application.refresh_from_db()
    certified = application.status == "certified"
    winner, loser = (certifier, refuser) if certified else (refuser, certifier)
    assert "The decision has been recorded." in winner.content.decode()
    assert (
        f"An application that is {application.get_status_display().lower()} cannot be changed this way."
        in loser.content.decode()
    )
    assert Transition.objects.filter(application=application, action__in=["certify", "refuse"]).count() == 1
    assert application.decision_number == ("XN-AEO-7" if certified else "XN-R-7")
    certificates = Certificate.objects.count()
    assert certificates == application.enterprise.ledger_entries.filter(cause="certification").count()
    assert certificates == (1 if certified else 0)
