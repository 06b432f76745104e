"""Fixtures for every role, and the rule that CI never skips a missing service."""

import datetime
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection
from django.utils import timezone, translation
from rest_framework.test import APIClient

from accounts.models import CustomsOffice, Role
from accounts.offices import load_office_rows, read_office_rows
from accounts.tokens import token_issue
from certification.models import StandardItem
from certification.reference import load_partners, load_standards
from rulebooks.models import BusinessType, Rulebook
from rulebooks.reference import load_business_types, load_rulebooks
from rulebooks.working_days import drop_cached_calendar, load_working_calendar
from tests.factories.accounts import UserFactory
from tests.factories.enterprises import (
    CoordinatorAssignmentFactory,
    EnterpriseFactory,
    EnterpriseMembershipFactory,
)

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
ROOT = Path(__file__).resolve().parents[1]


def pytest_sessionstart(session):
    """With REQUIRE_SERVICES=1 a missing PostgreSQL or Redis fails the run, never skips."""
    if not REQUIRE_SERVICES:
        return
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.exit("REQUIRE_SERVICES=1 but DATABASE_URL is not a PostgreSQL URL", returncode=3)
    if not settings.REDIS_URL:
        pytest.exit("REQUIRE_SERVICES=1 but REDIS_URL is not set", returncode=3)
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.exit(f"REQUIRE_SERVICES=1 but Redis does not answer: {error}", returncode=3)
    if not settings.S3_BUCKET:
        pytest.exit("REQUIRE_SERVICES=1 but S3_BUCKET (the object store) is not set", returncode=3)
    ensure_bucket()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Behind PgBouncer (DATABASE_POOLED=1) the pooler keeps idle server sessions on the test database
    after the run has closed its own; they are ended before the database is dropped."""
    yield
    if not settings.DATABASES["default"].get("DISABLE_SERVER_SIDE_CURSORS"):
        return
    test_database = connection.settings_dict["NAME"]
    connection.close()
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [test_database]
        )


def pytest_collection_modifyitems(config, items):
    """Through a transaction pooler a test's statements may each run on another server session: the
    tests that watch one session (`direct_database`) run in a pass on PostgreSQL itself (.ci/run)."""
    if not settings.DATABASES["default"].get("DISABLE_SERVER_SIDE_CURSORS"):
        return
    direct = [item for item in items if item.get_closest_marker("direct_database")]
    if direct:
        config.hook.pytest_deselected(items=direct)
        items[:] = [item for item in items if not item.get_closest_marker("direct_database")]


def ensure_bucket():
    """The object store's bucket, made if missing (an operator makes it once in production)."""
    from django.core.files.storage import default_storage

    bucket = default_storage.bucket
    try:
        bucket.meta.client.head_bucket(Bucket=bucket.name)
    except bucket.meta.client.exceptions.ClientError:
        bucket.create()


def require_redis():
    """Skip locally without Redis; under REQUIRE_SERVICES the session start already failed."""
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (CI sets it)")


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Run tasks in-process unless the test drives a real worker (marker `worker`)."""
    from credit_mgmt.celery import app

    if request.node.get_closest_marker("worker"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _password_alone_signs_in(request, settings):
    """Officers sign in with their password alone, except in tests marked `two_factor`.

    The run has DEBUG off, so the second step would be required as in production; tests that are not
    about it sign officers in (sign-in form or `force_login`) as the demo does.
    """
    if not request.node.get_closest_marker("two_factor"):
        settings.OFFICER_2FA_REQUIRED = False


@pytest.fixture
def today():
    """The date in the site's time zone (Asia/Shanghai) when the test runs.

    Never a module-level `TODAY = timezone.localdate()`: that is fixed while pytest collects, and a run
    that crosses midnight in China (16:00 UTC) compares it with the next day's date
    (tests/operations/test_clock_at_import.py keeps it so). Tests about particular dates freeze the
    clock with time_machine instead.
    """
    return timezone.localdate()


@pytest.fixture
def now():
    """The moment the test runs (aware, UTC), for the same reason as `today`."""
    return timezone.now()


@pytest.fixture
def offices(db):
    """The shipped office tree, by code, and the rulebooks (transactional tests empty the tables)."""
    load_office_rows(CustomsOffice, read_office_rows())
    if not Rulebook.objects.exists():
        load_rulebooks(django_apps.get_model)
    load_working_calendar(django_apps.get_model)
    return {office.code: office for office in CustomsOffice.objects.all()}


@pytest.fixture
def working_calendar(db):
    """The shipped working-day calendar (transactional tests empty its table too)."""
    load_working_calendar(django_apps.get_model)


@pytest.fixture(autouse=True)
def _fresh_working_calendar():
    """Each test reads the working-day calendar afresh: a copy cached by an earlier test (this
    process's or Redis's) may hold days that test's rolled-back transaction entered."""
    drop_cached_calendar()


@pytest.fixture
def business_types(db):
    load_business_types(BusinessType)
    return {bt.code: bt for bt in BusinessType.objects.all()}


@pytest.fixture
def catalogue(offices, business_types):
    """The shipped certification standards and partners (transactional tests empty the tables)."""
    if not StandardItem.objects.exists():
        load_standards(django_apps.get_model)
        load_partners(django_apps.get_model)


@pytest.fixture
def second_officer(offices):
    """An officer of Xihai Customs, below Xining: may serve on Xining's certification teams."""
    return UserFactory(username="officer_xh", role=Role.OFFICER, office=offices["9703"])


@pytest.fixture
def administrator(offices):
    return UserFactory(username="admin_t", role=Role.ADMINISTRATOR, office=offices["0000"])


@pytest.fixture
def officer(offices):
    """Officer of Xining Customs (sees Xining and Xihai)."""
    return UserFactory(
        username="officer_xn", role=Role.OFFICER, office=offices["9700"], certification_qualified=True
    )


@pytest.fixture
def officer_sh(offices):
    """Officer of Shanghai Customs, another directly-under customs."""
    return UserFactory(username="officer_sh_t", role=Role.OFFICER, office=offices["2200"])


@pytest.fixture
def gac_officer(offices):
    return UserFactory(username="officer_gac", role=Role.OFFICER, office=offices["0000"])


@pytest.fixture
def enterprise_a(offices, business_types):
    """An AEO enterprise under Xihai Customs (below Xining)."""
    return EnterpriseFactory(
        name="青海甲公司",
        name_en="Qinghai A Co., Ltd.",
        customs_office=offices["9703"],
        credit_grade="advanced_certified",
        business_types=[business_types["consignee_consignor"]],
    )


@pytest.fixture
def enterprise_b(offices, business_types):
    """A regular enterprise supervised by Xining Customs itself: a customs broker that also handles
    goods under entry-exit health quarantine."""
    return EnterpriseFactory(
        name="青海乙公司",
        name_en="Qinghai B Co., Ltd.",
        customs_office=offices["9700"],
        business_types=[business_types["customs_broker"], business_types["health_quarantine"]],
    )


@pytest.fixture
def enterprise_sh(offices):
    """An enterprise of Shanghai (Pudong Customs)."""
    return EnterpriseFactory(
        name="上海丙公司", name_en="Shanghai C Co., Ltd.", customs_office=offices["2210"]
    )


@pytest.fixture
def enterprise_user(enterprise_a):
    return EnterpriseMembershipFactory(enterprise=enterprise_a, user__username="ent_a").user


@pytest.fixture
def enterprise_user_b(enterprise_b):
    return EnterpriseMembershipFactory(enterprise=enterprise_b, user__username="ent_b").user


@pytest.fixture
def coordinator(enterprise_a, offices):
    """Coordinator of Xining Customs assigned to enterprise A only."""
    return CoordinatorAssignmentFactory(
        enterprise=enterprise_a, coordinator__username="coord_xn", coordinator__office=offices["9700"]
    ).coordinator


@pytest.fixture
def english():
    """Messages matched in English: commands and services speak the site's language, Chinese by default."""
    with translation.override("en"):
        yield


@pytest.fixture
def quick_passwords(settings):
    """For tests that create dozens of users: hashing each password a million times is not under test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_world(
    quick_passwords,
    settings,
    tmp_path,
    catalogue,
    offices,
    business_types,
    officer,
    second_officer,
    administrator,
    coordinator,
    enterprise_a,
    enterprise_user,
    enterprise_b,
    enterprise_user_b,
):
    """Build `tests.operations.query_budget.CreditWorld` (or a subclass): one of everything a page
    or endpoint shows, its files in a temporary media root."""
    from tests.world import CreditWorld

    settings.MEDIA_ROOT = tmp_path

    def make(world_class=CreditWorld):
        return world_class(
            offices=offices,
            business_types=business_types,
            officer=officer,
            second_officer=second_officer,
            administrator=administrator,
            coordinator=coordinator,
            enterprise_a=enterprise_a,
            enterprise_user=enterprise_user,
            enterprise_b=enterprise_b,
            applicant=enterprise_user_b,
        )

    return make


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def api_client_for():
    """An API client authenticated with the user's token, as an integrator would be."""

    def make(user):
        client = APIClient()
        key = token_issue(user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make


def database_url():
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Workers:
    """Celery worker processes on one queue of their own; their log is readable while they run."""

    def __init__(self, count, tmp_path, cwd=ROOT, **environ):
        require_redis()
        self.cwd = cwd
        self.queue = f"test-{uuid.uuid4().hex[:12]}"
        self.log = tmp_path / f"{self.queue}.log"
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": database_url(),
            "CELERY_QUEUE": self.queue,
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            **environ,
        }
        self.output = open(self.log, "w")  # noqa: SIM115 - closed in stop()
        self.processes = []
        for _ in range(count):
            self.start()

    def start(self):
        """One more worker process, as another host would join."""
        command = [sys.executable, "-m", "celery", "-A", "credit_mgmt", "worker", "--pool=solo"]
        command += ["--without-gossip", "--without-mingle", "--loglevel=INFO", "-Q", self.queue]
        command += ["-n", f"worker{len(self.processes)}@%h"]
        process = subprocess.Popen(
            command, cwd=self.cwd, env=self.env, stdout=self.output, stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        return process

    def succeeded(self, task_name):
        """How many runs of `task_name` the workers have finished, from their log."""
        lines = self.log.read_text().splitlines()
        return sum(1 for line in lines if f"Task {task_name}[" in line and " succeeded in " in line)

    def stop(self):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=30)
        self.output.close()
        print(self.log.read_text()[-4000:])


@pytest.fixture
def worker_queue(tmp_path):
    """Start a worker on a queue of its own; stop it after the test."""
    workers = Workers(1, tmp_path)
    yield workers.queue
    workers.stop()


@pytest.fixture
def two_workers(tmp_path):
    """Two worker processes sharing one queue, as two hosts would."""
    workers = Workers(2, tmp_path)
    yield workers
    workers.stop()


@pytest.fixture
def request_worker(tmp_path, settings):
    """A worker taking the tasks requests queue (their default queue is pointed at its own) and
    sharing the test's private media, where uploads and result files live."""
    from credit_mgmt.celery import app

    settings.MEDIA_ROOT = tmp_path / "private"
    workers = Workers(1, tmp_path, PRIVATE_MEDIA_ROOT=str(settings.MEDIA_ROOT))
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = workers.queue
    yield workers
    app.conf.task_default_queue = previous
    workers.stop()


def free_port():
    """A port nothing listens on now, for a server a test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


@pytest.fixture
def travel(time_machine):
    """Move the clock to 10:00 China time on a day (deadline tests walk the calendar with it)."""

    def move(day):
        china = datetime.timezone(datetime.timedelta(hours=8))
        time_machine.move_to(datetime.datetime.combine(day, datetime.time(10), tzinfo=china))

    return move
