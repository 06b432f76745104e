"""The columns of an import file: how each cell is read and checked, and why one is refused."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from operator import mul

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from enterprises.imports.register_checks import plain_text_rules
from enterprises.uscc import ALPHABET, WEIGHTS, uscc_problem

BUSINESS_TYPE_SEPARATOR = ";"
TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1", "是"})
FALSE_WORDS = frozenset({"false", "f", "no", "n", "0", "否"})
YEAR_PATTERN = re.compile(r"[1-9][0-9]{3}")
USCC_SHAPE = re.compile(f"[{ALPHABET}]{{18}}")
USCC_VALUES = {char: value for value, char in enumerate(ALPHABET)}
# Distinct business-type cells remembered; a register repeats a few combinations.
TYPE_CELLS_KEPT = 256


class CellProblem(Exception):
    """Why one cell cannot be imported (the message is shown to the user)."""


@dataclass(frozen=True)
class Column:
    """One column of an import file.

    `required`: the header must have it and every row must fill it; an optional column may be
    left out of the file (the field is then left as it is) or left blank (the field's default).
    `parse(text, importer)` turns a cell into the value; None means the model field's own rules.
    """

    name: str
    required: bool = True
    attname: str = ""
    parse: Callable | None = None
    default: object = None

    @property
    def target(self):
        return self.attname or self.name


def _model_field_parser(model, name):
    """Validate a cell with the model field's own rules, so the import and the forms agree."""
    model_field = model._meta.get_field(name)
    choices = {str(value) for value, _label in model_field.flatchoices}

    def parse(text, importer):
        if choices and text not in choices:
            raise CellProblem(
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": text, "choices": ", ".join(sorted(choices))}
            )
        try:
            return model_field.clean(text, None)
        except ValidationError as error:
            raise CellProblem(error.messages[0]) from None

    return _quick_text_parser(model_field, parse) or parse


def _quick_text_parser(model_field, parse):
    """`parse` for a plain CharField, accepting outright the texts its clean() returns unchanged.

    clean() costs microseconds a cell, most of an import's time on millions of rows; it still judges
    every text refused here, and gives the message. None when the field is not plain text.
    """
    rules = plain_text_rules(model_field)
    if rules is None:
        return None
    limit, pattern = rules

    def quick(text, importer):
        if len(text) <= limit and (pattern is None or pattern.search(text)):
            return text
        return parse(text, importer)

    return quick


def _uscc(text, importer):
    # uscc_problem explains a bad code but costs as much as the rest of a row; the check
    # character (GB 32100-2015) is computed faster here for the codes that are right.
    if USCC_SHAPE.fullmatch(text):
        total = sum(map(mul, map(USCC_VALUES.__getitem__, text[:17]), WEIGHTS))
        if ALPHABET[-total % 31] == text[17]:
            return text
    problem = uscc_problem(text)
    if problem:
        raise CellProblem(problem)
    return text


def _office(text, importer):
    office = importer.offices.get(text)
    if office is None:
        raise CellProblem(_("No customs office has the code %(code)s.") % {"code": text})
    if not office.is_active:
        raise CellProblem(_("Customs office %(code)s is no longer active.") % {"code": text})
    return office.pk


def _business_types(text, importer):
    """The business types of a cell as the sum of their bits (see `enterprises.imports.register_staging`)."""
    return importer.business_type_bits(text)


def _boolean(text, importer):
    word = text.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellProblem(_("“%(value)s” is not yes or no (true/false, yes/no, 1/0, 是/否).") % {"value": text})


def _past_date(model, name):
    """A date field whose date cannot lie in the future (a decision, a payment)."""
    parse_date = _model_field_parser(model, name)

    def parse(text, importer):
        day = parse_date(text, importer)
        if day > importer.today:
            raise CellProblem(_("%(day)s is in the future.") % {"day": day})
        return day

    return parse


def _past_year(text, importer):
    if not YEAR_PATTERN.fullmatch(text):
        raise CellProblem(_("“%(value)s” is not a year such as 2025.") % {"value": text})
    year = int(text)
    if year > importer.today.year:
        raise CellProblem(_("%(year)d is in the future.") % {"year": year})
    return year


USCC_COLUMN = Column("uscc", parse=_uscc)
