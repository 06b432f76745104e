"""Settings of the server that the HTTP benchmarks start: the production settings, plus a baseline.

Everything comes from `credit_mgmt.settings` (the same middleware, cache, database and security
settings as production); only these differ:
- ROOT_URLCONF adds one constant-JSON view (`benchmarks.urls`), the baseline measured in the same
  server;
- the public API rate limit is raised: every benchmark request comes from one loopback machine,
  whereas real verifications come from many (the rate limit still counts every request);
- the loopback address is a trusted proxy: the benchmark's load generator plays the TLS proxy,
  sending `X-Forwarded-Proto` and a client address in `X-Forwarded-For` as production's would;
- DEBUG is off. The benchmark starts the server with DEBUG=0 in its environment, so that the
  settings derived from it (HTTPS, renderers, static storage, allowed hosts) are production's too.
"""

from credit_mgmt.settings import *  # noqa: F403
from credit_mgmt.settings import REST_FRAMEWORK

ROOT_URLCONF = "benchmarks.urls"
TRUSTED_PROXIES = ["127.0.0.1", "::1"]
DEBUG = False
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        **REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
        "public": "1000000/hour",
    },
}
