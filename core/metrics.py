"""Prometheus metrics, scraped at GET /metrics by allowed addresses or with the bearer token.

Gunicorn and the Celery worker run several processes: with PROMETHEUS_MULTIPROC_DIR set to a
directory of the host (in docker-compose.yml, a volume shared by web and worker) each process writes
its counters to files there and a scrape adds them up, so whichever web process answers reports
every process of its host. A host that runs only workers serves the same exposition itself
(`serve_worker_metrics`, WORKER_METRICS_PORT): one scrape target per host. Without the directory
(development, tests) each process counts in memory for itself.
"""

import hmac
import ipaddress
import os
import socket
import threading
from wsgiref.simple_server import WSGIRequestHandler, make_server

from celery.signals import task_failure, task_retry, task_success
from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu.exceptions import OperationalError
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)
from prometheus_client.core import GaugeMetricFamily

from core.client import client_address, is_trusted_proxy
from core.health import broker_connection

MULTIPROCESS_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
if MULTIPROCESS_DIR:
    # Containers sharing the directory can reuse each other's process ids: files carry the host too.
    _HOST = socket.gethostname().replace("_", "-")
    values.ValueClass = values.MultiProcessValue(lambda: f"{_HOST}-{os.getpid()}")

REQUESTS = Counter(
    "credit_http_requests", "Requests answered, by view, method and status.", ["view", "method", "status"]
)
REQUEST_SECONDS = Histogram(
    "credit_http_request_duration_seconds", "Time to answer a request, by view.", ["view"]
)
TASKS = Counter(
    "credit_celery_tasks", "Celery task runs by outcome: success, failure, retry.", ["task", "outcome"]
)
REMINDERS = Counter("credit_reminders_sent", "Reminders sent (each key once), by kind.", ["kind"])
EMAILS = Counter(
    "credit_notification_emails",
    "E-mail attempts for notices: sent, error (to be retried), failed (given up after the last attempt).",
    ["outcome"],
)


def observe_request(request, response, seconds):
    view = request.resolver_match.view_name if request.resolver_match else "unmatched"
    REQUESTS.labels(view, request.method, response.status_code).inc()
    REQUEST_SECONDS.labels(view).observe(seconds)


@task_success.connect
def _task_succeeded(sender, **kwargs):
    TASKS.labels(sender.name, "success").inc()


@task_failure.connect
def _task_failed(sender, **kwargs):
    TASKS.labels(sender.name, "failure").inc()


@task_retry.connect
def _task_retried(sender, **kwargs):
    TASKS.labels(sender.name, "retry").inc()


class QueueLengthCollector:
    """Messages waiting in the Celery queue, read from the broker (Redis or RabbitMQ) at scrape time
    (nothing when eager or when the broker does not answer; /healthz reports the broker)."""

    def collect(self):
        if settings.CELERY_TASK_ALWAYS_EAGER:
            return
        queue = settings.CELERY_TASK_DEFAULT_QUEUE
        with broker_connection() as broker:
            try:
                broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=1)
                length = broker.default_channel.queue_declare(queue, passive=True).message_count
            except (OperationalError, OSError, *broker.connection_errors, *broker.channel_errors):
                return
        family = GaugeMetricFamily(
            "credit_celery_queue_length", "Messages waiting in the Celery queue.", labels=["queue"]
        )
        family.add_metric([queue], length)
        yield family


_QUEUES = CollectorRegistry(auto_describe=False)
_QUEUES.register(QueueLengthCollector())


def exposition():
    """The text every process's counters add up to, and the queue lengths."""
    if MULTIPROCESS_DIR:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return generate_latest(registry) + generate_latest(_QUEUES)


def scrape_allowed(request):
    """The bearer token, or a client at an allowed address. A request forwarded by a proxy that is not
    named in TRUSTED_PROXIES is judged by the token alone: its address would be the proxy's."""
    if bearer_token_given(request.headers.get("Authorization", "")):
        return True
    if "X-Forwarded-For" in request.headers and not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
        return False
    address = client_address(request)
    if address is None:
        return False
    networks = (ipaddress.ip_network(allowed, strict=False) for allowed in settings.METRICS_ALLOWED_IPS)
    return any(ipaddress.ip_address(address) in network for network in networks)


def bearer_token_given(authorization):
    token = settings.METRICS_TOKEN
    return bool(token) and hmac.compare_digest(authorization.encode(), f"Bearer {token}".encode())


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        """Scrapes every few seconds would fill the worker's log."""


def _worker_exposition(environ, start_response):
    if settings.METRICS_TOKEN and not bearer_token_given(environ.get("HTTP_AUTHORIZATION", "")):
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b""]
    start_response("200 OK", [("Content-Type", CONTENT_TYPE_LATEST)])
    return [exposition()]


def serve_worker_metrics(address, port):
    """The exposition of this host's processes over HTTP, from a thread of the worker's main process."""
    server = make_server(address, port, _worker_exposition, handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, name="worker-metrics", daemon=True).start()
    return server


@never_cache
@require_GET
def metrics(request):
    """Others get the same 404 as any unknown address."""
    if not scrape_allowed(request):
        raise Http404
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
