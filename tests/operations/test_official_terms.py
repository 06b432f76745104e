"""The Chinese catalogue uses the official terms of the customs credit regulations.

The brief (docs/domain.md) names the concepts in English; their Chinese wording is the one of the
rules it describes: GAC Order 251 (2021) and Order 282 (2026), 《中华人民共和国海关注册登记和备案企业
信用管理办法》, and the 《海关高级认证企业标准》. Enterprises and officers read these words in the
law, in decisions and on certificates: a different word on screen for the same thing reads as a
different thing. Terms of earlier rules that are no longer the law's (Order 237's 重新认证 and
一般信用企业) count as variants.
"""

import re
from pathlib import Path

import polib
import pytest

PO = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

# English term as the msgids write it -> the official Chinese term, with where it comes from.
GLOSSARY = [
    ("advanced certified enterprise", "高级认证企业", "Orders 251 and 282"),
    ("certified enterprise", "认证企业", "Order 282 (the five grades)"),
    ("regular enterprise", "常规企业", "Order 282 (the five grades)"),
    ("dishonest enterprise", "失信企业", "Orders 251 and 282"),
    ("seriously dishonest enterprise", "严重失信企业", "Order 282 (the five grades)"),
    ("serious-dishonesty list", "严重失信主体名单", "Order 251; 国办发〔2020〕49号"),
    ("dishonest", "失信", "Order 251"),
    ("pre-notice", "事先告知", "Order 251"),
    ("statement period", "陈述申辩", "Order 251 (陈述、申辩)"),
    ("credit repair", "信用修复", "Order 251 Art. 26"),
    ("objection", "异议", "Order 251"),
    ("re-review", "复核", "Order 251: 每5年复核一次"),
    ("certification", "认证", "Order 251"),
    ("certification team", "认证组", "Order 251"),
    ("on-site audit", "实地认证", "Order 251"),
    ("rectification", "整改", "Order 251"),
    ("internal control", "内部控制", "海关高级认证企业标准"),
    ("financial status", "财务状况", "海关高级认证企业标准"),
    ("law-abiding compliance", "守法规范", "海关高级认证企业标准"),
    ("trade security", "贸易安全", "海关高级认证企业标准"),
    ("coordinator", "协调员", "Order 251 (海关为企业设立协调员)"),
    ("credit cultivation", "信用培育", "海关企业信用培育"),
    ("cultivation", "培育", "海关企业信用培育"),
    ("mutual recognition", "互认", "Order 251 (AEO互认)"),
    ("mutual-recognition", "互认", "Order 251 (AEO互认)"),
    ("credit grade", "信用等级", "Order 251"),
    ("unified social credit code", "统一社会信用代码", "GB 32100-2015"),
    ("USCC", "统一社会信用代码", "GB 32100-2015"),
    ("customs registration code", "海关注册编码", "海关注册登记"),
    ("customs broker", "报关企业", "Order 251 Art. 22"),
    ("General Administration of Customs", "海关总署", ""),
    ("directly-under customs", "直属海关", ""),
    ("subordinate customs", "隶属海关", ""),
]

# Words for the same concepts that are not the law's (now), with the official term to use instead.
VARIANTS = {
    "重新认证": "复核",  # Order 237's word; Orders 251 and 282 re-review by 复核
    "常规管理企业": "常规企业",
    "一般信用企业": "常规企业",  # Order 237's middle grade, replaced by 常规企业 (Order 282)
    "一般认证企业": "认证企业",
    "认证企业（一般）": "认证企业",
    "严重失信名单": "严重失信主体名单",
}

PLACEHOLDER = re.compile(r"%\([^)]*\)[sd]|\{\{[^}]*\}\}")


@pytest.fixture(scope="module")
def catalogue():
    return [entry for entry in polib.pofile(str(PO)) if not entry.obsolete]


def _translations(entry):
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def _uses(term):
    return re.compile(r"(?<![\w-])" + re.escape(term) + r"(?:s|es)?(?![\w-])", re.IGNORECASE)


@pytest.mark.parametrize(("term", "official", "source"), GLOSSARY, ids=[row[0] for row in GLOSSARY])
def test_each_domain_term_is_translated_with_its_official_chinese(catalogue, term, official, source):
    uses = _uses(term)
    entries = [entry for entry in catalogue if uses.search(PLACEHOLDER.sub("", entry.msgid))]
    assert entries, f"no message uses {term!r}: update the glossary"
    wrong = [
        (entry.msgid, text) for entry in entries for text in _translations(entry) if official not in text
    ]
    assert not wrong, f"{term!r} is {official} ({source}); these translations use another word: {wrong}"


def test_no_translation_uses_a_non_official_variant(catalogue):
    wrong = [
        (entry.msgid, variant, official)
        for entry in catalogue
        for text in _translations(entry)
        for variant, official in VARIANTS.items()
        if variant in text
    ]
    assert not wrong, f"(msgid, variant used, official term): {wrong}"
