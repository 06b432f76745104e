"""The unified social credit code (GB 32100-2015) and its check character."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18


def check_character(first17):
    """The 18th character that makes `first17` a valid code."""
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def uscc_problem(value):
    """Why `value` is not a valid USCC, or None when it is."""
    if len(value) != LENGTH:
        return _("A unified social credit code has 18 characters; this one has %(n)d.") % {"n": len(value)}
    bad = sorted({char for char in value if char not in ALPHABET})
    if bad:
        return _(
            "A unified social credit code uses only digits and the capital letters "
            "A-Y without I, O, S, V and Z; not allowed here: %(chars)s."
        ) % {"chars": " ".join(bad)}
    expected = check_character(value[:17])
    if value[17] != expected:
        return _("The check character is wrong: with these first 17 characters it must be %(c)s.") % {
            "c": expected
        }
    return None


def validate_uscc(value):
    problem = uscc_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_uscc")
