"""The Chinese catalogue is complete, compiled, and covers the strings in the code."""

import re
from pathlib import Path

import polib
import pytest

from tests.project_apps import CONFIGURATION, PROJECT_APPS

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
SOURCE_DIRS = [*PROJECT_APPS, CONFIGURATION, "templates"]
# Simple literal strings only; strings with placeholders or line breaks are
# covered by the catalogue's own completeness check.
PATTERNS = [
    re.compile(r"""\{%\s*translate\s+"([^"{}%\\]+)"\s*%\}"""),
    re.compile(r"""\b_\(\s*"([^"{}%\\]+)"\s*\)"""),
]


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(PO))


def test_every_message_is_translated_and_none_is_fuzzy(catalogue):
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert catalogue.percent_translated() == 100


def test_compiled_catalogue_matches_the_source(catalogue):
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in polib.mofile(str(MO))}
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            continue
        assert compiled.get((entry.msgctxt, entry.msgid)) == entry.msgstr, entry.msgid


def test_strings_in_the_code_are_in_the_catalogue(catalogue):
    known = {entry.msgid for entry in catalogue}
    missing = set()
    for directory in SOURCE_DIRS:
        for path in (ROOT / directory).rglob("*"):
            if path.suffix not in (".py", ".html", ".txt") or "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            for pattern in PATTERNS:
                missing.update(m for m in pattern.findall(text) if m not in known)
    assert not missing, f"run `make messages` and translate: {sorted(missing)}"
