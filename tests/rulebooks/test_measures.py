"""Measures are typed: an absolute floor, a relative ceiling, a flag or an amount, never a bare figure."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from rulebooks.models import CreditGrade, Measure, MeasureKind, Rulebook
from rulebooks.selectors import grades_with_measure
from rulebooks.services import rulebook_new_version

# The rulebooks come from `offices`: a transactional test elsewhere may have emptied their tables.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("offices")]


@pytest.mark.parametrize(
    ("rulebook", "grade", "code", "kind", "value", "basis", "inclusive"),
    [
        # Order 251 Art. 20(1): 低于实施常规管理措施企业平均查验率的20% (the figure itself excluded).
        (
            "order-251",
            "advanced_certified",
            "inspection_rate_factor",
            "relative_ceiling",
            "0.2",
            "regular_enterprises",
            False,
        ),
        # Art. 20(2): 在企业平均抽查比例的20%以下 ('以下' includes the figure).
        (
            "order-251",
            "advanced_certified",
            "origin_verification_factor",
            "relative_ceiling",
            "0.2",
            "all_enterprises",
            True,
        ),
        ("order-251", "advanced_certified", "coordinator", "flag", "", "", True),
        # Regular measures have no figure of their own (formerly shipped as "1.0").
        ("order-251", "regular", "inspection_rate_factor", "flag", "", "", True),
        # Dishonest: inspection rate 80 % or more, an absolute floor (not 80 % of the regular rate).
        ("order-251", "dishonest", "inspection_rate_factor", "absolute_floor", "0.8", "", True),
        ("order-251", "dishonest", "full_guarantee_processing_trade", "flag", "", "", True),
        (
            "order-282",
            "advanced_certified",
            "inspection_rate_factor",
            "relative_ceiling",
            "0.2",
            "regular_enterprises",
            False,
        ),
        (
            "order-282",
            "certified",
            "inspection_rate_factor",
            "relative_ceiling",
            "0.5",
            "regular_enterprises",
            False,
        ),
        ("order-282", "dishonest", "inspection_rate_factor", "absolute_floor", "0.8", "", True),
        ("order-282", "seriously_dishonest", "inspection_rate_factor", "absolute_floor", "0.8", "", True),
    ],
)
def test_shipped_measures_carry_the_kind_the_law_gives_their_figure(
    rulebook, grade, code, kind, value, basis, inclusive
):
    measure = Measure.objects.get(rulebook__code=rulebook, grade=grade, code=code)
    assert (measure.kind, measure.value, measure.basis, measure.inclusive) == (kind, value, basis, inclusive)


def test_every_shipped_measure_is_valid_and_names_its_source():
    measures = list(Measure.objects.filter(rulebook__code__in=["order-251", "order-282"]))
    assert len(measures) == 16 + 24
    for measure in measures:
        measure.full_clean()
        assert measure.source.startswith(("Order 251", "Order 282")), measure.code
    # Order 282's measures are carried over from Order 251 until its own text is confirmed.
    assert all("verify" in m.source for m in measures if m.rulebook.code == "order-282")


def test_coordinators_go_to_the_grades_whose_rulebook_measure_gives_one():
    # GAC Announcement 2018 No. 181: advanced certified enterprises. Order 282 as shipped gives
    # 认证企业 no coordinator.
    assert grades_with_measure("coordinator", datetime.date(2026, 3, 31)) == {CreditGrade.ADVANCED_CERTIFIED}
    assert grades_with_measure("coordinator", datetime.date(2026, 4, 1)) == {CreditGrade.ADVANCED_CERTIFIED}


def measure(**fields):
    defaults = {
        "rulebook": Rulebook.objects.get(code="order-282"),
        "grade": CreditGrade.CERTIFIED,
        "code": "test_measure",
        "title": "测试措施",
        "title_en": "Test measure",
    }
    return Measure(**(defaults | fields))


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("0", "0"),
        ("0.8", "0.8"),
        ("1", "1"),
        ("80%", "0.8"),
        ("80 %", "0.8"),
        ("100%", "1"),
        ("12.5%", "0.125"),
    ],
)
def test_a_floor_takes_a_share_from_0_to_1_or_a_percentage(value, stored):
    floor = measure(kind=MeasureKind.ABSOLUTE_FLOOR, metric="inspection_rate", value=value)
    floor.full_clean()
    assert floor.value == stored


@pytest.mark.parametrize("value", ["1.01", "100.5%", "-0.1", "-1%", "", "eighty", "NaN", "Infinity"])
def test_a_floor_refuses_a_figure_outside_0_to_1(value):
    floor = measure(kind=MeasureKind.ABSOLUTE_FLOOR, metric="inspection_rate", value=value)
    with pytest.raises(ValidationError) as refused:
        floor.full_clean()
    assert set(refused.value.message_dict) == {"value"}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "relative_ceiling", "value": "0.2", "metric": "inspection_rate"}, "basis"),
        (
            {
                "kind": "absolute_floor",
                "value": "0.8",
                "metric": "inspection_rate",
                "basis": "all_enterprises",
            },
            "basis",
        ),
        ({"kind": "absolute_floor", "value": "0.8"}, "metric"),
        ({"kind": "flag", "value": "0.5"}, "value"),
        ({"kind": "flag", "metric": "inspection_rate"}, "metric"),
        ({"kind": "amount", "value": "-1"}, "value"),
        ({"kind": "amount", "value": ""}, "value"),
        (
            {"kind": "absolute_floor", "value": "0.5", "metric": "inspection_rate", "code": "coordinator"},
            "kind",
        ),
    ],
)
def test_a_measure_that_cannot_be_read_one_way_is_refused(fields, field):
    with pytest.raises(ValidationError) as refused:
        measure(**fields).full_clean()
    assert field in refused.value.message_dict


@pytest.mark.parametrize(
    "fields",
    [
        {
            "kind": "relative_ceiling",
            "value": "0.5",
            "metric": "inspection_rate",
            "basis": "regular_enterprises",
        },
        {"kind": "flag", "value": ""},
        {"kind": "amount", "value": "500000"},
        {"kind": "amount", "value": "0"},
    ],
)
def test_a_measure_of_each_kind_with_what_it_needs_is_accepted(fields):
    measure(**fields).full_clean()


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "flag", "value": "0.8"},
        {"kind": "absolute_floor", "value": "", "metric": "inspection_rate"},
        {"kind": "relative_ceiling", "value": "0.2", "metric": "inspection_rate", "basis": ""},
        {"kind": "amount", "value": "1", "basis": "all_enterprises"},
        {"kind": "relative_ceiling", "value": "0.2", "metric": "", "basis": "all_enterprises"},
    ],
)
def test_the_database_refuses_a_measure_written_past_validation(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        measure(**fields).save()


@pytest.mark.parametrize(
    ("fields", "english"),
    [
        (
            {"kind": "absolute_floor", "value": "0.8", "metric": "inspection_rate", "inclusive": True},
            "Inspection rate at least 80%",
        ),
        (
            {"kind": "absolute_floor", "value": "0.8", "metric": "inspection_rate", "inclusive": False},
            "Inspection rate above 80%",
        ),
        (
            {
                "kind": "relative_ceiling",
                "value": "0.2",
                "metric": "inspection_rate",
                "basis": "regular_enterprises",
                "inclusive": False,
            },
            "Average inspection rate below 20% of the average inspection rate of enterprises under "
            "regular measures",
        ),
        (
            {
                "kind": "relative_ceiling",
                "value": "0.2",
                "metric": "origin_verification_rate",
                "basis": "all_enterprises",
                "inclusive": True,
            },
            "Average origin-verification sampling ratio at most 20% of the average "
            "origin-verification sampling ratio of all enterprises",
        ),
        ({"kind": "amount", "value": "500000"}, "RMB 500000"),
        ({"kind": "flag", "value": ""}, ""),
    ],
)
def test_the_figure_reads_as_a_sentence_by_kind(fields, english):
    with translation.override("en"):
        assert measure(**fields).reading == english


def test_the_figure_reads_in_chinese():
    floor = measure(kind="absolute_floor", value="0.8", metric="inspection_rate")
    ceiling = measure(
        kind="relative_ceiling", value="0.2", metric="inspection_rate", basis="regular_enterprises"
    )
    ceiling.inclusive = False
    with translation.override("zh-hans"):
        assert floor.reading == "查验率不低于80%"
        assert ceiling.reading == "平均查验率低于实施常规管理措施企业平均查验率的20%"


def test_a_new_version_keeps_the_kinds(administrator):
    copy = rulebook_new_version(actor=administrator, rulebook=Rulebook.objects.get(code="order-282"))
    floor = copy.measures.get(grade="dishonest", code="inspection_rate_factor")
    assert (floor.kind, floor.value, floor.metric) == ("absolute_floor", "0.8", "inspection_rate")


def test_the_admin_edits_the_kind_of_a_draft_rulebooks_measures(client, administrator):
    draft = rulebook_new_version(actor=administrator, rulebook=Rulebook.objects.get(code="order-282"))
    client.force_login(administrator)
    page = client.get(f"/admin/rulebooks/rulebook/{draft.pk}/change/").content.decode()
    for name in ("kind", "metric", "basis", "inclusive", "source"):
        assert f'name="measures-0-{name}"' in page


def test_the_admin_refuses_a_relative_ceiling_without_its_basis(rf, administrator):
    from django.contrib import admin

    from rulebooks.admin import MeasureInline

    draft = rulebook_new_version(actor=administrator, rulebook=Rulebook.objects.get(code="order-282"))
    request = rf.get("/")
    request.user = administrator
    form_class = MeasureInline(Rulebook, admin.site).get_formset(request, draft).form
    data = {
        "grade": "certified",
        "order": "5",
        "code": "origin_check",
        "title": "原产地调查抽查比例",
        "title_en": "Origin checks",
        "kind": "relative_ceiling",
        "value": "20%",
        "metric": "origin_verification_rate",
        "basis": "",
        "inclusive": "on",
        "source": "",
    }
    form = form_class(data=data, instance=Measure(rulebook=draft))
    assert not form.is_valid()
    assert "basis" in form.errors
    form = form_class(data=data | {"basis": "all_enterprises"}, instance=Measure(rulebook=draft))
    assert form.is_valid(), form.errors
    assert form.save().value == "0.2"
