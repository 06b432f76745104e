"""A short message used by more than one workflow carries a context (pgettext).

"Refuse" meant 不予修复 (refuse *repair*) on the certification decision because both workflows
shared the msgid. A short msgid that appears in the files of two workflows without a context fails
here, unless it is listed below as meaning the same in every workflow (a field label, a button of
every form). Giving it a context (`pgettext`, `{% translate "..." context "..." %}`) lets each
workflow have its own translation.
"""

import re
from pathlib import Path

import polib
import pytest

PO = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

# Which workflow a source file belongs to; files of no workflow (shared pages, helpers) are ignored.
WORKFLOWS = {  # name: (its code, its templates), as path patterns
    "certification": ("certification/", "certification/"),
    "cultivation": ("cultivation/", "cultivation/"),
    "coordination": ("coordination/", "coordination/"),
    "determination": ("enterprises/(determination|(forms|views|api)/proposals)", "enterprises/proposal_"),
    "credit repair": ("enterprises/(repair|(forms|views|api)/repair)", "enterprises/repair_"),
    "objections": (
        "enterprises/(objections|(forms|views|api)/objections)",
        "enterprises/(public_)?objection_",
    ),
    "corrections": ("enterprises/(corrections|(forms|views)/corrections)", "enterprises/correction_"),
    "case filings": ("enterprises/(case_filings|(forms|views)/case_filings)", "enterprises/case_filing"),
    # The work lists name a step of every workflow: "Open the case" there opens one, on the case
    # form it files one.
    "work lists": ("portal/(my_work|next_steps)", "accounts/(my_work|work_list|next_steps)"),
}
SHORT = 3  # words: longer messages say enough to need no context

# Messages checked to mean the same in every workflow that uses them (and translated alike).
SAME_EVERYWHERE = {
    # labels of the same fields
    "Application", "application", "Business types", "business types", "Customs office",
    "Customs registration code", "Decision number", "Decided", "decided", "Enterprise", "enterprise",
    "Enterprises", "Evidence", "file", "Kind", "kind", "Note", "Notes", "opened", "opened by", "Outcome",
    "outcome", "Reason", "reason", "Result", "Rulebook", "rulebook", "scoring result", "standard item",
    "Status", "status", "Summary", "Supervising customs office", "Answer", "Filed", "Reference number",
    "Information objected to", "Objector", "Re-check due", "Timeline", "recorded by",
    # the decision document (决定书) of each workflow
    "Decision",
    # a plan ends when the enterprise is certified, as the application does
    "Certified",
    # states and controls every list or form has
    "All", "All statuses", "Breadcrumb", "Cancel", "Clear", "Filter", "In progress", "Search",
    "Online", "Overdue", "Save", "Saved.", "Decide", "Record the decision", "Submit the application",
    "File the objection",
    # the receipt of a filing (回执), whichever workflow it was filed in
    "Receipt (PDF)",
    # a work list's link to the step that the workflow's button of the same words takes
    "Plan the audit", "Re-check", "Continue the self-assessment", "Review and submit", "Rate the service",
}  # fmt: skip


def workflow(path):
    for name, (code, templates) in WORKFLOWS.items():
        if re.match(rf"({code}|templates/{templates})", path):
            return name
    return None


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(PO))


def shared_without_context(catalogue):
    """(msgid, workflows) of every short message without context that two workflows use."""
    for entry in catalogue:
        if entry.msgctxt or entry.msgid_plural or len(entry.msgid.split()) > SHORT:
            continue
        flows = {workflow(path) for path, _line in entry.occurrences} - {None}
        if len(flows) > 1:
            yield entry.msgid, sorted(flows)


def test_a_short_message_two_workflows_share_has_a_context_or_means_the_same(catalogue):
    unchecked = [
        (msgid, flows) for msgid, flows in shared_without_context(catalogue) if msgid not in SAME_EVERYWHERE
    ]
    assert not unchecked, f"give these a context (pgettext) or list them in SAME_EVERYWHERE: {unchecked}"


@pytest.mark.parametrize(
    ("context", "msgid", "chinese"),
    [
        ("certification decision", "Refuse", "不予认证"),
        ("credit repair decision", "Refuse", "不予修复"),
        ("certification decision", "Needed to refuse.", "不予认证时必填。"),
        ("rectification status", "Answered", "已答复"),
        ("case filing", "Close the case", "结案"),
        ("work list", "Open the case", "打开事项"),
        ("work list", "Open the plan", "打开培育计划"),
    ],
)
def test_each_workflow_reads_its_own_word(catalogue, context, msgid, chinese):
    assert catalogue.find(msgid, msgctxt=context).msgstr == chinese


def test_the_check_catches_a_shared_message_without_context():
    fake = polib.POFile()
    fake.append(
        polib.POEntry(
            msgid="Refuse",
            msgstr="不予修复",
            occurrences=[("certification/forms.py", "1"), ("enterprises/forms/repair.py", "2")],
        )
    )
    assert list(shared_without_context(fake)) == [("Refuse", ["certification", "credit repair"])]
