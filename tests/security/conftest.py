"""One world of data for the hostile-input tests: one of everything a page or endpoint shows."""

import pytest


@pytest.fixture
def world(make_world):
    return make_world()
