"""The app layers of docs/architecture.md: an app imports only from apps above it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = [
    "accounts",
    "background",
    "rulebooks",
    "notifications",
    "enterprises",
    "certification",
    "cultivation",
    "coordination",
]
# cultivation and coordination sit side by side at the bottom.
BELOW = {app: set(LAYERS[index + 1 :]) for index, app in enumerate(LAYERS)}
BELOW["cultivation"] = BELOW["coordination"] = set()


def imported_apps(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0], node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno


@pytest.mark.parametrize("app", LAYERS)
def test_no_app_imports_from_an_app_below_it(app):
    offending = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        for module, line in imported_apps(path)
        if module in BELOW[app]
    ]
    assert offending == []
