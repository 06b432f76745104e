"""Articles cited the way each language cites them: "Art. 22(3)" in English, 第二十二条第（三）项 in Chinese.

The rulebooks store the English form (also what the integration API's `article` field carries);
the pages and notices show the reader's.
"""

import re

from django.utils.translation import get_language

DIGITS = "零一二三四五六七八九"
CHINESE_FORMS = (
    (re.compile(r"Art\. (\d+)\((\d+)\)"), "第{0}条第（{1}）项"),
    (re.compile(r"Art\. (\d+)"), "第{0}条"),
    (re.compile(r"Serious list \((\d+)\)"), "严重失信主体名单第（{0}）项"),
)


def chinese_number(number):
    """1 to 99 in Chinese numerals, as laws number their articles and items (22: 二十二)."""
    if number < 10:
        return DIGITS[number]
    tens, units = divmod(number, 10)
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[units] if units else "")


def cited(article):
    """`article` (the stored English form) as the active language cites it; unknown forms unchanged."""
    if (get_language() or "").startswith("en"):
        return article
    for pattern, form in CHINESE_FORMS:
        match = pattern.fullmatch(article)
        if match and all(0 < int(group) < 100 for group in match.groups()):
            return form.format(*(chinese_number(int(group)) for group in match.groups()))
    return article
