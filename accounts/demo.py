"""Demo customs staff. Each app that has demo data has a `demo.seed()`."""

from django.conf import settings

from accounts.models import CustomsOffice, Role, User
from accounts.offices import load_office_rows, read_office_rows
from accounts.services import user_create

# The officers of the directly-under customs decide certifications (certification_qualified).
QUALIFIED = {"officer", "officer_sh"}

STAFF = [
    # username, role, office code, full name, e-mail, language
    ("admin", Role.ADMINISTRATOR, "0000", "赵立 (Zhao Li)", "admin@customs.example.cn", "zh-hans"),
    ("officer", Role.OFFICER, "9700", "王明 (Wang Ming)", "officer@xining.customs.example.cn", "zh-hans"),
    ("officer_sh", Role.OFFICER, "2200", "陈静 (Chen Jing)", "officer@shanghai.customs.example.cn", "en"),
    ("officer_xh", Role.OFFICER, "9703", "刘洋 (Liu Yang)", "officer@xihai.customs.example.cn", "zh-hans"),
    (
        "coordinator",
        Role.COORDINATOR,
        "9700",
        "李华 (Li Hua)",
        "coordinator@xining.customs.example.cn",
        "zh-hans",
    ),
]


def ensure_user(*, username, role, office=None, full_name, email, language):
    """Create a demo user with the documented password unless it exists already."""
    existing = User.objects.filter(username=username).first()
    if existing:
        return existing, False
    user = user_create(
        actor=None,
        username=username,
        password=settings.DEMO_PASSWORD,
        role=role,
        office=office,
        full_name=full_name,
        email=email,
        preferred_language=language,
        certification_qualified=username in QUALIFIED,
    )
    return user, True


def seed(*, stdout):
    load_office_rows(CustomsOffice, read_office_rows())
    offices = {office.code: office for office in CustomsOffice.objects.all()}
    created = 0
    for username, role, office_code, full_name, email, language in STAFF:
        _user, new = ensure_user(
            username=username,
            role=role,
            office=offices[office_code],
            full_name=full_name,
            email=email,
            language=language,
        )
        created += new
    stdout.write(f"accounts: {len(offices)} offices, {created} staff users created")
