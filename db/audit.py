"""The staff audit log: which account did what, and when. Never an IP address, user agent or session id.

Sign-in, sign-out, failed attempts and locks are recorded here; exports and
changes to actions (the findings pack) use the same `record`.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditEntry

# Details that would tie an entry to a device or a network; refused outright.
FORBIDDEN_DETAILS = frozenset({
    "ip", "ip_address", "remote_addr", "remote_ip", "client_ip", "x_forwarded_for", "forwarded",
    "host", "user_agent", "useragent", "agent", "browser", "session", "session_id", "cookie", "device",
})

# The account recorded for a failed attempt at an account that does not exist. What was
# typed is not kept: people type passwords into the username box.
UNKNOWN_ACCOUNT = "(unknown)"


def utc_now() -> datetime:
    """Now, in UTC, without a time zone (as stored)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def record(
    session: Session,
    account: str,
    action: str,
    details: Mapping[str, Any] | None = None,
    *,
    at: datetime | None = None,
) -> AuditEntry:
    """Add one entry in the caller's transaction: `account` did `action` (with JSON-able `details`)."""
    details = dict(details or {})
    forbidden = sorted(key for key in details if key.lower().replace("-", "_") in FORBIDDEN_DETAILS)
    if forbidden:
        raise ValueError(f"the audit log never records {', '.join(forbidden)}")
    entry = AuditEntry(at=at or utc_now(), account=account[:100], action=action[:64], details=details)
    session.add(entry)
    session.flush()
    return entry


def entries(
    session: Session, *, account: str | None = None, action: str | None = None, limit: int = 200
) -> list[AuditEntry]:
    """The newest entries first, optionally for one account or one action."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    if account is not None:
        query = query.where(AuditEntry.account == account)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    return list(session.scalars(query))
