"""Deployment checks of the broker (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def cache_apart_from_broker(app_configs, **kwargs):
    """Queued tasks must never be evicted to make room for cache entries."""
    if settings.REDIS_URL and settings.CACHE_REDIS_URL == settings.CELERY_BROKER_URL:
        return [
            Warning(
                "The cache and the Celery broker share one Redis database (REDIS_URL).",
                hint=(
                    "Set CACHE_REDIS_URL to a Redis (or a database of one) whose maxmemory-policy may "
                    "evict (allkeys-lru), and keep noeviction on the broker's, so that evicting cache "
                    "entries never drops a queued task."
                ),
                id="background.W001",
            )
        ]
    return []
