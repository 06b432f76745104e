"""The test suite's settings: the project's own, run as in production (DEBUG off) over plain HTTP
with the source static files and a key of its own, so that plain `pytest` runs as `make test` does.
The environment still chooses the services (DATABASE_URL, REDIS_URL, S3_BUCKET): none set, the suite
runs on SQLite and local memory as a fresh machine has them."""

import os

for _name, _value in {
    "DEBUG": "0",
    "SECRET_KEY": "test-only-secret-key-not-for-production",
    "HTTPS": "0",
    "STATIC_MANIFEST": "0",
}.items():
    os.environ.setdefault(_name, _value)  # before the project's settings read them; workers inherit them

from credit_mgmt.settings import *  # noqa: E402, F403
