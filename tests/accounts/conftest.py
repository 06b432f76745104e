import pytest


@pytest.fixture(autouse=True)
def _quick_passwords(quick_passwords):
    """These tests sign in dozens of times."""
