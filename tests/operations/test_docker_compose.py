from pathlib import Path

import yaml

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def test_compose_file_declares_the_whole_deployment():
    compose = yaml.safe_load(COMPOSE.read_text())
    services = compose["services"]
    assert {"web", "worker", "beat", "db", "redis"} <= set(services)
    for name in ("web", "db", "redis"):
        assert "healthcheck" in services[name], name
    assert "gunicorn" in " ".join(services["web"]["command"])
    assert services["db"]["image"].startswith("postgres:15")
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["REDIS_URL"].startswith("redis://")
    assert set(compose["volumes"]) >= {"pgdata", "private"}


def test_web_and_worker_share_the_metrics_directory():
    """Counters of every gunicorn and Celery process add up only if they write to one directory."""
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    for name in ("web", "worker"):
        directory = services[name]["environment"]["PROMETHEUS_MULTIPROC_DIR"]
        assert f"metrics:{directory}" in services[name]["volumes"], name
