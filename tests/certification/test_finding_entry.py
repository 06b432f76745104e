"""Entering an audit on an on-site day: save and go to the next item, or record several in a table."""

import pytest
from django.urls import reverse

from certification import applications
from certification.models import Result
from tests.certification.conftest import pdf

pytestmark = pytest.mark.django_db


def item_url(application, row):
    return reverse("application-item", args=[application.pk, row.pk])


@pytest.fixture
def rows(under_audit):
    return list(under_audit.items.order_by("item__order", "item__code"))


def test_saving_a_finding_goes_to_the_next_item_without_one(client, under_audit, officer, rows):
    rows[1].finding = Result.MEETS
    rows[1].save()
    client.force_login(officer)
    response = client.post(item_url(under_audit, rows[0]), {"finding": Result.MEETS, "notes": ""})
    assert response.url == item_url(under_audit, rows[2])  # the second already has its finding


def test_the_last_finding_leads_back_to_the_application(client, under_audit, officer, rows):
    under_audit.items.exclude(pk=rows[-1].pk).update(finding=Result.MEETS)
    client.force_login(officer)
    response = client.post(item_url(under_audit, rows[-1]), {"finding": Result.MEETS, "notes": ""})
    assert response.url == under_audit.get_absolute_url()


def test_the_table_records_several_findings_with_one_save(client, under_audit, officer, rows):
    client.force_login(officer)
    url = reverse("application-findings", args=[under_audit.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'id="item-{rows[0].pk}"' in page
    assert "0 / " in page
    response = client.post(
        url,
        {
            f"item-{rows[0].pk}-finding": Result.MEETS,
            f"item-{rows[1].pk}-finding": Result.FAILS,
            f"item-{rows[1].pk}-notes": "No seal register.",
            f"item-{rows[2].pk}-finding": "",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.url == url
    found = dict(under_audit.items.values_list("pk", "finding"))
    assert (found[rows[0].pk], found[rows[1].pk], found[rows[2].pk]) == (Result.MEETS, Result.FAILS, "")
    assert "2 findings saved." in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_one_row_short_of_its_note_saves_nothing_and_says_which(client, under_audit, officer, rows):
    client.force_login(officer)
    url = reverse("application-findings", args=[under_audit.pk])
    response = client.post(
        url,
        {f"item-{rows[0].pk}-finding": Result.MEETS, f"item-{rows[1].pk}-finding": Result.FAILS},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<tr id="item-{rows[1].pk}" class="table-danger">' in page
    assert "Note what falls short of the standard." in page
    assert not under_audit.items.exclude(finding="").exists()


def test_an_unknown_finding_is_refused_and_changes_nothing(client, under_audit, officer, rows):
    client.force_login(officer)
    url = reverse("application-findings", args=[under_audit.pk])
    response = client.post(url, {f"item-{rows[0].pk}-finding": "excellent"})
    assert response.status_code == 200
    assert not under_audit.items.exclude(finding="").exists()


def test_only_the_team_records_findings(client, under_audit, enterprise_user_b, officer_sh):
    url = reverse("application-findings", args=[under_audit.pk])
    client.force_login(enterprise_user_b)
    assert client.get(url).status_code == 403
    client.force_login(officer_sh)
    assert client.get(url).status_code == 404


# --- the enterprise's side: evidence and required fields ---------------------------------------------


def test_the_review_page_warns_of_items_said_to_meet_the_standard_without_a_document(
    client, draft, enterprise_user_b, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    rows = list(draft.items.order_by("item__order", "item__code"))
    draft.items.update(self_assessment=Result.MEETS, explanation="See evidence.")
    draft.items.filter(pk=rows[0].pk).update(self_assessment=Result.FAILS)
    applications.self_assess(
        actor=enterprise_user_b,
        application_item=rows[1],
        result=Result.MEETS,
        explanation="Ledger attached.",
        files=[pdf()],
    )
    client.force_login(enterprise_user_b)
    page = client.get(
        reverse("application-submit", args=[draft.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    unsupported = len(rows) - 2  # not the failed item, not the one with its document
    assert f"{unsupported} items are said to meet the standard without a supporting document." in page
    assert "You may still submit." in page
    assert 'type="submit" class="btn btn-primary">' in page  # a warning, not a refusal


def test_the_business_types_are_marked_required(client, draft, enterprise_user_b):
    client.force_login(enterprise_user_b)
    page = client.get(
        reverse("application-scope", args=[draft.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert (
        '<legend class="form-label fs-6">Business types <span class="text-danger" aria-hidden="true">*</span>'
        in page
    )
