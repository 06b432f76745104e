"""Articles cited the way each language cites them: "Art. 22(3)" in English, 第二十二条第三项 in Chinese.

The rulebooks store the English form (also what the integration API's `article` field carries);
the pages and notices show the reader's. An order numbers its items （一）, （二）... but cites them
without the brackets, as the courts and the legislature's drafting rules do: 第二十二条第三项
(Supreme People's Court notice of 22 December 1956 on citing articles, paragraphs and items; NPC
Legislative Affairs Commission, 立法技术规范（试行）（一）, 2009, item 9; GAC Announcement 2018 No. 32
cites 《信用办法》第十二条第二款 the same way). docs/rules.md lists the sources.
"""

import re

from django.utils.translation import get_language, pgettext

DIGITS = "零一二三四五六七八九"
CHINESE_FORMS = (
    (re.compile(r"Art\. (\d+)\((\d+)\)"), "第{0}条第{1}项"),
    (re.compile(r"Art\. (\d+)"), "第{0}条"),
)


def _english():
    return (get_language() or "").startswith("en")


def chinese_number(number):
    """1 to 99 in Chinese numerals, as laws number their articles and items (22: 二十二)."""
    if number < 10:
        return DIGITS[number]
    tens, units = divmod(number, 10)
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[units] if units else "")


def cited(article):
    """`article` (the stored English form) as the active language cites it; unknown forms unchanged."""
    if not article or _english():
        return article or ""
    for pattern, form in CHINESE_FORMS:
        match = pattern.fullmatch(article)
        if match and all(0 < int(group) < 100 for group in match.groups()):
            return form.format(*(chinese_number(int(group)) for group in match.groups()))
    return article


def uncited():
    """What a page says for a criterion whose article the published text has not confirmed.

    Never an article number borrowed from another rulebook; the rulebook itself is named wherever
    the criterion is shown with it (notices, decisions, the proposal page).
    """
    return pgettext("citation", "article not verified")
