"""The kinds of long operation: each app declares its own on its AppConfig (`background_operations`,
{kind: BackgroundOperation}), next to the function a worker runs for it."""

from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class BackgroundOperation:
    """`function(operation=, progress=) -> Outcome` (a dotted path), run by a worker; the template
    that shows its result on the operation's page."""

    function: str
    result_template: str


def background_operation(kind):
    """The BackgroundOperation of `kind`, whichever app declared it."""
    for config in apps.get_app_configs():
        declared = getattr(config, "background_operations", {})
        if kind in declared:
            return declared[kind]
    raise LookupError(f"No app declares the background operation {kind!r}.")
