import pytest

from enterprises.uscc import check_character, uscc_problem


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("91350100M000100Y43", True),  # the brief's example
        ("91350100M000100Y44", False),  # wrong check character
        ("91350100M000100Y4", False),  # 17 characters
        ("91350100M000100Y433", False),  # 19 characters
        ("91350100I000100Y43", False),  # I is not in the alphabet
        ("91350100O000100Y43", False),  # nor O
        ("91350100S000100Y43", False),  # nor S
        ("91350100V000100Y43", False),  # nor V
        ("91350100Z000100Y43", False),  # nor Z
        ("91350100m000100Y43", False),  # lower case
    ],
)
def test_uscc_validity(code, valid):
    assert (uscc_problem(code) is None) is valid


def test_wrong_check_character_message_names_the_right_one():
    assert "3" in uscc_problem("91350100M000100Y44")


@pytest.mark.parametrize("first17", ["91630100MA0000001", "12100000400000000", "Y1110000MA01ABCDE"])
def test_check_character_completes_a_valid_code(first17):
    assert uscc_problem(first17 + check_character(first17)) is None
