"""The public verification of a certificate by its number or AEO code: answers kept in Redis, one round
trip each.

Partner customs and traders verify certificates far more often than certificates change, so the
published answer is kept in Redis under the reference asked for (the certificate's number or its
holder's AEO code), as the bytes of the response body.
A verification makes one Redis call, a script that counts the client's request for the rate limit
and reads the cached answer; only a miss queries the database (and stores the answer).
benchmarks/README.md, "verification.py", has the figures.

Redis is used through one client per process, not through Django's cache API:
Django's Redis backend builds a new redis-py client for every call, and building one costs about as
much as the round trip itself (redis-py rebuilds its table of ~170 response callbacks each time,
redis/redis-py#3624); DRF's throttle makes two such calls per request.
Without REDIS_URL (the SQLite demo) nothing is cached: a process-local cache could not be told
that another process changed a certificate.

Freshness:
- Every change of status goes through `certificates._set_status`, and every new certificate through
  `certificate_issue` / `certificate_take_over`; they call `forget_verification` with the number
  and the AEO code (a new certificate changes what the code answers), which deletes the entries at
  once and again after the transaction commits. The second delete covers a verification that read
  the row before the commit; only one that read it before the commit and wrote Redis
  after the second delete (microseconds apart) could leave the old answer behind, and CACHE_SECONDS
  bounds that too.
- The other fields of the answer, the enterprise's name, USCC and customs code, change outside this
  app (register imports, the admin) without notice: they are at most CACHE_SECONDS old.
- Unknown numbers and codes (404) are never cached.
- When Redis fails, the answer comes from the database and the failure is logged: a public
  verification never fails because of the cache.
"""

import functools
import logging
import re

import redis
from django.conf import settings
from django.db import transaction

from certification.aeo_codes import normalised

logger = logging.getLogger(__name__)

CACHE_SECONDS = 300
# Certificate numbers are `CN-AEO-<year>-<serial>` (30 characters at most); anything else is looked
# up in the database without touching Redis, so a request cannot make odd keys.
_CACHEABLE = re.compile(r"[A-Za-z0-9-]{1,30}")

# KEYS: the client's counter for the current window, then (if the number can be cached) the answer.
_COUNT_AND_READ = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local answer = false
if #KEYS > 1 then answer = redis.call('GET', KEYS[2]) end
return {count, answer}
"""


@functools.cache
def _client(url):
    """This process's client of `url` and the script; redis-py reconnects after a fork."""
    client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
    return client, client.register_script(_COUNT_AND_READ)


def _key(reference):
    """The cache key of a certificate number, or of an AEO code however it was typed."""
    reference = normalised(reference)
    return f"certificate-verification:{reference}" if _CACHEABLE.fullmatch(reference) else None


def count_and_read(counter_key, window_seconds, number):
    """(requests counted under `counter_key`, cached answer bytes for `number` or None), in one round trip.

    The counter expires `window_seconds` after its first request. Needs REDIS_URL; raises RedisError.
    """
    client, script = _client(settings.CACHE_REDIS_URL)
    key = _key(number)
    count, cached = script(
        keys=[counter_key] if key is None else [counter_key, key], args=[window_seconds], client=client
    )
    return count, cached


def remember_verification(number, answer):
    """Keep `answer` (the response body, JSON bytes) for `number` for CACHE_SECONDS (nothing without
    Redis)."""
    key = _key(number)
    if not settings.REDIS_URL or key is None:
        return
    try:
        _client(settings.CACHE_REDIS_URL)[0].set(key, answer, ex=CACHE_SECONDS)
    except redis.RedisError:
        logger.warning("certificate verification not cached: Redis unavailable")


def forget_verification(*references):
    """Drop the cached answers for `references` (a certificate's number and its holder's AEO code) now
    and again after the current transaction commits."""
    keys = [key for key in map(_key, references) if key is not None]
    if not settings.REDIS_URL or not keys:
        return
    _delete(*keys)
    transaction.on_commit(lambda: _delete(*keys), robust=True)


def _delete(*keys):
    try:
        _client(settings.CACHE_REDIS_URL)[0].delete(*keys)
    except redis.RedisError:
        # The change itself is committed or about to be; a Redis outage must not fail it. The
        # entry, if Redis kept it, expires after CACHE_SECONDS.
        logger.exception("could not drop the cached verifications %s", keys)
