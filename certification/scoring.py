"""The scoring engine: findings in, a certification result out, by the rulebook's method.

Pure: no database, no clock. Services pass the rulebook's figures as `ScoringRules` and one
`Finding` per applicable item; the outcome says whether the enterprise passes and why, so the
result page, the decision and the cultivation plan's mock review all explain the same thing.

- Points method (2014 and 2018 standards): meets 0, basically meets -1, fails -2; the total is
  100 + deductions + bonus (capped); passes with no failing item and a total at least the pass
  mark, and, where the rulebook sets it, few enough "basically meets" in internal control and
  trade security.
- Count method (2021 onward): passes with no failing item and no more "basically meets" items
  than the rulebook allows. The 2026 standards add bonus items (+1 each, capped); no source says
  how they weigh in the count method, so they are added up and shown, and do not change the result.

Under either method an application with no applicable item (an empty catalogue, or every item not
applicable) does not pass: there is nothing the enterprise was found to meet.
"""

from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy

POINTS, COUNT = "points", "count"
MEETS, BASICALLY_MEETS, FAILS, NOT_APPLICABLE = "meets", "basically_meets", "fails", "not_applicable"
DEDUCTIONS = {MEETS: 0, BASICALLY_MEETS: -1, FAILS: -2, NOT_APPLICABLE: 0}
KEY_PARTS = ("internal_control", "trade_security")
BASE_POINTS = 100

# What each reason code says; the plural form follows the figure "count".
SENTENCES = {
    "nothing_applicable": gettext_lazy(
        "No standard item applies: an application passes only on the findings of the items that apply."
    ),
    "unassessed": ngettext_lazy(
        "%(count)d item has no finding yet.", "%(count)d items have no finding yet.", "count"
    ),
    "failing": ngettext_lazy(
        "%(count)d item fails; an application with a failing item cannot pass.",
        "%(count)d items fail; an application with a failing item cannot pass.",
        "count",
    ),
    "below_pass_mark": gettext_lazy("The total of %(total)d points is below the pass mark of %(pass_mark)d."),
    "key_parts_limit": ngettext_lazy(
        "%(count)d item only basically meets the standard in internal control and trade security; "
        "at most %(limit)d are allowed.",
        "%(count)d items only basically meet the standard in internal control and trade security; "
        "at most %(limit)d are allowed.",
        "count",
    ),
    "basically_limit": ngettext_lazy(
        "%(count)d item only basically meets the standard; at most %(limit)d are allowed.",
        "%(count)d items only basically meet the standard; at most %(limit)d are allowed.",
        "count",
    ),
    "passed": ngettext_lazy(
        "No item fails and %(count)d item basically meets the standard, within the limit.",
        "No item fails and %(count)d items basically meet the standard, within the limit.",
        "count",
    ),
}


@dataclass(frozen=True)
class ScoringRules:
    method: str
    pass_mark: int = 95
    bonus_cap: int = 2
    max_basically_meets: int | None = None
    max_basically_meets_key_parts: int | None = None

    @classmethod
    def of(cls, rulebook):
        return cls(
            method=rulebook.scoring_method,
            pass_mark=rulebook.pass_mark,
            bonus_cap=rulebook.bonus_cap,
            max_basically_meets=rulebook.max_basically_meets,
            max_basically_meets_key_parts=rulebook.max_basically_meets_key_parts,
        )


@dataclass(frozen=True)
class Finding:
    code: str
    part: str
    result: str  # "" while not yet assessed
    bonus_points: int = 0


@dataclass(frozen=True)
class Outcome:
    method: str
    passed: bool
    complete: bool
    total: int | None
    bonus: int
    failing: list = field(default_factory=list)
    basically_meeting: list = field(default_factory=list)
    unassessed: list = field(default_factory=list)
    # Why it does not pass: (reason code, figures), rendered by `explain`.
    reasons: list = field(default_factory=list)

    def as_dict(self):
        return asdict(self)


def score(rules, findings):
    """The outcome of `findings` under `rules`."""
    findings = list(findings)
    unassessed = [f.code for f in findings if not f.result]
    failing = [f.code for f in findings if f.result == FAILS and not f.bonus_points]
    basically = [f for f in findings if f.result == BASICALLY_MEETS and not f.bonus_points]
    reasons = []
    if all(f.result == NOT_APPLICABLE for f in findings):  # no items, or none that applies
        reasons.append(("nothing_applicable", {}))
    if unassessed:
        reasons.append(("unassessed", {"count": len(unassessed)}))
    if failing:
        reasons.append(("failing", {"count": len(failing)}))
    total = None
    bonus = min(
        rules.bonus_cap, sum(f.bonus_points for f in findings if f.bonus_points and f.result == MEETS)
    )
    if rules.method == POINTS:
        total = (
            BASE_POINTS
            + sum(DEDUCTIONS[f.result] for f in findings if f.result and not f.bonus_points)
            + bonus
        )
        if total < rules.pass_mark:
            reasons.append(("below_pass_mark", {"total": total, "pass_mark": rules.pass_mark}))
        limit = rules.max_basically_meets_key_parts
        in_key_parts = sum(1 for f in basically if f.part in KEY_PARTS)
        if limit is not None and in_key_parts > limit:
            reasons.append(("key_parts_limit", {"count": in_key_parts, "limit": limit}))
    elif rules.max_basically_meets is not None and len(basically) > rules.max_basically_meets:
        reasons.append(("basically_limit", {"count": len(basically), "limit": rules.max_basically_meets}))
    return Outcome(
        method=rules.method,
        passed=not reasons,
        complete=not unassessed,
        total=total,
        bonus=bonus,
        failing=failing,
        basically_meeting=[f.code for f in basically],
        unassessed=unassessed,
        reasons=reasons,
    )


def explain(outcome):
    """Sentences for the result page, in the active language: why it passes or what stops it."""
    if isinstance(outcome, dict):
        outcome = Outcome(**outcome)
    if not outcome.passed:
        return [SENTENCES[code] % figures for code, figures in outcome.reasons]
    if outcome.method == POINTS:
        sentences = [
            _("No item fails and the total of %(total)d points reaches the pass mark.")
            % {"total": outcome.total}
        ]
        if outcome.bonus:
            sentences.append(
                ngettext(
                    "It includes %(bonus)d bonus point for bonus items met.",
                    "It includes %(bonus)d bonus points for bonus items met.",
                    outcome.bonus,
                )
                % {"bonus": outcome.bonus}
            )
        return sentences
    return [SENTENCES["passed"] % {"count": len(outcome.basically_meeting)}, *_bonus_sentence(outcome)]


def _bonus_sentence(outcome):
    if not outcome.bonus:
        return []
    return [
        ngettext(
            "Bonus items met add %(bonus)d point; under the count method they do not change the result.",
            "Bonus items met add %(bonus)d points; under the count method they do not change the result.",
            outcome.bonus,
        )
        % {"bonus": outcome.bonus}
    ]
