"""Scale data of coordination: one coordinator per thousand enterprises, assignments, open cases.

Coordinators are spread over the directly-under customs in proportion to the enterprises of their
jurisdiction that the rulebook in force gives a coordinator (advanced certified); each of those is
assigned one of its own customs, and about one in ten has a case open (some past their service
deadline).
"""

import math

from django.db import connection

from accounts.models import CustomsOffice, Role, User
from coordination.models import Case, CoordinatorProfile
from rulebooks.models import COORDINATOR_MEASURE, BusinessType
from rulebooks.selectors import grades_with_measure

ENTERPRISES_PER_COORDINATOR = 1000


def generate(plan):
    aeo = (
        ", ".join(f"'{grade}'" for grade in sorted(grades_with_measure(COORDINATOR_MEASURE, plan.as_of)))
        or "NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT split_part(o.path, '/', 3), count(*) FROM enterprises_enterprise e
            JOIN accounts_customsoffice o ON o.id = e.customs_office_id
            WHERE e.credit_grade IN ({aeo}) GROUP BY 1
            """
        )
        aeo_by_office = dict(cursor.fetchall())
    total = sum(aeo_by_office.values()) or 1
    wanted = max(1, plan.enterprises // ENTERPRISES_PER_COORDINATOR)
    offices = CustomsOffice.objects.filter(code__in=aeo_by_office).order_by("code")
    users = []
    for office in offices:
        for n in range(max(1, math.ceil(wanted * aeo_by_office[office.code] / total))):
            user = User(
                username=f"scale-coordinator-{office.code}-{n:03d}",
                role=Role.COORDINATOR,
                office=office,
                full_name=f"{office.name}协调员{n + 1}",
            )
            user.set_unusable_password()
            users.append(user)
    User.objects.bulk_create(users, batch_size=1000)
    profiles = CoordinatorProfile.objects.bulk_create(
        [CoordinatorProfile(user=user, office_id=user.office_id) for user in users], batch_size=1000
    )
    types = list(BusinessType.objects.order_by("pk"))
    CoordinatorProfile.expertise.through.objects.bulk_create(
        [
            CoordinatorProfile.expertise.through(
                coordinatorprofile_id=profile.pk, businesstype=types[n % len(types)]
            )
            for n, profile in enumerate(profiles)
        ],
        batch_size=1000,
    )
    plan.counts["coordinators"] = len(users)
    _assignments(plan, aeo)
    _cases(plan)


def _assignments(plan, aeo):
    """Round-robin within each directly-under customs, in enterprise order."""
    plan.execute(
        f"""
        WITH enterprise AS (
            SELECT e.id, split_part(o.path, '/', 3) AS office,
                row_number() OVER (PARTITION BY split_part(o.path, '/', 3) ORDER BY e.id) - 1 AS n
            FROM enterprises_enterprise e JOIN accounts_customsoffice o ON o.id = e.customs_office_id
            WHERE e.credit_grade IN ({aeo})
        ), coordinator AS (
            SELECT p.user_id, o.code AS office,
                row_number() OVER (PARTITION BY o.code ORDER BY p.user_id) - 1 AS n,
                count(*) OVER (PARTITION BY o.code) AS size
            FROM coordination_coordinatorprofile p JOIN accounts_customsoffice o ON o.id = p.office_id
        )
        INSERT INTO enterprises_coordinatorassignment (enterprise_id, coordinator_id, is_active, assigned_at)
        SELECT e.id, c.user_id, true, now() FROM enterprise e
        JOIN coordinator c ON c.office = e.office AND c.n = mod(e.n, c.size)
        """,
        counted="coordinator assignments",
    )


def _cases(plan):
    categories = list(Case.SERVICE_DAYS)
    chosen = plan.chance("a.enterprise_id", "case")
    names = ", ".join(f"'{category}'" for category in categories)
    category = f"(ARRAY[{names}])[1 + mod(floor({chosen} * 100)::int, {len(categories)})]"
    plan.execute(
        f"""
        INSERT INTO coordination_case (enterprise_id, category, subject, description, status, coordinator_id,
            opened_by_id, opened_at, due_on, outcome, rating_comment)
        SELECT a.enterprise_id, {category}, '企业咨询事项', '',
            CASE WHEN {chosen} < 0.05 THEN 'open' ELSE 'in_progress' END,
            a.coordinator_id, a.coordinator_id, %(as_of)s - floor(20 * {chosen} * 10)::int,
            %(as_of)s - floor(20 * {chosen} * 10)::int + 10, '', ''
        FROM enterprises_coordinatorassignment a WHERE a.is_active AND {chosen} < 0.1
        """,
        {"as_of": plan.as_of},
        counted="open cases",
    )
