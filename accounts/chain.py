"""The activity log as a hash chain, so an entry edited, deleted or slipped in behind the
services' back is found by walking the log (`manage.py verify_audit`).

Each entry has a `sequence` (1, 2, 3, ... with no gaps), the hash of the entry before it and its
own hash: SHA-256 over the previous hash and a canonical JSON of the entry's content. Appending
reads the head once under a PostgreSQL advisory lock held until the transaction ends, so two
transactions never link to the same head; the unique `sequence` refuses a fork on any database.
A batch is hashed in Python after that single read.

The chain proves nothing against someone who rewrites every hash after the entry they changed:
anchors (a sequence and its hash written down elsewhere, e.g. in a backup manifest) catch that.
"""

import datetime
import hashlib
import ipaddress
import json
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from core.locks import wait_for_lock

GENESIS = "0" * 64
# The content an entry's hash covers, besides the previous hash.
CHAINED_FIELDS = (
    "sequence",
    "created_at",
    "actor_id",
    "verb",
    "target_type_id",
    "target_id",
    "target_repr",
    "changes",
    "note",
    "request_id",
    "ip_address",
)
CHAIN_LOCK = "accounts.activity-chain"


def _json_value(value):
    """JSON as both databases give it back: jsonb prints an integral float such as 1e16 as an
    integer, so integral floats are integers here too."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _json_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    return value


def _canonical(name, value):
    if value is None:
        return None
    if name == "created_at":
        return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    if name == "changes":
        return _json_value(json.loads(json.dumps(value)))
    if name == "ip_address":
        return str(ipaddress.ip_address(str(value)))
    return value


def entry_hash(content, previous_hash):
    """The hash of an entry whose CHAINED_FIELDS are `content` (a mapping) after `previous_hash`."""
    canonical = json.dumps(
        {name: _canonical(name, content[name]) for name in CHAINED_FIELDS},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(f"{previous_hash}\n{canonical}".encode()).hexdigest()


def chain_head(model):
    """(sequence, hash) of the last entry, or (0, GENESIS) for an empty log."""
    head = model._base_manager.order_by("-sequence").values_list("sequence", "entry_hash")
    return head.first() or (0, GENESIS)


def link(entries):
    """Give new `entries` (in order) their place in the chain; call inside the inserting transaction."""
    if not entries:
        return
    wait_for_lock(CHAIN_LOCK)
    sequence, previous = chain_head(type(entries[0]))
    for entry in entries:
        sequence += 1
        entry.sequence = sequence
        entry.created_at = entry.created_at or timezone.now()
        entry.previous_hash = previous
        previous = entry.entry_hash = entry_hash(vars(entry), previous)


@dataclass(frozen=True)
class Verified:
    count: int
    head_sequence: int
    head_hash: str


class ChainBroken(Exception):
    """The first entry (by id and sequence) at which the log stops being the one that was written."""

    def __init__(self, message, *, entry_id=None, sequence=None):
        super().__init__(message)
        self.entry_id = entry_id
        self.sequence = sequence


def _broken(row, problem):
    return ChainBroken(
        _("activity entry #%(id)s (sequence %(sequence)s): %(problem)s")
        % {"id": row["id"], "sequence": row["sequence"], "problem": problem},
        entry_id=row["id"],
        sequence=row["sequence"],
    )


def verify(model, *, anchors=None, chunk_size=2000):
    """Walk the whole log in sequence order, a chunk at a time; raise ChainBroken at the first break.

    `anchors` maps sequences to the hashes recorded for them earlier.
    """
    anchors = dict(anchors or {})
    rows = (
        model._base_manager.order_by("sequence")
        .values("id", "previous_hash", "entry_hash", *CHAINED_FIELDS)
        .iterator(chunk_size=chunk_size)
    )
    expected, previous = 1, GENESIS
    for row in rows:
        if row["sequence"] != expected:
            raise _broken(
                row,
                _("entries %(first)s to %(last)s are missing (deleted).")
                % {"first": expected, "last": row["sequence"] - 1},
            )
        if row["previous_hash"] != previous:
            raise _broken(row, _("it does not link to the entry before it (one was replaced or inserted)."))
        if entry_hash(row, previous) != row["entry_hash"]:
            raise _broken(row, _("its content does not match its hash (edited)."))
        anchored = anchors.pop(row["sequence"], None)
        if anchored is not None and anchored != row["entry_hash"]:
            raise _broken(row, _("its hash differs from its anchor (the chain was rewritten)."))
        expected, previous = expected + 1, row["entry_hash"]
    if anchors:
        missing = min(anchors)
        raise ChainBroken(
            _("anchored sequence %(anchor)s: the log ends at %(last)s (entries deleted from its end).")
            % {"anchor": missing, "last": expected - 1},
            sequence=missing,
        )
    return Verified(count=expected - 1, head_sequence=expected - 1, head_hash=previous)
