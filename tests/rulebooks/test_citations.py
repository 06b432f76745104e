"""Articles are cited as each language cites them."""

import pytest
from django.utils import translation

from rulebooks.citations import chinese_number, cited


@pytest.mark.parametrize(
    ("number", "numeral"),
    [(1, "一"), (9, "九"), (10, "十"), (15, "十五"), (20, "二十"), (22, "二十二"), (99, "九十九")],
)
def test_chinese_numerals(number, numeral):
    assert chinese_number(number) == numeral


@pytest.mark.parametrize(
    ("article", "chinese"),
    [
        ("Art. 22(3)", "第二十二条第（三）项"),
        ("Art. 24", "第二十四条"),
        ("Serious list (2)", "严重失信主体名单第（二）项"),
        ("Annex 3", "Annex 3"),  # a form it does not know stays as stored
    ],
)
def test_an_article_is_cited_in_the_readers_language(article, chinese):
    with translation.override("zh-hans"):
        assert cited(article) == chinese
    with translation.override("en"):
        assert cited(article) == article
