"""The main pages of every role pass axe-core's WCAG 2 A/AA checks with no serious or critical
violation, so people using screen readers, keyboards or low vision can work with them."""

from collections import Counter
from pathlib import Path

import pytest

from tests.browser.conftest import VIEWPORTS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


@pytest.fixture
def world(make_world):
    return make_world()


@pytest.fixture
def audit(browser, live_server):
    """Opens pages as one user and runs axe on each; collects every violation for the summary."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make venv` (npm ci installs axe-core)")
    checked, violations = [], []  # violations: (path, rule id, impact, offending elements)
    contexts = []

    def as_user(username=None):
        # bypass_csp lets Playwright inject axe into pages whose policy allows only the site's own
        # scripts; the policy itself is checked in test_content_security_policy.py.
        context = browser.new_context(
            viewport=VIEWPORTS["desktop"], base_url=live_server.url, locale="zh-CN", bypass_csp=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if username:
            sign_in(page, username)

        def check(path):
            page.goto(path)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
            )
            checked.append(path)
            for violation in result["violations"]:
                targets = " ".join(target for node in violation["nodes"] for target in node["target"])
                violations.append((path, violation["id"], violation["impact"], targets))

        return check

    yield as_user, checked, violations
    for context in contexts:
        context.close()


def test_main_pages_have_no_serious_accessibility_violations(audit, world):
    as_user, checked, violations = audit
    a = world.enterprise_a

    visitor = as_user()
    for path in (
        "/accounts/login/",
        f"/public/?q={a.uscc}",
        f"/public/certificates/verify/?t={world.qr_token}",
    ):
        visitor(path)

    officer = as_user(world.officer.username)
    for path in (
        "/",
        "/enterprises/",
        f"/enterprises/{a.pk}/",
        "/enterprises/proposals/",
        "/certification/",
        "/certification/certificates/",
        "/cultivation/",
        f"/operations/{world.operation.pk}/",
    ):
        officer(path)

    enterprise = as_user(world.enterprise_user.username)
    for path in ("/", f"/enterprises/{a.pk}/"):
        enterprise(path)

    coordinator = as_user(world.coordinator.username)
    for path in ("/", "/coordination/cases/"):
        coordinator(path)

    print(f"\naxe-core checked {len(checked)} pages ({', '.join(WCAG_TAGS)})")
    print("violations by impact:", dict(Counter(impact for _, _, impact, _ in violations)) or "none")
    for path, rule, impact, target in violations:
        print(f"  {impact:<8} {rule:<28} {path} {target}")
    assert [row for row in violations if row[2] in BLOCKING] == []
