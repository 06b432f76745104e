"""Settings of the server that the HTTP benchmarks start: the production settings, plus a baseline.

Everything comes from `credit_mgmt.settings` (the same middleware, cache, database and security
settings as production); only these differ:
- ROOT_URLCONF adds one constant-JSON view (`benchmarks.urls`), the baseline measured in the same
  server;
- the public API rate limit is raised: every benchmark request comes from one loopback machine,
  whereas real verifications come from many (the rate limit still counts every request);
- DEBUG is off. The benchmark starts the server with DEBUG=0 in its environment, so that the
  settings derived from it (HTTPS, renderers, static storage, allowed hosts) are production's too.
"""

from credit_mgmt.settings import *  # noqa: F403
from credit_mgmt.settings import REST_FRAMEWORK

ROOT_URLCONF = "benchmarks.urls"
DEBUG = False
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        **REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
        "public": "1000000/hour",
    },
}
