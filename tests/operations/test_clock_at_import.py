"""No test module reads the clock when it is imported (issue 26).

The site's time zone is Asia/Shanghai: a date fixed while pytest collects (`TODAY = localdate()` at
module level, or inside a `@pytest.mark.parametrize` argument) is yesterday's for a test that runs
after midnight, 16:00 UTC, and the run fails. Tests take the date from the `today` fixture of
tests/conftest.py, or freeze the clock with time_machine when they are about particular dates.
"""

import ast
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"

# Calls that read the clock whatever their arguments (datetime.now(tz) still reads it) ...
ALWAYS_CLOCK = {"now", "today", "utcnow"}
# ... and those that read it only when given no value to convert.
CLOCK_WITHOUT_ARGUMENTS = {"localdate", "localtime"}


def _called_name(call):
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def _reads_clock(call):
    name = _called_name(call)
    if name in ALWAYS_CLOCK:
        return True
    return name in CLOCK_WITHOUT_ARGUMENTS and not call.args and not call.keywords


def _clock_reading_functions(tree):
    """Names of the module's own functions whose body reads the clock, such as a `_days(n)` helper
    returning `localdate() + n days`: calling one at import fixes the date as surely."""
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and any(isinstance(inner, ast.Call) and _reads_clock(inner) for inner in ast.walk(node))
    }


class _ImportTimeCalls(ast.NodeVisitor):
    """Visits only the code Python runs when it imports the module: module and class bodies,
    decorators, default argument values; never a function's or lambda's body."""

    def __init__(self, helpers=frozenset()):
        self.helpers = helpers
        self.found = []

    def visit_Call(self, node):
        if _reads_clock(node) or (isinstance(node.func, ast.Name) and node.func.id in self.helpers):
            self.found.append((node.lineno, ast.unparse(node.func)))
        self.generic_visit(node)

    def _visit_signature(self, node):
        for expression in node.args.defaults + [d for d in node.args.kw_defaults if d is not None]:
            self.visit(expression)

    def visit_FunctionDef(self, node):
        for decorator in node.decorator_list:
            self.visit(decorator)
        self._visit_signature(node)  # the body runs when the function is called

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        self._visit_signature(node)


def clock_reads_at_import(source):
    """(line, callee) of every clock read that runs when `source` is imported."""
    tree = ast.parse(source)
    visitor = _ImportTimeCalls(_clock_reading_functions(tree))
    visitor.visit(tree)
    return sorted(visitor.found)


def test_the_scanner_finds_clock_reads_at_import_and_only_those():
    source = textwrap.dedent(
        """
        import datetime
        import pytest
        from django.utils import timezone

        TODAY = timezone.localdate()
        NOW = datetime.datetime.now(datetime.UTC)
        LAST_WEEK = datetime.date.today() - datetime.timedelta(days=7)
        FIXED = timezone.localdate(datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))

        @pytest.mark.parametrize("day", [timezone.localdate()])
        def test_a(day, when=timezone.now()):
            assert timezone.localdate() == timezone.now().date()

        class TestB:
            STARTED = timezone.localtime()

            @pytest.mark.parametrize("day", [datetime.date.today()])
            def test_b(self, day):
                inner = lambda: timezone.now()  # noqa: E731

        def days_ahead(n):
            return timezone.localdate() + datetime.timedelta(days=n)

        @pytest.mark.parametrize("due", [days_ahead(3)])
        def test_c(due, today):
            assert days_ahead(0) == today
        """
    )
    assert clock_reads_at_import(source) == [
        (6, "timezone.localdate"),
        (7, "datetime.datetime.now"),
        (8, "datetime.date.today"),
        (11, "timezone.localdate"),
        (12, "timezone.now"),
        (16, "timezone.localtime"),
        (18, "datetime.date.today"),
        (25, "days_ahead"),
    ]


def test_no_test_module_reads_the_clock_at_import():
    offending = [
        f"{path.relative_to(ROOT)}:{line} calls {callee}() at import"
        for path in sorted(TESTS.rglob("*.py"))
        for line, callee in clock_reads_at_import(path.read_text(encoding="utf-8"))
    ]
    assert offending == [], (
        "A date fixed when pytest collects is yesterday's for a test run after midnight "
        "(Asia/Shanghai): use the `today` fixture or freeze the clock with time_machine.\n"
        + "\n".join(offending)
    )
