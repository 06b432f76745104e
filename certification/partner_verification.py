"""Partner customs verifying Chinese AEOs in batches: their clients' keys, and the signed answers.

Administrators create a partner's client and hand its key over once; the partner's system then sends
up to BATCH_LIMIT AEO codes per request and gets each one's status and grade, signed
(`certification.signing`) so that the answer can be kept as evidence. Every batch is logged with the
digest of what was answered.
"""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_activity
from accounts.tokens import digest
from certification import signing
from certification.aeo_codes import AEO_CODE, PARTNER_STATUS, UNKNOWN, latest_certificates, normalised
from certification.models import MutualRecognitionPartner, PartnerClient, PartnerVerification
from core.errors import InvalidState, NotPermitted

BATCH_LIMIT = 1000


def _require_administrator(actor):
    if not actor.is_administrator:
        raise NotPermitted(_("Only administrators manage partner customs clients."))


def partner_client_create(*, actor, partner, name, key=None):
    """A new client of `partner`'s customs, and its key (shown only now): a random one, or `key` (the
    demo's published one)."""
    _require_administrator(actor)
    if not isinstance(partner, MutualRecognitionPartner) or partner.in_force_on is None:
        raise InvalidState(_("Only a partner whose arrangement has been put into force verifies AEO codes."))
    key = key or secrets.token_urlsafe(32)
    with transaction.atomic():
        client = PartnerClient.objects.create(
            partner=partner, name=name, key_digest=digest(key), created_by=actor
        )
        record_activity(actor=actor, verb="partner_client.created", target=client)
    return client, key


def partner_client_key_renew(*, actor, client):
    """A new key for `client`; the old one stops working at once. Returns the new key (shown only now)."""
    _require_administrator(actor)
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        client = PartnerClient.objects.select_for_update().get(pk=client.pk)
        client.key_digest = digest(key)
        client.save(update_fields=["key_digest"])
        record_activity(actor=actor, verb="partner_client.key_renewed", target=client)
    return key


def partner_client_set_active(*, actor, client, active):
    """Suspend a client's access (a key leaked, the arrangement ended) or restore it."""
    _require_administrator(actor)
    with transaction.atomic():
        client = PartnerClient.objects.select_for_update().get(pk=client.pk)
        if client.is_active == active:
            raise InvalidState(_("The client is already in that state."))
        client.is_active = active
        client.save(update_fields=["is_active"])
        record_activity(
            actor=actor,
            verb="partner_client.activated" if active else "partner_client.deactivated",
            target=client,
        )
    return client


def client_for_key(key):
    """The active client holding `key`, with its partner; None for an unknown or inactive key."""
    return (
        PartnerClient.objects.select_related("partner").filter(key_digest=digest(key), is_active=True).first()
    )


def _answer(code, certificate):
    if certificate is None:
        return {"aeo_code": code, "status": UNKNOWN, "credit_grade": None, "certificate_number": None}
    return {
        "aeo_code": code,
        "status": PARTNER_STATUS[certificate.status],
        "credit_grade": certificate.grade,
        "certificate_number": certificate.number,
    }


def partner_verify(*, client, aeo_codes, client_address=None):
    """The signed status of each of `aeo_codes` (1 to BATCH_LIMIT strings) for `client`, logged.

    A code not shaped like an AEO code, or naming no certificate, is `unknown`; the answer keeps the
    codes' order, written as the partner sent them (normalised to capitals).
    """
    today = timezone.localdate()
    if not client.partner.in_force_by(today):
        raise NotPermitted(_("The mutual-recognition arrangement with this partner is not in force."))
    codes = [normalised(code) for code in aeo_codes]
    latest = latest_certificates(codes)
    results = [_answer(code, latest.get(code) if AEO_CODE.fullmatch(code) else None) for code in codes]
    checked_at = timezone.now()
    answer = signing.signed(
        {
            "partner": client.partner.economy_en,
            "client": client.name,
            "checked_at": timezone.localtime(checked_at).isoformat(),
            "results": results,
        }
    )
    PartnerVerification.objects.create(
        client=client,
        codes=len(codes),
        in_force=sum(result["status"] == "in_force" for result in results),
        unknown=sum(result["status"] == UNKNOWN for result in results),
        answer_digest=hashlib.sha256(signing.canonical(answer)).hexdigest(),
        client_address=client_address,
    )
    return answer
