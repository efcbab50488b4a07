"""The access log's hash chain: what an entry's hash covers and how it is computed.

Each entry's `entry_hash` is SHA-256 over its canonical content and the previous entry's hash (`prev_hash`),
in the order of `seq`. Changing an entry breaks its own hash; removing or inserting one breaks the next
entry's `prev_hash` or leaves a gap in `seq`; cutting entries off the end no longer matches the chain head
(`AccessLogHead`), which keeps the last `seq` and hash.

The content is serialised in one stable way (JSON, sorted keys, timestamps as ISO 8601 in UTC with
microseconds, addresses in their canonical form), so the same row gives the same hash on SQLite and
PostgreSQL and after any number of reads. The link to the user account (`user_id`) is left out: Django
empties it when an account is deleted, while `username`, which is hashed, keeps who it was.

This module only computes; the model (`models.AccessLog.save`) appends under the chain head's lock, and
`logchain` verifies and purges.
"""

import datetime as dt
import hashlib
import ipaddress
import json
from typing import Any, Protocol

from chatdong.core import rrn

GENESIS = "0" * 64  # the `prev_hash` of the first entry ever written

# The text columns and their lengths: each is masked (resident numbers) and cut to fit before it is stored.
TEXT_FIELDS = {
    "username": 150,
    "action": 20,
    "object_type": 30,
    "object_id": 40,
    "detail": 300,
    "user_agent": 200,
    "channel": 10,
}


class Entry(Protocol):
    """What the hash reads of an entry (a model instance, or a migration's historical one)."""

    @property
    def seq(self) -> int | None: ...
    @property
    def prev_hash(self) -> str: ...
    @property
    def at(self) -> dt.datetime: ...
    @property
    def username(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def object_type(self) -> str: ...
    @property
    def object_id(self) -> str: ...
    @property
    def household_id(self) -> int | None: ...
    @property
    def detail(self) -> str: ...
    @property
    def ip_address(self) -> str | None: ...
    @property
    def user_agent(self) -> str: ...
    @property
    def channel(self) -> str: ...


def clean_text(value: object, max_length: int) -> str:
    """What a text column may keep: resident numbers masked, no NUL (PostgreSQL refuses it), cut to fit."""
    text = rrn.mask_in_text(str(value or "").replace("\x00", ""))
    return text[:max_length]


def clean(entry: Any) -> None:
    """Mask and fit every text field of an entry about to be stored."""
    for name, max_length in TEXT_FIELDS.items():
        setattr(entry, name, clean_text(getattr(entry, name), max_length))
    entry.ip_address = canonical_ip(entry.ip_address)


def canonical_ip(value: str | None) -> str | None:
    """An address as one string whatever the database gives back (PostgreSQL's inet compresses IPv6); None
    for something that is no address (a forged X-Forwarded-For), which the column could not store anyway."""
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(str(value).strip()))
    except ValueError:
        return None


def canonical_time(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical(entry: Entry) -> bytes:
    content = {
        "seq": entry.seq,
        "prev_hash": entry.prev_hash,
        "at": canonical_time(entry.at),
        "username": entry.username,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "household_id": entry.household_id,
        "detail": entry.detail,
        "ip_address": canonical_ip(entry.ip_address),
        "user_agent": entry.user_agent,
        "channel": entry.channel,
    }
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def digest(entry: Entry) -> str:
    return hashlib.sha256(canonical(entry)).hexdigest()
