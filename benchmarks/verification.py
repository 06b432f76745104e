"""Public certificate verification over HTTP: requests/s against a constant-JSON view in the same server.

Measured: `GET /api/v1/public/certificates/{number}/` served by gunicorn, driven by `wrk` on the
loopback interface, with the certificate number changing from request to request (2,000 real numbers
of the database, in every status, round robin from a different offset in each wrk thread).
Baseline: a view of `benchmarks.urls` that returns constant JSON of the same shape through the same
middleware, in the same server, in the same run. The target is on their ratio (>= 0.7): what the
verification itself (URL routing, DRF, the rate limit, the lookup, rendering) costs on top of what
any request costs. wrk, gunicorn and Redis share the machine's cores in both runs alike.

How it runs:
- gunicorn with 2 sync workers (`benchmarks.settings`: production settings, DEBUG off, the public
  rate limit raised), the deployment of the Dockerfile: one worker per core. The cached path is
  CPU-bound (one Redis call of tens of microseconds on an idle loopback), so threads would only
  add switching under the GIL, and more processes than cores compete with wrk for the same two
  cores; trials with 3 to 6 workers showed no steady gain. Sync workers do not keep connections
  alive, so every request, the baseline's too, opens a TCP connection.
- Each request carries `X-Forwarded-Proto: https` and an `X-Forwarded-For` address taken from a
  pool of 2,000 clients, as the TLS proxy in front of production would send them: the HTTPS
  redirect stays on, and the rate limit counts per client as it would for many real clients.
- Before the load, every chosen answer is dropped from the cache and every number fetched once,
  one request at a time, comparing its status with the database (the uncached path, timed), then
  200 again (cached, timed). The queries of one verification, uncached and cached, are counted in
  this process with the test client. During the load a Lua `response()` hook counts every answer
  that is not 200 (wrk alone counts only statuses >= 400, not a 301 to HTTPS); any is a failure.
- After a warm-up of both paths, wrk runs baseline, verification, three times in turn. The best
  run of each is reported: on a shared machine, noise (other processes, CPU frequency) only ever
  slows a run down, so the best run is the closest estimate of what the server can do, and the
  alternation gives both paths the same chance of a quiet window. Every run is in `details`, with
  the CPU time gunicorn spent per request, which other processes of the machine do not inflate as
  much as they do requests/s.
"""

import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

from benchmarks.core import result
from certification.public_verification import forget_verification

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
WRK = "wrk"  # benchmarks/run.py makes sure it is installed
BASELINE_PATH = "/benchmark/constant/"
VERIFICATION_PATH = "/api/v1/public/certificates/{}/"
NAME = "public certificate verification"
NUMBERS = 2000
WARM_CHECKS = 200
CLIENTS = 2000
WORKERS = 2
THREADS = 2
CONNECTIONS = 16
ROUNDS = 3

LUA = r"""
-- Written by benchmarks/verification.py. Arguments: "baseline" or "verification".
local numbers = { %(numbers)s }
local clients = %(clients)d
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  mode = args[1]
  index = (id * 7919) %% #numbers
  client = (id * 104729) %% clients
  other = 0
end

function request()
  index = index %% #numbers + 1
  client = client %% clients + 1
  local path
  if mode == "baseline" then
    path = "%(baseline)s"
  else
    path = "/api/v1/public/certificates/" .. numbers[index] .. "/"
  end
  local address = "10." .. math.floor(client / 65536) .. "." .. math.floor(client / 256) %% 256
  return wrk.format("GET", path, {
    ["X-Forwarded-Proto"] = "https",
    ["X-Forwarded-For"] = address .. "." .. client %% 256,
  })
end

function response(status, headers, body)
  if status ~= 200 then
    other = other + 1
  end
end

function done(summary, latency, requests)
  local non200 = 0
  for _, thread in ipairs(threads) do
    non200 = non200 + thread:get("other")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests": %%d, "duration_us": %%d, "bytes": %%d, "non_200": %%d, ' ..
    '"errors": {"connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d}, ' ..
    '"latency_us": {"p50": %%d, "p90": %%d, "p99": %%d, "max": %%d, "mean": %%.1f}}\n',
    summary.requests, summary.duration, summary.bytes, non200,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
"""


def run(context):
    workdir = Path(context.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    numbers = _sample_numbers(context.seed)
    if not numbers:
        details = {"error": "no certificate in the database"}
        return [result(NAME, 0.0, "requests/s", min_ratio=0.7, details=details)]
    script = workdir / "verification.lua"
    script.write_text(_lua(numbers))
    duration = 10 if context.enterprises >= 100_000 else 5
    queries = _queries_per_request(numbers[0][0])
    log = workdir / "verification-gunicorn.log"
    port = _free_port()
    server = _start_gunicorn(port, log)
    try:
        _wait_until_up(server, port, log)
        for number, _ in numbers:
            forget_verification(number)  # the first pass below is then the uncached path
        cold_ms, wrong = _check_answers(port, numbers)
        warm_ms, wrong_again = _check_answers(port, numbers[:WARM_CHECKS])
        runs = {"baseline": [], "verification": []}
        for mode in runs:
            _wrk(port, script, mode, 2, server)
        for _ in range(ROUNDS):
            for mode in runs:
                runs[mode].append(_wrk(port, script, mode, duration, server))
    finally:
        _stop(server)
    best = {mode: max(measured, key=lambda run: run["rps"]) for mode, measured in runs.items()}
    failures = {mode: sum(_failed(run) for run in measured) for mode, measured in runs.items()}
    cpu = {mode: min(run["server_cpu_us"] for run in measured) for mode, measured in runs.items()}
    outcome = result(
        NAME,
        best["verification"]["rps"],
        "requests/s",
        baseline=best["baseline"]["rps"],
        min_ratio=0.7,
        details={
            "verification_p50_ms": best["verification"]["p50_ms"],
            "verification_p99_ms": best["verification"]["p99_ms"],
            "baseline_p50_ms": best["baseline"]["p50_ms"],
            "baseline_p99_ms": best["baseline"]["p99_ms"],
            "server_cpu_us_per_request": cpu,
            "non_200_or_failed": failures,
            "wrong_answers": (wrong + wrong_again)[:5],
            "queries_per_request": queries,
            "one_by_one_ms": {"uncached": cold_ms, "cached": warm_ms},
            "certificate_numbers": len(numbers),
            "statuses": dict(Counter(status for _, status in numbers)),
            "clients": CLIENTS,
            "server": f"gunicorn, {WORKERS} sync workers",
            "answers_cached_in": "Redis" if os.environ.get("REDIS_URL") else "nothing (no REDIS_URL)",
            "wrk": f"-t{THREADS} -c{CONNECTIONS} -d{duration}s, {ROUNDS} rounds",
            "figure": "best run of each, runs alternating",
            "runs": runs,
        },
    )
    outcome.sound = not (wrong or wrong_again or any(failures.values()))
    return [outcome]


def _queries_per_request(number):
    """Queries of one verification in this process: uncached (the answer dropped first), then cached."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client(HTTP_X_FORWARDED_FOR="10.255.0.2")
    forget_verification(number)
    counts = {}
    for label in ("uncached", "cached"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(VERIFICATION_PATH.format(number), secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"verification of {number} answered {response.status_code} in process")
        counts[label] = len(captured.captured_queries)
    return counts


def _sample_numbers(seed):
    """(number, status) of up to NUMBERS certificates, a reproducible random sample of all of them."""
    from certification.models import Certificate

    ids = list(Certificate.objects.order_by("id").values_list("id", flat=True))
    chosen = random.Random(seed).sample(ids, min(NUMBERS, len(ids)))
    rows = dict(Certificate.objects.filter(id__in=chosen).values_list("number", "status"))
    numbers = sorted(rows.items())
    random.Random(seed).shuffle(numbers)
    return numbers


def _lua(numbers):
    for number, _ in numbers:
        if not number.replace("-", "").isalnum():
            raise ValueError(f"certificate number {number!r} is not safe to put in a URL path unquoted")
    return LUA % {
        "numbers": ", ".join(f'"{number}"' for number, _ in numbers),
        "clients": CLIENTS,
        "baseline": BASELINE_PATH,
    }


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_gunicorn(port, log):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONPATH": str(ROOT),
    }
    command = [
        str(GUNICORN) if GUNICORN.exists() else shutil.which("gunicorn"),
        "credit_mgmt.wsgi",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(WORKERS),
        "--worker-class", "sync",
        "--backlog", "2048",
        "--log-level", "warning",
        "--error-logfile", str(log),
    ]  # fmt: skip
    return subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )


def _get(port, path):
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "10.255.0.1"}
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status, response.read()


def _wait_until_up(server, port, log, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}: {_tail(log)}")
        try:
            if _get(port, BASELINE_PATH)[0] == 200:
                return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {timeout} s: {_tail(log)}")


def _check_answers(port, numbers):
    """(mean ms per request, one at a time; the numbers whose answer is not a 200 with their status)."""
    wrong = []
    started = time.perf_counter()
    for number, status in numbers:
        try:
            code, body = _get(port, VERIFICATION_PATH.format(number))
            answer = json.loads(body)
            if code != 200 or answer.get("number") != number or answer.get("status") != status:
                wrong.append({"number": number, "status": code, "answer": answer})
        except (OSError, ValueError, urllib.error.URLError) as error:
            wrong.append({"number": number, "error": str(error)})
    return round((time.perf_counter() - started) * 1000 / len(numbers), 2), wrong


def _wrk(port, script, mode, seconds, server):
    command = [
        WRK,
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--latency",
        "-s", str(script),
        f"http://127.0.0.1:{port}",
        "--", mode,
    ]  # fmt: skip
    cpu_before = _server_cpu(server)
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    cpu = _server_cpu(server) - cpu_before
    line = next((line for line in output.splitlines() if line.startswith("WRK_RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result: {output}")
    measured = json.loads(line.removeprefix("WRK_RESULT "))
    latency = measured["latency_us"]
    return {
        "rps": round(measured["requests"] / (measured["duration_us"] / 1e6), 1),
        "requests": measured["requests"],
        "non_200": measured["non_200"],
        "errors": measured["errors"],
        "p50_ms": round(latency["p50"] / 1000, 2),
        "p90_ms": round(latency["p90"] / 1000, 2),
        "p99_ms": round(latency["p99"] / 1000, 2),
        "max_ms": round(latency["max"] / 1000, 2),
        "server_cpu_us": round(cpu * 1e6 / max(measured["requests"], 1)),
    }


def _server_cpu(server):
    """CPU seconds used so far by gunicorn's master and live workers (Linux /proc; 0 elsewhere).

    Other processes of the machine do not count here, so this stays comparable between runs
    when requests/s does not.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    except OSError:
        return 0.0
    for pid in [server.pid, *map(int, children)]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _failed(run):
    """Requests answered otherwise than 200, or not at all (connection refused or reset, timed out)."""
    errors = run["errors"]
    return run["non_200"] + errors["connect"] + errors["read"] + errors["write"] + errors["timeout"]


def _stop(server, grace=30):
    """Stop gunicorn gracefully (SIGTERM lets workers finish their request), kill it if it hangs."""
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _tail(log, lines=20):
    try:
        return "\n".join(Path(log).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


if __name__ == "__main__":
    print("Run through the benchmark runner; this module exposes run(context).", file=sys.stderr)
    sys.exit(2)
