"""Signing the answers given to partner customs, so that a partner can keep one as evidence.

Ed25519: the partner checks a signature with the public key published at
/api/v1/partner/signing-key/, without any secret shared with us, and a copy of our database cannot
forge one. The key is PARTNER_SIGNING_KEY (a PEM private key); without it, one derived from
SECRET_KEY, which changes whenever SECRET_KEY does (the deploy check says so). Each answer names
its key by `key_id`, so answers signed before a change of key can still be checked against the old
public key.
"""

import base64
import functools
import hashlib
import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

ALGORITHM = "Ed25519"


@functools.cache
def _private_key(pem, secret_key):
    if pem:
        return serialization.load_pem_private_key(pem.encode(), password=None)
    seed = hashlib.sha256(f"partner-signing:{secret_key}".encode()).digest()
    return Ed25519PrivateKey.from_private_bytes(seed)


def private_key():
    return _private_key(settings.PARTNER_SIGNING_KEY, settings.SECRET_KEY)


def public_key_pem():
    return (
        private_key()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def key_id():
    """The first 16 hex digits of the SHA-256 of the raw public key."""
    raw = private_key().public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def canonical(payload):
    """The bytes signed: JSON with sorted keys, no spaces, UTF-8; a partner rebuilds them the same way."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signed(payload):
    """`payload` with its signature: {"payload", "signature": {"algorithm", "key_id", "value"}}."""
    signature = private_key().sign(canonical(payload))
    return {
        "payload": payload,
        "signature": {
            "algorithm": ALGORITHM,
            "key_id": key_id(),
            "value": base64.b64encode(signature).decode(),
        },
    }
