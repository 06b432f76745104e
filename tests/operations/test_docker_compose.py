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
    assert set(compose["volumes"]) >= {"pgdata", "objects"}


def test_every_app_service_keeps_its_files_in_the_object_store_not_on_a_volume():
    """A file written by web on one host is read by a worker on another: no app service has a
    volume for files, and each waits for the bucket."""
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    for name in ("migrate", "web", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["S3_BUCKET"] == "credit-private", name
        assert environment["S3_ENDPOINT_URL"] == "http://objects:9000", name
        assert "PRIVATE_MEDIA_ROOT" not in environment, name
        assert services[name]["volumes"] == ["metrics:/app/metrics"], name
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["bucket"] == {"condition": "service_completed_successfully"}
    assert "mc mb --ignore-existing store/credit-private" in services["bucket"]["entrypoint"][-1]


def test_web_and_worker_share_the_metrics_directory():
    """Counters of every gunicorn and Celery process add up only if they write to one directory."""
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    for name in ("web", "worker"):
        directory = services[name]["environment"]["PROMETHEUS_MULTIPROC_DIR"]
        assert f"metrics:{directory}" in services[name]["volumes"], name


def test_the_proxy_is_the_only_published_port_and_the_one_trusted_proxy():
    compose = yaml.safe_load(COMPOSE.read_text())
    services = compose["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert services["proxy"]["ports"] == ["${HTTPS_PORT:-443}:443"]
    proxy_address = services["proxy"]["networks"]["default"]["ipv4_address"]
    for name in ("web", "worker", "beat"):
        assert services[name]["environment"]["TRUSTED_PROXIES"] == proxy_address, name
    caddyfile = (COMPOSE.parent / "deploy" / "Caddyfile").read_text()
    assert "reverse_proxy web:8000" in caddyfile


def test_one_migrate_job_runs_before_web_worker_and_beat():
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}, (
            name
        )
        assert "migrate" not in " ".join(services[name]["command"]), name


def test_the_broker_never_evicts_and_the_cache_is_a_redis_of_its_own():
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    broker = services["redis"]["command"]
    assert broker[broker.index("--maxmemory-policy") + 1] == "noeviction"
    cache = services["cache"]["command"]
    assert cache[cache.index("--maxmemory-policy") + 1] == "allkeys-lru"
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["REDIS_URL"] == "redis://redis:6379/0", name
        assert environment["CACHE_REDIS_URL"] == "redis://cache:6379/0", name
