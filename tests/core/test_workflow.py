"""The workflow engine: a refusal is a value naming the first reason, permission before state."""

from types import SimpleNamespace

import pytest

from core.errors import InvalidState, NotPermitted
from core.workflow import Action, Workflow


class DoorWorkflow(Workflow):
    actions = {
        "open": Action("Open", ("closed",), "open", "keeper"),
        "close": Action("Close", ("open",), "closed", "anyone"),
        "lock": Action("Lock", ("closed",), "locked", "keeper"),
    }
    wrong_state_message = "A door that is %(status)s cannot be changed this way."

    def not_permitted(self, actor, door, action):
        return None if action.actor == "anyone" or actor == "keeper" else NotPermitted("Keepers only.")

    def condition(self, door, name, **context):
        return InvalidState("The key is lost.") if name == "lock" and context.get("key_lost") else None


def door(status):
    return SimpleNamespace(status=status, get_status_display=lambda: status.upper())


WORKFLOW = DoorWorkflow()


def test_the_table_gives_the_actions_in_its_order():
    assert WORKFLOW.allowed_actions("keeper", door("closed")) == ["open", "lock"]
    assert WORKFLOW.allowed_actions("visitor", door("closed")) == []
    assert WORKFLOW.allowed_actions("visitor", door("open")) == ["close"]


def test_a_refusal_is_a_value_and_permission_comes_first():
    refused = WORKFLOW.refusal("visitor", door("open"), "open")
    assert isinstance(refused, NotPermitted)  # not told the door's state
    state = WORKFLOW.refusal("keeper", door("open"), "open")
    assert isinstance(state, InvalidState)
    assert str(state) == "A door that is open cannot be changed this way."
    assert WORKFLOW.refusal("keeper", door("closed"), "open") is None


def test_a_condition_refuses_beyond_the_table_and_check_raises_it():
    assert str(WORKFLOW.refusal("keeper", door("closed"), "lock", key_lost=True)) == "The key is lost."
    with pytest.raises(InvalidState, match="key is lost"):
        WORKFLOW.check("keeper", door("closed"), "lock", key_lost=True)
    with pytest.raises(NotPermitted):
        WORKFLOW.check_permission("visitor", door("closed"), "lock")
    WORKFLOW.check_state(door("closed"), "lock")  # the state allows it; no actor asked
