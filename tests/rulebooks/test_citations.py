"""Articles are cited as each language cites them, in the one Chinese style the orders use."""

import pytest
from django.utils import translation

from rulebooks.citations import chinese_number, cited
from rulebooks.models import DishonestCriterion, Rulebook

# The rulebooks come from `offices`: a transactional test elsewhere may have emptied their tables.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("offices")]


@pytest.mark.parametrize(
    ("number", "numeral"),
    [(1, "一"), (9, "九"), (10, "十"), (15, "十五"), (20, "二十"), (22, "二十二"), (99, "九十九")],
)
def test_chinese_numerals(number, numeral):
    assert chinese_number(number) == numeral


@pytest.mark.parametrize(
    ("article", "chinese"),
    [
        # Items are numbered （三） in the text and cited without the brackets: 第二十二条第三项.
        ("Art. 22(3)", "第二十二条第三项"),
        ("Art. 23(1)", "第二十三条第一项"),
        ("Art. 24", "第二十四条"),
        ("Annex 3", "Annex 3"),  # a form it does not know stays as stored
    ],
)
def test_an_article_is_cited_in_the_readers_language(article, chinese):
    with translation.override("zh-hans"):
        assert cited(article) == chinese
    with translation.override("en"):
        assert cited(article) == article


def test_a_citation_never_carries_bracketed_items_or_the_old_list_form():
    with translation.override("zh-hans"):
        shown = [criterion.display_article for criterion in DishonestCriterion.objects.all()]
    assert shown
    assert not [text for text in shown if "（" in text or "Serious" in text]


def test_order_282_criteria_say_the_article_is_unverified_instead_of_borrowing_order_251s(
    django_assert_num_queries,
):
    criterion = Rulebook.objects.get(code="order-282").criteria.get(code="art22-2")
    assert criterion.article is None
    with translation.override("en"), django_assert_num_queries(0):
        assert criterion.display_article == "article not verified"


def test_order_251_criteria_keep_their_articles():
    order_251 = Rulebook.objects.get(code="order-251")
    articles = dict(order_251.criteria.values_list("code", "article"))
    assert articles["art22-2"] == "Art. 22(2)"
    assert articles["serious-1"] == "Art. 23(1)"
    with translation.override("zh-hans"):
        assert order_251.criteria.get(code="art22-3").display_article == "第二十二条第三项"
