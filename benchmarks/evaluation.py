"""The scheduled dishonest-criteria evaluation against one hand-written SQL statement.

The job (`enterprises.evaluation.evaluate_dishonest_criteria`, the nightly `dishonest_evaluation`)
runs on the generated register as on any night: it finds the determined enterprises again (already
decided), proposes the fresh findings and writes them. The baseline is one SELECT computing the
same (enterprise, criterion) pairs, which the database answers at its own speed; the findings of
both must match exactly. Everything the job writes is rolled back.
"""

from dateutil.relativedelta import relativedelta
from django.db import connection, transaction
from django.utils import timezone

from benchmarks.core import TRIALS, result, timed
from enterprises import evaluation
from rulebooks.selectors import rulebook_in_force

BASELINE_SQL = """
WITH counted AS (
    SELECT enterprise_id, kind, subject, amount, is_intentional, decided_on, disclosed_on
    FROM enterprises_penalty
    WHERE decided_on > %(start)s AND decided_on <= %(as_of)s AND publication_withdrawn_at IS NULL
      AND NOT (disclosed_on IS NOT NULL AND ({disclosed}))
), brokers AS (
    SELECT link.enterprise_id FROM enterprises_enterprise_business_types link
    JOIN rulebooks_businesstype type ON type.id = link.businesstype_id WHERE type.code = 'customs_broker'
), violations AS (
    SELECT c.enterprise_id, count(*) AS n, sum(c.amount) AS total,
           bool_or(b.enterprise_id IS NOT NULL) AS broker
    FROM counted c LEFT JOIN brokers b ON b.enterprise_id = c.enterprise_id
    WHERE c.kind = 'supervision_violation' AND (NOT ({excused}) OR b.enterprise_id IS NOT NULL)
    GROUP BY c.enterprise_id
    HAVING sum(c.amount) > %(fine_broker)s
)
SELECT v.enterprise_id, 'art22-3' FROM violations v
LEFT JOIN enterprises_documentcount d ON d.enterprise_id = v.enterprise_id AND d.year = %(last_year)s
WHERE v.total > CASE WHEN v.broker THEN %(fine_broker)s ELSE %(fine)s END
  AND (d.id IS NULL OR v.n * 1000 > CASE WHEN v.broker THEN %(ratio_broker)s ELSE %(ratio)s END
       * (d.declarations + d.filing_lists + d.manifests))
UNION SELECT enterprise_id, 'art22-1' FROM counted WHERE kind = 'criminal_smuggling'
UNION SELECT enterprise_id, 'art22-2' FROM counted WHERE kind = 'administrative_smuggling'
UNION SELECT enterprise_id, 'art22-6' FROM counted WHERE kind = 'obstruction'
UNION SELECT enterprise_id, 'art22-7' FROM counted WHERE kind = 'bribery'
UNION SELECT enterprise_id, 'serious-1' FROM counted
      WHERE kind IN ('criminal_food_safety', 'criminal_cosmetics')
         OR (kind = 'criminal_smuggling' AND subject = 'solid_waste')
UNION SELECT enterprise_id, 'serious-2' FROM counted
      WHERE kind IN ('administrative_smuggling', 'supervision_violation') AND subject = 'solid_waste'
        AND amount > %(solid_waste)s
UNION SELECT enterprise_id, 'art22-4' FROM enterprises_arrear
      WHERE kind = 'tax' AND due_on < %(tax_cutoff)s AND (paid_on IS NULL OR paid_on > %(as_of)s)
UNION SELECT enterprise_id, 'art22-5' FROM enterprises_arrear
      WHERE kind = 'fine' AND due_on < %(fine_cutoff)s AND (paid_on IS NULL OR paid_on > %(as_of)s)
      GROUP BY enterprise_id HAVING sum(amount) > %(fine_arrears)s
"""


def _periods(rules, day, prefix, params, extra=""):
    """SQL true for a row whose `day` column lies in one of the rules' periods (and `extra` holds)."""
    conditions = []
    for n, rule in enumerate(rules):
        name = f"{prefix}_{n}"
        params[f"{name}_from"], params[f"{name}_to"] = rule.effective_from, rule.effective_to
        params[f"{name}_limit"] = rule.fine_limit
        condition = f"{day} >= %({name}_from)s AND {day} <= coalesce(%({name}_to)s, {day})"
        conditions.append(f"({condition}{extra.format(limit=f'%({name}_limit)s')})")
    return " OR ".join(conditions) or "false"


def baseline(as_of):
    rulebook = rulebook_in_force(as_of)
    criteria = {c.code: c for c in rulebook.criteria.all()}
    supervision = criteria["art22-3"]
    rules = list(rulebook.record_rules.all())
    params = {
        "as_of": as_of,
        "start": as_of - relativedelta(months=supervision.window_months),
        "last_year": as_of.year - 1,
        "fine": supervision.fine_threshold,
        "fine_broker": supervision.fine_threshold_broker,
        "ratio": supervision.ratio_per_thousand,
        "ratio_broker": supervision.ratio_per_thousand_broker,
        "solid_waste": criteria["serious-2"].amount_threshold,
        "tax_cutoff": as_of - relativedelta(months=criteria["art22-4"].overdue_months),
        "fine_cutoff": as_of - relativedelta(months=criteria["art22-5"].overdue_months),
        "fine_arrears": criteria["art22-5"].amount_threshold,
    }
    # Voluntary disclosures the rulebook leaves out, and the violations without subjective intent that
    # count for brokers only (all of them, or those in a dated rule's period).
    disclosures = [r for r in rules if r.kind == "voluntary_disclosure"]
    disclosed = _periods(disclosures, "disclosed_on", "disclosed", params, " AND amount <= {limit}")
    if supervision.count_unintentional_non_broker:
        unintentional = [r for r in rules if r.kind == "unintentional_non_broker"]
        periods = _periods(unintentional, "c.decided_on", "unintentional", params)
        excused = f"NOT c.is_intentional AND ({periods})"
    else:
        excused = "NOT c.is_intentional"
    with connection.cursor() as cursor:
        cursor.execute(BASELINE_SQL.format(disclosed=disclosed, excused=excused), params)
        return set(cursor.fetchall())


def run(context):
    as_of = timezone.localdate()
    found = set()
    find = evaluation.criterion_findings

    def recording(criterion, day, among=None, **options):
        findings = find(criterion, day, among, **options)
        found.update((finding.enterprise_id, criterion.code) for finding in findings.items)
        return findings

    baselines, jobs, reruns = [], [], []
    evaluation.criterion_findings = recording
    try:
        for _trial in range(TRIALS):
            with transaction.atomic():
                seconds, expected = timed(baseline, as_of)
                baselines.append(seconds)
                found.clear()
                jobs.append(timed(evaluation.evaluate_dishonest_criteria, as_of=as_of))
                found_first = set(found)
                reruns.append(timed(evaluation.evaluate_dishonest_criteria, as_of=as_of))
                transaction.set_rollback(True)
    finally:
        evaluation.criterion_findings = find
    seconds, counts = min(jobs, key=lambda run: run[0])
    again, rerun = min(reruns, key=lambda run: run[0])
    plain = min(baselines)
    matches = found_first == expected == found
    outcome = result(
        "dishonest evaluation (nightly job)",
        seconds,
        "s",
        baseline=plain,
        max_ratio=1.5,
        max_value=120,
        details={
            "pairs": len(expected),
            "matches_baseline": matches,
            "job": counts,
            "rerun_seconds": round(again, 3),
            "rerun": rerun,
            "runs": [round(run[0], 3) for run in jobs],
            "baseline_runs": [round(run, 3) for run in baselines],
        },
    )
    outcome.sound = matches
    return [outcome]
