"""Every place a term reaches a user uses the official terms of the customs credit regulations.

The brief (docs/domain.md) names the concepts in English; their Chinese wording is the one of the
rules it describes: GAC Order 251 (2021) and Order 282 (2026), 《中华人民共和国海关注册登记和备案企业
信用管理办法》, and the 《海关高级认证企业标准》. Enterprises and officers read these words in the
law, in decisions and on certificates: a different word on screen for the same thing reads as a
different thing. Terms of earlier rules that are no longer the law's (Order 237's 重新认证 and
一般信用企业, its title 《中华人民共和国海关企业信用管理办法》) count as variants.

Checked: the translation catalogue, the shipped data files (rulebooks, standards, offices), the
rulebook rows in the database, every template (pages, e-mails, PDFs) and the string literals of the
application code (notices, PDFs built in code, demo data). `source` notes are exempt: they say where
a rule comes from and may name an earlier order's term to explain what changed.
"""

import ast
import csv
import json
import re
from pathlib import Path

import polib
import pytest

from tests.project_apps import CONFIGURATION, PROJECT_APPS

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
    "海关企业信用管理办法": "海关注册登记和备案企业信用管理办法",  # Order 237's title (2018)
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


# --- beyond the catalogue: data, database rows, templates, code -----------------------------------------

ROOT = Path(__file__).resolve().parents[2]
# The application packages whose data, strings and PDFs reach users.
APPS = [CONFIGURATION, *PROJECT_APPS]
OFFICIAL_TITLE = "中华人民共和国海关注册登记和备案企业信用管理办法"
# Obsolete terms (and non-official variants) with what a reader should see instead.
OBSOLETE = {
    **{variant: f"not the law's word: {official}" for variant, official in VARIANTS.items()},
    "一般信用企业": "Order 237's middle grade: 常规企业 under Order 282; Order 251 had no such grade",
    "海关企业信用管理办法": f"the 2018 Order 237 title: Orders 251 and 282 are 《{OFFICIAL_TITLE}》",
    "一般认证企业": "Order 237's lower certified grade: 认证企业 under Order 282",
    "general credit enterprise": "Order 237's middle grade: 'regular enterprise'",
    "general-credit enterprise": "Order 237's middle grade: 'regular enterprise'",
}
EXEMPT_FIELDS = {"source"}
# Order 251 knows three grades; Order 282's new names do not belong in its rulebook.
ORDER_282_ONLY = {"常规企业": "Order 282's middle grade; Order 251's tier is 实施常规管理措施企业 (Art. 4)"}
OFFICIAL_GRADES = {
    "order-251": {
        "advanced_certified": "高级认证企业",
        "regular": "实施常规管理措施企业",
        "dishonest": "失信企业",
    },
    "order-282": {
        "advanced_certified": "高级认证企业",
        "certified": "认证企业",
        "regular": "常规企业",
        "dishonest": "失信企业",
        "seriously_dishonest": "严重失信企业",
    },
}


def _obsolete_in(text, terms=OBSOLETE):
    lowered = text.lower()
    return [(term, why) for term, why in terms.items() if term.lower() in lowered]


def _strings(value, path=()):
    """Every string in parsed data with its path, leaving out `source` notes."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in EXEMPT_FIELDS:
                yield from _strings(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, str(index)))
    elif isinstance(value, str):
        yield "/".join(path), value


def _data_files():
    return sorted(path for app in APPS for path in (ROOT / app / "data").glob("*.*") if path.is_file())


def _found(where, text, terms=OBSOLETE):
    return [f"{where}: {term!r} ({why})" for term, why in _obsolete_in(text, terms)]


def test_the_shipped_data_uses_no_obsolete_term():
    wrong = []
    for path in _data_files():
        name = path.relative_to(ROOT)
        if path.suffix == ".json":
            for where, text in _strings(json.loads(path.read_text(encoding="utf-8"))):
                wrong += _found(f"{name} {where}", text)
        elif path.suffix == ".csv":
            with open(path, newline="", encoding="utf-8") as handle:
                for number, row in enumerate(csv.DictReader(handle), start=2):
                    for column, text in row.items():
                        if column not in EXEMPT_FIELDS:
                            wrong += _found(f"{name}:{number} {column}", text or "")
    assert not wrong, "obsolete terms in shipped data:\n" + "\n".join(wrong)


def test_the_order_251_rulebook_uses_none_of_order_282s_new_names():
    data = json.loads((ROOT / "rulebooks" / "data" / "rulebooks.json").read_text(encoding="utf-8"))
    order_251 = next(spec for spec in data["rulebooks"] if spec["code"] == "order-251")
    wrong = []
    for where, text in _strings(order_251):
        wrong += _found(f"rulebooks/data/rulebooks.json order-251 {where}", text, ORDER_282_ONLY)
    assert not wrong, "Order 282 terms in the Order 251 rulebook:\n" + "\n".join(wrong)


def _text_fields(model):
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.get_internal_type() in ("CharField", "TextField") and field.name not in EXEMPT_FIELDS
    ]


@pytest.mark.django_db
def test_the_rulebook_rows_in_the_database_use_no_obsolete_term():
    """What the migrations left in the database, including rulebooks loaded before a correction."""
    from rulebooks.models import BusinessType, Rulebook
    from rulebooks.services import rulebook_parts

    models = [Rulebook, BusinessType, *(relation.related_model for relation in rulebook_parts())]
    wrong = []
    for model in models:
        fields = _text_fields(model)
        for row in model.objects.values("pk", *fields):
            for field in fields:
                wrong += _found(f"{model._meta.label} #{row['pk']} {field}", row[field] or "")
    assert not wrong, "obsolete terms in rulebook rows:\n" + "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(OFFICIAL_GRADES))
def test_each_shipped_rulebook_carries_its_orders_title_and_grade_names(code):
    from rulebooks.models import Rulebook

    rulebook = Rulebook.objects.get(code=code)
    assert rulebook.title.startswith(OFFICIAL_TITLE), (
        f"{code}: title {rulebook.title!r}, not {OFFICIAL_TITLE}"
    )
    names = dict(rulebook.grades.values_list("grade", "name"))
    assert names == OFFICIAL_GRADES[code], f"{code}: grade names {names}"


def _templates():
    return sorted(path for path in (ROOT / "templates").rglob("*") if path.suffix in (".html", ".txt"))


def test_no_template_uses_an_obsolete_term():
    """Pages, e-mails and the PDF templates (certificate, receipt, notices, reports)."""
    assert any(path.name == "certificate_pdf.html" for path in _templates())
    wrong = []
    for path in _templates():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            wrong += _found(f"{path.relative_to(ROOT)}:{number}", line)
    assert not wrong, "obsolete terms in templates:\n" + "\n".join(wrong)


def _code_strings(path):
    """The string literals of a module that can reach a reader: not docstrings, not comments."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def test_no_notice_or_pdf_text_in_the_code_uses_an_obsolete_term():
    modules = [path for app in APPS for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts]
    assert modules
    wrong = []
    for path in sorted(modules):
        for number, text in _code_strings(path):
            wrong += _found(f"{path.relative_to(ROOT)}:{number}", text)
    assert not wrong, "obsolete terms in application code:\n" + "\n".join(wrong)
