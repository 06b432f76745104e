"""The measures on the pages read by kind: a floor, a relative ceiling, a flag."""

import pytest

from tests.factories.enterprises import determined_proposal

pytestmark = pytest.mark.django_db


def test_an_advanced_certified_enterprise_reads_its_ceilings_relative_to_their_average(
    client, enterprise_user, enterprise_a
):
    client.force_login(enterprise_user)
    for url in ("/", f"/enterprises/{enterprise_a.pk}/"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Relative ceiling" in page
        assert (
            "Average inspection rate below 20% of the average inspection rate of enterprises under "
            "regular measures" in page
        )
        assert "A coordinator is assigned" in page
        assert "0.2</span>" not in page, "no bare figure left to misread"


def test_a_dishonest_enterprise_reads_its_inspection_rate_as_a_floor(client, officer, enterprise_b):
    determined_proposal(enterprise_b)
    client.force_login(officer)
    page = client.get(f"/enterprises/{enterprise_b.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Absolute floor" in page
    assert "Inspection rate at least 80%" in page


def test_the_floor_reads_in_chinese(client, officer, enterprise_b):
    determined_proposal(enterprise_b)
    client.force_login(officer)
    page = client.get(f"/enterprises/{enterprise_b.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "查验率不低于80%" in page
