"""The corrections of issue 20 reach databases that loaded the rulebooks before them.

Migration 0009 refreshes the shipped rulebooks from the data file: a database still holding the
2018 title, Order 237's grade name, Order 251's article numbers under Order 282, borrowed windows
and graded Order 251 periods ends with what the orders say, each with its source.
"""

import importlib

import pytest
from django.apps import apps

from rulebooks.models import DishonestCriterion, PublicationPeriod, Rulebook, RulebookGrade

# The rulebooks come from `offices`: a transactional test elsewhere may have emptied their tables.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("offices")]

OLD_TITLE = "中华人民共和国海关企业信用管理办法（海关总署令第282号）"  # Order 237's title, as once shipped
OLD_GRADE = "一般信用企业"  # Order 237's middle grade


def _as_shipped_before_the_corrections():
    Rulebook.objects.filter(code="order-282").update(title=OLD_TITLE, source="")
    RulebookGrade.objects.filter(rulebook__code="order-282", grade="regular").update(name=OLD_GRADE)
    RulebookGrade.objects.filter(rulebook__code="order-251", grade="regular").update(
        name="其他注册登记和备案企业"
    )
    for number, code in enumerate(["art22-1", "art22-2", "art22-3"], start=1):
        DishonestCriterion.objects.filter(rulebook__code="order-282", code=code).update(
            article=f"Art. 22({number})", window_months=12
        )
    DishonestCriterion.objects.filter(code="serious-1").update(article="Serious list (1)", window_months=12)
    for level, months in [("minor", 12), ("general", 24), ("serious", 36)]:
        PublicationPeriod.objects.filter(rulebook__code="order-251", level=level).update(max_months=months)


def test_migration_0009_corrects_rulebooks_loaded_before_it():
    _as_shipped_before_the_corrections()

    importlib.import_module("rulebooks.migrations.0009_order282_corrections").load(apps, None)

    order_282 = Rulebook.objects.get(code="order-282")
    assert order_282.title == "中华人民共和国海关注册登记和备案企业信用管理办法（海关总署令第282号）"
    assert "GAC Order No. 282" in order_282.source
    assert order_282.grades.get(grade="regular").name == "常规企业"
    assert Rulebook.objects.get(code="order-251").grades.get(grade="regular").name == "实施常规管理措施企业"
    articles = dict(order_282.criteria.values_list("code", "article"))
    assert set(articles.values()) == {None}, "no Order 251 number under Order 282"
    assert dict(
        DishonestCriterion.objects.filter(code="serious-1").values_list("rulebook__code", "article")
    ) == {
        "order-251": "Art. 23(1)",
        "order-282": None,
    }
    windows = set(DishonestCriterion.objects.exclude(code="art22-3").values_list("window_months", flat=True))
    assert windows == {None}
    assert set(
        PublicationPeriod.objects.filter(rulebook__code="order-251").values_list("max_months", flat=True)
    ) == {24}


def test_every_shipped_rule_says_where_it_comes_from():
    shipped = Rulebook.objects.filter(code__in=["order-251", "order-282"])
    parts = [
        *shipped,
        *RulebookGrade.objects.filter(rulebook__in=shipped),
        *PublicationPeriod.objects.filter(rulebook__in=shipped),
        *DishonestCriterion.objects.filter(rulebook__in=shipped),
    ]
    assert [part for part in parts if not part.source] == []


def test_an_unconfirmed_order_282_article_is_marked_to_verify():
    unconfirmed = DishonestCriterion.objects.filter(rulebook__code="order-282", article__isnull=True)
    assert unconfirmed.count() == 10
    assert all("(verify)" in criterion.source for criterion in unconfirmed)
