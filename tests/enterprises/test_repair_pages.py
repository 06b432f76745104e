"""The repair and objection pages: the enterprise applies and objects, officers decide from the queue."""

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone, translation

from core.display import format_date
from enterprises.models import Objection, RepairApplication
from enterprises.objections import objection_file
from enterprises.repair import repair_apply
from tests.factories.enterprises import PenaltyFactory, determined_proposal

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def dishonest_b(enterprise_b):
    determined_proposal(enterprise_b, code="art22-3", on=timezone.localdate() - relativedelta(months=7))
    return enterprise_b


def test_enterprise_applies_for_repair_from_its_page(client, dishonest_b, enterprise_user_b):
    client.force_login(enterprise_user_b)
    detail = client.get(f"/enterprises/{dishonest_b.pk}/", **EN).content.decode()
    assert "Apply for credit repair" in detail

    form = client.get(f"/enterprises/{dishonest_b.pk}/repair/", **EN).content.decode()
    assert "article not verified Within one year" in form  # Order 282: no number yet
    empty = client.post(f"/enterprises/{dishonest_b.pk}/repair/", {"corrective_actions": " "}, **EN)
    assert empty.status_code == 200
    assert not RepairApplication.objects.exists()

    response = client.post(
        f"/enterprises/{dishonest_b.pk}/repair/",
        {"corrective_actions": "Controls rebuilt."},
        follow=True,
        **EN,
    )
    assert "has been submitted" in response.content.decode()
    assert RepairApplication.objects.get().status == "submitted"


def test_too_early_shows_the_date_and_no_form(client, enterprise_b, enterprise_user_b):
    on = timezone.localdate() - relativedelta(months=1)
    determined_proposal(enterprise_b, code="art22-3", on=on)
    client.force_login(enterprise_user_b)
    page = client.get(f"/enterprises/{enterprise_b.pk}/repair/", **EN).content.decode()
    with translation.override("en"):
        assert format_date(on + relativedelta(months=6)) in page
    assert 'name="corrective_actions"' not in page


def test_officer_decides_from_the_queue(client, dishonest_b, enterprise_user_b, officer):
    application = repair_apply(actor=enterprise_user_b, enterprise=dishonest_b, corrective_actions="Fixed.")
    client.force_login(officer)
    queue = client.get("/enterprises/repair-and-objections/", **EN).content.decode()
    assert dishonest_b.display_name in queue

    url = f"/enterprises/repairs/{application.pk}/"
    refused_blank = client.post(url, {"approve": "0", "note": ""}, **EN)
    assert refused_blank.status_code == 200
    assert "Give the reason for refusing." in refused_blank.content.decode()

    response = client.post(url, {"approve": "1", "decision_number": "XN-R-7"}, follow=True, **EN)
    assert "The decision has been recorded." in response.content.decode()
    dishonest_b.refresh_from_db()
    assert dishonest_b.credit_grade == "regular"


def test_enterprise_user_cannot_decide_and_others_get_404(
    client, dishonest_b, enterprise_user_b, enterprise_user
):
    application = repair_apply(actor=enterprise_user_b, enterprise=dishonest_b, corrective_actions="Fixed.")
    client.force_login(enterprise_user_b)
    assert client.post(f"/enterprises/repairs/{application.pk}/", {"approve": "1"}).status_code == 403
    client.force_login(enterprise_user)
    assert client.get(f"/enterprises/repairs/{application.pk}/").status_code == 404
    assert client.get(f"/enterprises/{dishonest_b.pk}/repair/").status_code == 404


def test_objection_from_the_penalty_row_and_its_recheck(client, enterprise_a, enterprise_user, officer):
    penalty = PenaltyFactory(enterprise=enterprise_a, kind="administrative_smuggling")
    client.force_login(enterprise_user)
    detail = client.get(f"/enterprises/{enterprise_a.pk}/", **EN).content.decode()
    assert f"?penalty={penalty.pk}" in detail

    url = f"/enterprises/{enterprise_a.pk}/objections/new/?penalty={penalty.pk}"
    assert penalty.case_number in client.get(url, **EN).content.decode()
    client.post(url, {"reason": "Wrong company."}, **EN)
    objection = Objection.objects.get()

    client.force_login(officer)
    queue = client.get("/enterprises/repair-and-objections/?tab=objections", **EN).content.decode()
    assert f"/enterprises/objections/{objection.pk}/" in queue
    client.post(f"/enterprises/objections/{objection.pk}/", {"upheld": "1", "answer": "Withdrawn."}, **EN)
    objection.refresh_from_db()
    assert objection.status == Objection.Status.UPHELD


def test_objection_to_an_unpublished_or_foreign_record_is_404(
    client, enterprise_a, enterprise_b, enterprise_user
):
    old = PenaltyFactory(enterprise=enterprise_a, decided_on=timezone.localdate() - relativedelta(years=5))
    foreign = PenaltyFactory(enterprise=enterprise_b)
    client.force_login(enterprise_user)
    assert client.get(f"/enterprises/{enterprise_a.pk}/objections/new/?penalty={old.pk}").status_code == 404
    assert (
        client.get(f"/enterprises/{enterprise_a.pk}/objections/new/?penalty={foreign.pk}").status_code == 404
    )
    assert client.get(f"/enterprises/{enterprise_a.pk}/objections/new/").status_code == 404


def test_queue_query_count_does_not_grow_with_rows(
    client, officer, enterprise_a, enterprise_user, django_assert_max_num_queries
):
    for _ in range(3):
        objection_file(actor=enterprise_user, record=PenaltyFactory(enterprise=enterprise_a), reason="No.")
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        assert client.get("/enterprises/repair-and-objections/?tab=objections").status_code == 200
