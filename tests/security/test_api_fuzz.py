"""Every operation of the OpenAPI schema, fuzzed in-process with schemathesis.

The schema is read from `/api/schema/` and every operation is called through the WSGI application
with an officer's token and an enterprise user's token, on the ids of real objects of the world (so
detail endpoints and actions are reached) and, as the officer, on generated ids (mostly 404s). Each
answer must not be a 5xx, must carry a documented status and content type, and its body must match
the schema. Examples are few and derandomized, so a run is reproducible and quick.
"""

import uuid

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.tokens import token_issue

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
VALID_EXAMPLES = 5  # per operation, reader and kind of id
INVALID_EXAMPLES = 3


@pytest.fixture
def app(settings):
    """The WSGI application as a server runs it, except that it keeps the test's connection open."""
    settings.ALLOWED_HOSTS = ["localhost"]
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


def _real_ids(world):
    """Path parameters of real objects of the world, by path prefix (the longest prefix first)."""
    return {
        "/api/v1/applications/{id}/evidence/": {
            "id": world.audited.pk,
            "evidence_id": world.audit_evidence.pk,
        },
        "/api/v1/applications/": {"id": world.audited.pk},
        "/api/v1/cases/": {"id": world.case.pk},
        "/api/v1/certificates/": {"id": world.certificate.pk},
        "/api/v1/cultivation/candidates/": {"id": world.candidate.pk},
        "/api/v1/cultivation/gaps/": {"id": world.gap.pk},
        "/api/v1/cultivation/milestones/": {"id": world.plan.milestones.order_by("id").first().pk},
        "/api/v1/cultivation/plans/": {"id": world.plan.pk},
        "/api/v1/cultivation/sessions/": {"id": world.session.pk},
        "/api/v1/enterprises/": {"id": world.enterprise_a.pk},
        "/api/v1/objections/": {"id": world.objection.pk},
        "/api/v1/proposals/": {"id": world.proposal.pk},
        "/api/v1/public/certificates/": {"number": world.certificate.number},
        "/api/v1/repair-applications/": {"id": world.repair.pk},
    }


def _path_parameters(operation, real_ids):
    """The real ids `operation` takes, or None for an operation without any."""
    for prefix, ids in real_ids.items():
        if operation.path.startswith(prefix):
            return {name: value for name, value in ids.items() if f"{{{name}}}" in operation.path} or None
    return None


class Fuzz:
    """Runs operations with bounded, derandomized examples and collects what each one answered."""

    def __init__(self, app, world):
        self.schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app)
        self.operations = [result.ok() for result in self.schema.get_all_operations()]
        self.real_ids = _real_ids(world)
        self.failures = {}
        self.examples = 0
        self.succeeded = set()

    def run(self, user, operation, *, mode, examples, path_parameters=None):
        headers = {"Authorization": f"Token {token_issue(user)}"}
        # An address per run: the public rate limit is counted in Redis across test runs.
        environ = {"REMOTE_ADDR": f"2001:db8::{uuid.uuid4().hex[:4]}"}

        @given(case=operation.as_strategy(mode, path_parameters=path_parameters))
        @settings(
            max_examples=examples,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def call(case):
            self.examples += 1
            response = case.call_and_validate(headers=headers, checks=CHECKS, environ_overrides=environ)
            if response.status_code < 300:
                self.succeeded.add(operation.label)

        try:
            call()
        except (Exception, BaseExceptionGroup) as error:  # every operation is reported
            self.failures[f"{user.username} {operation.label} {path_parameters or ''}"] = str(error)

    def report(self):
        return "\n\n".join(f"{key}:\n{message}" for key, message in self.failures.items())


def test_every_operation_answers_as_its_schema_says(world, app):
    fuzz = Fuzz(app, world)
    for user in (world.officer, world.enterprise_user):
        for operation in fuzz.operations:
            real = _path_parameters(operation, fuzz.real_ids)
            # Generated ids (any integer, mostly no object) once, as the officer; real ids for both.
            if user == world.officer or not real:
                fuzz.run(user, operation, mode=GenerationMode.POSITIVE, examples=VALID_EXAMPLES)
            if real:
                fuzz.run(
                    user,
                    operation,
                    mode=GenerationMode.POSITIVE,
                    examples=VALID_EXAMPLES,
                    path_parameters=real,
                )
    assert not fuzz.failures, fuzz.report()
    assert len(fuzz.operations) >= 86
    assert fuzz.examples >= len(fuzz.operations) * 2 * VALID_EXAMPLES
    unread = {op.label for op in fuzz.operations if op.method == "GET"} - fuzz.succeeded
    assert unread == set(), "no example reached these reads: give them real ids"


def test_malformed_input_is_refused_with_a_client_error(world, app):
    """Bodies and query strings that break the schema, on real objects: a 4xx, never a 5xx."""
    fuzz = Fuzz(app, world)
    for operation in (op for op in fuzz.operations if op.body or op.query):
        real = _path_parameters(operation, fuzz.real_ids)
        fuzz.run(
            world.officer,
            operation,
            mode=GenerationMode.NEGATIVE,
            examples=INVALID_EXAMPLES,
            path_parameters=real,
        )
    assert not fuzz.failures, fuzz.report()
