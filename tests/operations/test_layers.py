"""The floors of docs/architecture.md: an app imports only from the apps below it, that is listed
before it in INSTALLED_APPS, and no app imports the project's configuration package."""

import ast
from pathlib import Path

import pytest

from tests.project_apps import CONFIGURATION, PROJECT_APPS

ROOT = Path(__file__).resolve().parents[2]
# What each app may not import: the apps above it, and the configuration.
FORBIDDEN = {app: {*PROJECT_APPS[index + 1 :], CONFIGURATION} for index, app in enumerate(PROJECT_APPS)}


def imported_apps(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0], node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno


def test_the_floors_are_the_project_apps_from_core_to_portal():
    assert PROJECT_APPS[0] == "core"
    assert PROJECT_APPS[-1] == "portal"
    assert {"accounts", "enterprises", "certification", "cultivation", "coordination"} < set(PROJECT_APPS)


@pytest.mark.parametrize("app", PROJECT_APPS)
def test_no_app_imports_from_an_app_above_it(app):
    offending = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        for module, line in imported_apps(path)
        if module in FORBIDDEN[app]
    ]
    assert offending == []


def test_the_check_sees_an_import_from_above(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("import os\nfrom portal.home import home\n\ndef f():\n    import enterprises.models\n")
    assert list(imported_apps(module)) == [("os", 1), ("portal", 2), ("enterprises", 5)]
