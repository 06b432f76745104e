"""The cells of a register file that SQL accepts outright, so that Python parses only the others.

The file's rows are loaded as text into a temporary table; one statement then accepts every row
whose cells are certainly valid and computes their values exactly as the Python parsers would. A
check here is as strict as its parser or stricter, never looser: a cell SQL does not accept (a blank
required cell, a wrong check character, an unknown office, a rule SQL cannot express) sends its row
to the parsers of `enterprises.imports`, which decide and word the problem. A file of valid rows is
never parsed row by row in Python; a file of bad ones costs what it always did.
"""

import re
from dataclasses import dataclass, field

from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models

from enterprises.uscc import ALPHABET, LENGTH, WEIGHTS

# What str.strip() removes (every character for which str.isspace() is true), for SQL's btrim().
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# Patterns made only of these read the same in Python's re and in PostgreSQL's regular expressions
# (anchors, bracket expressions of letters and digits, counted repetition); others stay in Python.
PORTABLE_PATTERN = re.compile(r"[\^$\[\]{}0-9A-Za-z,+*?-]*")


def plain_text_rules(model_field):
    """(max length, compiled pattern or None) of a CharField judged by these two rules alone, else None."""
    if type(model_field) is not models.CharField or model_field.choices:
        return None
    limit = pattern = None
    for validator in model_field.validators:
        if type(validator) is MaxLengthValidator and limit is None and isinstance(validator.limit_value, int):
            limit = validator.limit_value
        elif type(validator) is RegexValidator and pattern is None and not validator.inverse_match:
            pattern = re.compile(validator.regex.pattern, validator.regex.flags)  # not Django's lazy proxy
        else:
            return None
    return None if limit is None else (limit, pattern)


@dataclass(frozen=True)
class CellCheck:
    """A column of the file (raw column c<index>) that SQL does not judge: its rows go to Python."""

    index: int
    target: str
    required: bool
    needs_bytes = False  # whether the check reads the cell's UTF-8 bytes, t.b<index>

    @property
    def cell(self):
        """SQL: the cell as its parser sees it, stripped of white space."""
        return f"t.v{self.index}"

    def condition(self):
        return "FALSE"

    def value(self):
        return self.cell

    def join(self):
        return ""


# The value of each character of a code by its ASCII code, as a bytea literal read with get_byte().
USCC_VALUES = bytes(ALPHABET.index(chr(code)) if chr(code) in ALPHABET else 0 for code in range(128)).hex()


@dataclass(frozen=True)
class UsccCheck(CellCheck):
    """A unified social credit code: its alphabet, length and check character (GB 32100-2015).

    The code is read as bytes (`t.b<index>`, once a row): the check character costs a few byte
    look-ups, where text functions would cost a microsecond a row.
    """

    needs_bytes = True

    def condition(self):
        codes = f"t.b{self.index}"
        value = "get_byte('\\x" + USCC_VALUES + "'::bytea, get_byte(" + codes + ", {}))"
        total = " + ".join(f"{value.format(n)} * {weight}" for n, weight in enumerate(WEIGHTS))
        # CASE, not AND: the bytes are read only once the code has its 18 characters.
        return (
            f"CASE WHEN {self.cell} ~ '^[{ALPHABET}]{{{LENGTH}}}$' "
            f"THEN {value.format(LENGTH - 1)} = mod(31 - mod({total}, 31), 31) ELSE FALSE END"
        )


@dataclass(frozen=True)
class TextCheck(CellCheck):
    """Plain text with a maximum length and perhaps a pattern; an optional blank cell takes `blank`."""

    limit: int = 0
    pattern: str | None = None
    blank: str = ""

    def condition(self):
        rules = [f"char_length({self.cell}) <= {self.limit}"]
        if self.pattern is not None:
            rules.append(f"{self.cell} ~ '{self.pattern}'")
        filled = f"({self.cell} <> '' AND {' AND '.join(rules)})"
        return filled if self.required else f"({self.cell} = '' OR {filled})"

    def value(self):
        if self.required or self.blank == "":
            return self.cell
        return f"CASE WHEN {self.cell} = '' THEN {quote_literal(self.blank)} ELSE {self.cell} END"


@dataclass(frozen=True)
class MappedCheck(CellCheck):
    """A column of few distinct values (an office code, a list of business types): each distinct cell
    is parsed once in Python, and the values it accepts are joined back from the table `table`."""

    table: str = ""
    sql_type: str = "bigint"
    parse: object = field(default=None, compare=False)  # raw text -> (accepted, value)

    def condition(self):
        return f"m{self.index}.cell IS NOT NULL"

    def value(self):
        return f"m{self.index}.value"

    def join(self):
        return f"LEFT JOIN {self.table} m{self.index} ON m{self.index}.cell = COALESCE(r.c{self.index}, '')"


def text_check(index, target, required, model_field, blank):
    """A TextCheck for `model_field`, or a CellCheck (Python decides) when SQL cannot judge it the same."""
    rules = plain_text_rules(model_field)
    if rules is None or not (required or isinstance(blank, str)):
        return CellCheck(index, target, required)
    limit, pattern = rules
    portable = pattern is None or (
        not pattern.flags & ~re.UNICODE and PORTABLE_PATTERN.fullmatch(pattern.pattern)
    )
    if not portable:
        return CellCheck(index, target, required)
    pattern = pattern and pattern.pattern
    return TextCheck(index, target, required, limit=limit, pattern=pattern, blank=blank or "")


def quote_literal(text):
    return "'" + text.replace("'", "''") + "'"
