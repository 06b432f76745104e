"""The one workflow engine: a table of actions, and the questions every door asks of it.

A workflow subclasses `Workflow` and declares its `actions` (who may take each, from which states,
to which state, who acts next and is told), says in its own terms who may act (`not_permitted`)
and, where the table is not all, what else the state must allow (`condition`: a deadline, a
period used up). A refusal is returned as a value (`NotPermitted` or `InvalidState`), so a page
can show it as a reason and a service can raise it: services call `check` inside their
transaction after locking the object, pages and the API show exactly `allowed_actions`, so no door
offers what a service would refuse.
"""

from dataclasses import dataclass
from typing import Any

from core.errors import DomainError, InvalidState


@dataclass(frozen=True)
class Action:
    """One step: its label, the states it starts from, the state it leads to (None: the state stays),
    who may take it (in the workflow's terms) and who acts next and is told of it."""

    label: Any
    sources: tuple
    target: Any = None
    actor: Any = None
    tells: Any = ()


class Workflow:
    """The transition table of one model's `status`, and its refusals."""

    actions: dict = {}
    # The refusal of an action the status does not allow, with `%(status)s`.
    wrong_state_message: Any = ""

    def not_permitted(self, actor, obj, action: Action) -> DomainError | None:
        """Why `actor` may never take `action` on `obj`, or None."""
        raise NotImplementedError

    def condition(self, obj, name: str, **context) -> DomainError | None:
        """Why the state does not allow action `name` beyond the table, or None."""
        return None

    def wrong_state(self, obj, name: str, **context) -> DomainError | None:
        if obj.status not in self.actions[name].sources:
            return InvalidState(self.wrong_state_message % {"status": obj.get_status_display().lower()})
        return self.condition(obj, name, **context)

    def refusal(self, actor, obj, name: str, **context) -> DomainError | None:
        """Why `actor` may not take action `name` on `obj` now, or None when they may."""
        return self.not_permitted(actor, obj, self.actions[name]) or self.wrong_state(obj, name, **context)

    def allowed_actions(self, actor, obj, **context) -> list[str]:
        """The names of the actions `actor` may take on `obj` now, in the table's order."""
        return [name for name in self.actions if self.refusal(actor, obj, name, **context) is None]

    def check(self, actor, obj, name: str, **context) -> None:
        _raise(self.refusal(actor, obj, name, **context))

    def check_permission(self, actor, obj, name: str) -> None:
        """Before locking: a refused actor learns nothing of the object's state."""
        _raise(self.not_permitted(actor, obj, self.actions[name]))

    def check_state(self, obj, name: str, **context) -> None:
        """After locking: the state as it is now, another request's change included."""
        _raise(self.wrong_state(obj, name, **context))


def _raise(problem):
    if problem is not None:
        raise problem
