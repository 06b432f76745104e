"""Identifying an objector: a natural person by the resident identity card number (GB 11643-1999),
a legal person or an unincorporated organisation by its unified social credit code (GB 32100-2015)."""

import datetime
import re

from django.utils.translation import gettext as _

from enterprises.uscc import uscc_problem

RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK = "10X98765432"  # ISO 7064 MOD 11-2: the check character by the weighted sum mod 11
RESIDENT_ID_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")
PHONE_SHAPE = re.compile(r"^\+?[0-9][0-9 ()-]{4,28}$")
PHONE_DIGITS = (6, 20)


def resident_id_check_character(first17):
    total = sum(int(digit) * weight for digit, weight in zip(first17, RESIDENT_ID_WEIGHTS, strict=True))
    return RESIDENT_ID_CHECK[total % 11]


def resident_id_problem(value, today):
    """Why `value` is not an 18-character resident identity card number, or None when it is."""
    if not RESIDENT_ID_SHAPE.match(value):
        return _("A resident identity card number has 18 characters: 17 digits, then a digit or X.")
    try:
        born = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        born = None
    if born is None or born > today or born.year < 1900:
        return _("Characters 7 to 14 of an identity card number are a date of birth; this one is not.")
    expected = resident_id_check_character(value[:17])
    if value[17] != expected:
        return _("The check character is wrong: with these first 17 characters it must be %(c)s.") % {
            "c": expected
        }
    return None


def objector_id_problem(*, natural_person, value, today):
    """Why `value` does not identify the objector, or None: a natural person gives the identity card
    number, a legal person or organisation its unified social credit code."""
    if natural_person:
        return resident_id_problem(value, today)
    return uscc_problem(value)


def phone_problem(value):
    digits = sum(char.isdigit() for char in value)
    if not PHONE_SHAPE.match(value) or not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
        return _("Give a phone number in digits, such as 0971-1234567 or +86 138 0000 0000.")
    return None
