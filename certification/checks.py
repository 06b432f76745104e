"""Deployment check of the key that signs the answers to partner customs (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def partner_signing_key_set(app_configs, **kwargs):
    if settings.PARTNER_SIGNING_KEY:
        return []
    return [
        Warning(
            "PARTNER_SIGNING_KEY is not set: answers to partner customs are signed with a key derived from "
            "SECRET_KEY.",
            hint=(
                "Set an Ed25519 private key (PEM) of its own, so that rotating SECRET_KEY does not change "
                "the key partners check signatures with (docs/operations.md)."
            ),
            id="certification.W001",
        )
    ]
