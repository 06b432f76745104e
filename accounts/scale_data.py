"""Scale data of the accounts layer: a full tree of subordinate customs and the officers' accounts.

The reference tree holds the 42 directly-under customs and a few subordinate ones; the national
network has about 700 subordinate customs, so each directly-under customs gets its share of
subordinate offices (codes of its own two-digit prefix not taken yet).
"""

from accounts.models import CustomsOffice, Role, User

SUBORDINATES_PER_OFFICE = 16


def generate(plan):
    directly_under = list(CustomsOffice.objects.filter(level=CustomsOffice.Level.DIRECTLY_UNDER))
    taken = set(CustomsOffice.objects.values_list("code", flat=True))
    offices = []
    for office in directly_under:
        prefix = office.code[:2]
        free = [f"{prefix}{n:02d}" for n in range(1, 100) if f"{prefix}{n:02d}" not in taken]
        taken.update(free[:SUBORDINATES_PER_OFFICE])
        for n, code in enumerate(free[:SUBORDINATES_PER_OFFICE], start=1):
            offices.append(
                CustomsOffice(
                    code=code,
                    name=f"{office.name}第{n}隶属海关",
                    name_en=f"{office.name_en} subordinate office {n}",
                    level=CustomsOffice.Level.SUBORDINATE,
                    parent=office,
                    path=f"{office.path}{code}/",
                )
            )
    CustomsOffice.objects.bulk_create(offices)
    plan.counts["offices"] = len(offices)
    staff = [
        User(username=f"scale-officer-{office.code}", role=Role.OFFICER, office=office, full_name=office.name)
        for office in [*directly_under, CustomsOffice.objects.get(level=CustomsOffice.Level.GAC)]
    ]
    staff.append(
        User(
            username="scale-admin", role=Role.ADMINISTRATOR, office=directly_under[0], full_name="Scale admin"
        )
    )
    for user in staff:
        user.set_unusable_password()
    User.objects.bulk_create(staff)
    plan.counts["officers"] = len(staff)
