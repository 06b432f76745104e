"""Two web hosts and a worker host that share nothing but PostgreSQL, Redis and the object store.

Each process runs in a working directory and a private media root of its own, as on separate
machines: an administrator uploads a register on web host A, the worker imports it, an export of the
enterprise list is written by the worker and downloaded from web host B. A file kept on one host's
disk, or opened by a local path, fails the test. All three reach PostgreSQL through PgBouncer in
transaction mode (PGBOUNCER_URL, started by .ci/run), as a deployment of several hosts does.
"""

import csv
import io
import os
import re
import subprocess
import sys

import pytest
import requests
from django.conf import settings

from background.models import Operation
from enterprises.models import Enterprise
from tests.conftest import REQUIRE_SERVICES, ROOT, Workers, database_url, free_port, wait_for
from tests.factories.enterprises import valid_uscc

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
ROWS = 12
PASSWORD = "two-hosts-pass-2026"


class WebHost:
    """gunicorn serving the project from a working directory of its own."""

    def __init__(self, name, tmp_path, environ):
        self.home = tmp_path / name
        (self.home / "private").mkdir(parents=True)
        self.url = f"http://127.0.0.1:{free_port()}"
        self.log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 - closed in stop()
        command = [sys.executable, "-m", "gunicorn", "credit_mgmt.wsgi:application", "--workers", "1"]
        command += ["--bind", self.url.removeprefix("http://")]
        env = {**environ, "PRIVATE_MEDIA_ROOT": str(self.home / "private")}
        self.process = subprocess.Popen(
            command, cwd=self.home, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        assert wait_for(self.answers), (tmp_path / f"{name}.log").read_text()[-3000:]

    def answers(self):
        try:
            return requests.get(f"{self.url}/healthz", timeout=10).status_code == 200
        except (requests.ConnectionError, requests.Timeout):
            return False

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def pooled_database_url():
    """The test database through PgBouncer, or None where no pooler runs (skipped locally)."""
    pooler = os.environ.get("PGBOUNCER_URL", "")
    if not pooler:
        if REQUIRE_SERVICES:
            pytest.fail("REQUIRE_SERVICES=1 but PGBOUNCER_URL (the connection pooler) is not set")
        return None
    return f"{pooler.rstrip('/')}/{database_url().rsplit('/', 1)[1]}"


@pytest.fixture
def hosts(tmp_path, administrator):
    if not settings.S3_BUCKET:
        pytest.skip("needs the object store (S3_BUCKET; .ci/run starts one)")
    pooled = pooled_database_url()
    if pooled is None:
        pytest.skip("needs PgBouncer (PGBOUNCER_URL; .ci/run starts one)")
    administrator.set_password(PASSWORD)
    administrator.save()
    worker_home = tmp_path / "worker"
    (worker_home / "private").mkdir(parents=True)
    workers = Workers(
        1,
        tmp_path,
        cwd=worker_home,
        PRIVATE_MEDIA_ROOT=str(worker_home / "private"),
        DATABASE_URL=pooled,
        DATABASE_POOLED="1",
    )
    environ = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": pooled,
        "DATABASE_POOLED": "1",
        "CELERY_QUEUE": workers.queue,
        "OFFICER_2FA_REQUIRED": "0",
        "EXPORT_BACKGROUND_ROWS": "1",
        "DEBUG": "0",
        "HTTPS": "0",
        "STATIC_MANIFEST": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    web = [WebHost(name, tmp_path, environ) for name in ("web-a", "web-b")]
    yield {"a": web[0], "b": web[1], "homes": [host.home for host in web] + [worker_home]}
    for host in web:
        host.stop()
    workers.stop()


def csrf_token(browser, url):
    page = browser.get(url, timeout=10)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]


def register_csv():
    lines = ["uscc,customs_code,name,customs_office"]
    lines += [f"{valid_uscc(8_100_000 + n)},HST{n:07d},两地共享公司{n},9700" for n in range(ROWS)]
    return ("\n".join(lines) + "\n").encode()


def finished(browser, host, operation_url):
    state = browser.get(f"{host.url}{operation_url}status/", timeout=10).json()
    return state["finished"]


def test_upload_on_one_web_host_import_on_the_worker_download_from_the_other(
    hosts, administrator, business_types
):
    a, b = hosts["a"], hosts["b"]
    browser = requests.Session()
    token = csrf_token(browser, f"{a.url}/accounts/login/")
    signed_in = browser.post(
        f"{a.url}/accounts/login/",
        data={"username": administrator.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        allow_redirects=False,
        timeout=10,
    )
    assert signed_in.status_code == 302, signed_in.text[:2000]

    token = csrf_token(browser, f"{a.url}/enterprises/import/")
    uploaded = browser.post(
        f"{a.url}/enterprises/import/",
        data={"kind": "register", "csrfmiddlewaretoken": token},
        files={"file": ("register.csv", register_csv(), "text/csv")},
        allow_redirects=False,
        timeout=30,
    )
    assert uploaded.status_code == 302, uploaded.text[:2000]
    imported = uploaded.headers["Location"]
    # Web host B follows the worker's import of the file web host A stored.
    assert wait_for(lambda: finished(browser, b, imported)), "the worker did not import within 60 s"
    assert Operation.objects.get(kind="import").status == Operation.Status.SUCCEEDED
    assert Enterprise.objects.filter(customs_code__startswith="HST").count() == ROWS

    queued = browser.get(f"{a.url}/enterprises/?q=两地共享&export=csv", allow_redirects=False, timeout=30)
    assert queued.status_code == 302, queued.text[:2000]
    exported = queued.headers["Location"]
    assert wait_for(lambda: finished(browser, a, exported)), "the worker did not export within 60 s"
    download = browser.get(f"{b.url}{exported}download/", timeout=30)
    assert download.status_code == 200
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    names = {cell for row in rows[1:] for cell in row if cell.startswith("两地共享")}
    assert names == {f"两地共享公司{n}" for n in range(ROWS)}

    # Nothing was kept on any host's disk: every file went through the object store.
    left = [path for home in hosts["homes"] for path in home.rglob("*") if path.is_file()]
    assert left == []
