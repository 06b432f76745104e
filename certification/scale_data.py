"""Scale data of certification: the certificate of every AEO enterprise and the certificates of the past.

About 1 % of the register holds a certificate in force; about 4 % more held one that was revoked or
surrendered, so the certificate table nears 100,000 rows at national scale. Every certificate has
the ledger entries of its grade changes, so grades and ledger agree.
"""

from rulebooks.models import AEO_GRADES


def generate(plan):
    aeo = ", ".join(f"'{grade}'" for grade in AEO_GRADES)
    registered = "(SELECT min(effective_from) FROM enterprises_ledgerentry r WHERE r.enterprise_id = e.id)"
    held = plan.chance("e.id", "certificate")
    plan.execute(
        f"""
        CREATE TEMPORARY TABLE scale_certificate ON COMMIT DROP AS
        SELECT e.id AS enterprise_id, e.credit_grade AS grade,
            least(%(as_of)s - 1, greatest({registered} + 30,
                  %(as_of)s - (10 + floor(1800 * {plan.chance("e.id", "issued")}))::int)) AS issued_on,
            NULL::date AS ended_on,
            CASE WHEN {plan.chance("e.id", "suspended")} < 0.02 THEN 'suspended' ELSE 'active' END AS status
        FROM enterprises_enterprise e WHERE e.credit_grade IN ({aeo})
        UNION ALL
        SELECT e.id, 'certified', {registered} + 30 + floor(300 * {held} / 0.04)::int,
            {registered} + 230 + floor(300 * {held} / 0.04)::int,
            CASE WHEN {held} < 0.01 THEN 'revoked' ELSE 'surrendered' END
        FROM enterprises_enterprise e
        WHERE e.credit_grade = 'regular' AND {held} < 0.04 AND e.created_at::date < %(as_of)s - 700
        """,
        {"as_of": plan.as_of},
    )
    rulebook, _ = plan.rulebook_case("c.issued_on")
    plan.execute(
        f"""
        INSERT INTO enterprises_ledgerentry (enterprise_id, previous_grade, grade, effective_from, cause,
            reason, decision_number, created_at, rulebook_id)
        SELECT c.enterprise_id, 'regular', c.grade, c.issued_on, 'certification', '经认证为高级认证企业',
            'RZ-' || c.enterprise_id, c.issued_on::timestamptz, {rulebook}
        FROM scale_certificate c
        UNION ALL
        SELECT c.enterprise_id, c.grade, 'regular', c.ended_on, 'certificate_change',
            CASE c.status WHEN 'revoked' THEN '撤销认证' ELSE '企业主动放弃认证' END,
            'CX-' || c.enterprise_id, c.ended_on::timestamptz, {rulebook.replace("c.issued_on", "c.ended_on")}
        FROM scale_certificate c WHERE c.ended_on IS NOT NULL
        """,
        counted="ledger entries",
    )
    plan.execute(
        """
        INSERT INTO certification_certificate (number, enterprise_id, grade, rulebook_id, issued_on,
            re_review_due, status, status_reason, status_changed_at, ledger_entry_id)
        SELECT 'CN-AEO-' || extract(year FROM c.issued_on) || '-' || lpad((row_number() OVER (
                PARTITION BY extract(year FROM c.issued_on) ORDER BY c.issued_on, c.enterprise_id))::text,
                6, '0'),
            c.enterprise_id, c.grade, l.rulebook_id, c.issued_on,
            (c.issued_on + make_interval(years => r.re_review_years))::date, c.status,
            CASE WHEN c.status = 'active' THEN '' ELSE '海关决定' END,
            CASE WHEN c.status <> 'active' THEN coalesce(c.ended_on, %(as_of)s - 5)::timestamptz END, l.id
        FROM scale_certificate c
        JOIN enterprises_ledgerentry l ON l.enterprise_id = c.enterprise_id AND l.cause = 'certification'
        JOIN rulebooks_rulebook r ON r.id = l.rulebook_id
        """,
        {"as_of": plan.as_of},
        counted="certificates",
    )
    plan.execute(
        """
        INSERT INTO certification_certificatenumbercounter (year, last)
        SELECT extract(year FROM issued_on), count(*) FROM certification_certificate GROUP BY 1
        ON CONFLICT (year) DO UPDATE SET last = greatest(certification_certificatenumbercounter.last,
            excluded.last)
        """
    )
