"""Answers that must not tell whether a username exists."""

NO_SUCH_USER = "no_such_user_4e1f"


def assert_refused_alike(send, names):
    """`send(name)` sends a body naming the user `name`: each of `names` (users the caller may not
    choose there) must get exactly the answer a name no user has gets, a 400."""
    expected = _answer(send, NO_SUCH_USER)
    assert expected[0] == 400, expected
    for name in names:
        assert _answer(send, name) == expected, name


def _answer(send, name):
    response = send(name)
    return response.status_code, response.content.decode().replace(name, "<name>")
