"""Staff accounts: argon2 password hashes, roles, what each may see, sign-in with lockout.

Roles: `admin` and `lead` see the whole partnership; `staff` see their own
organisation's sites. Five failed attempts in a row lock an account for 15
minutes, even against the right password. Every attempt goes to the audit log.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import audit
from db.engine import write_session
from db.models import STAFF_ROLES, Organisation, Site, StaffAccount

MAX_FAILED_ATTEMPTS = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 12
PARTNERSHIP_ROLES = frozenset({"admin", "lead"})

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,99}$")
_HASHER = PasswordHasher()  # argon2id with the library's recommended parameters


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so a wrong name takes as long as a wrong password.

    Made on first need, not on import: hashing takes a few hundred milliseconds.
    """
    return _HASHER.hash("not a real password, only here to spend the same time")


class AccountError(ValueError):
    """An account could not be created as asked; the message says why."""


@dataclass(frozen=True)
class StaffUser:
    """The signed-in member of staff, as pages need her: who, which role, what she may see."""

    id: int
    username: str
    display_name: str
    role: str
    organisation_id: str
    organisation_name: str
    # Sites she may see; None means every site in the partnership.
    site_ids: tuple[str, ...] | None

    @property
    def sees_partnership(self) -> bool:
        return self.site_ids is None


@dataclass(frozen=True)
class SignInResult:
    user: StaffUser | None
    # signed_in, wrong (unknown name, wrong password or inactive: never said which), locked
    status: str
    locked_until: datetime | None = None


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return _HASHER.hash(password)


def create_account(
    session: Session,
    username: str,
    *,
    role: str,
    organisation_id: str,
    password: str | None,
    display_name: str | None = None,
    email: str | None = None,
) -> StaffAccount:
    """A new active account. `password` None means single sign-on only (then `email` is needed)."""
    username = normalise_username(username)
    if not _USERNAME.match(username):
        raise AccountError("a username is 2 to 100 lower-case letters, digits, dots, dashes, underscores or @")
    if role not in STAFF_ROLES:
        raise AccountError(f"role must be one of {', '.join(STAFF_ROLES)}, not {role!r}")
    if session.get(Organisation, organisation_id) is None:
        known = ", ".join(session.scalars(select(Organisation.id).order_by(Organisation.id))) or "none yet"
        raise AccountError(f"organisation {organisation_id!r} does not exist (known: {known})")
    if session.scalar(select(StaffAccount.id).where(StaffAccount.username == username)) is not None:
        raise AccountError(f"an account named {username!r} already exists")
    email = (email or "").strip().lower() or None
    if email and session.scalar(select(StaffAccount.id).where(StaffAccount.email == email)) is not None:
        raise AccountError(f"another account already uses {email}")
    if password is None and email is None:
        raise AccountError("an account needs a password, or an email address for single sign-on")
    account = StaffAccount(
        username=username,
        display_name=(display_name or username).strip(),
        email=email,
        role=role,
        organisation_id=organisation_id,
        password_hash=hash_password(password) if password is not None else None,
        active=True,
        failed_attempts=0,
    )
    session.add(account)
    session.flush()
    return account


def staff_user(session: Session, account: StaffAccount) -> StaffUser:
    if account.role in PARTNERSHIP_ROLES:
        site_ids = None
    else:
        site_ids = tuple(session.scalars(
            select(Site.id).where(Site.organisation_id == account.organisation_id).order_by(Site.name)
        ))
    return StaffUser(
        account.id, account.username, account.display_name, account.role,
        account.organisation_id, account.organisation.name, site_ids,
    )


def load_user(session: Session, account_id: int) -> StaffUser | None:
    """The account as it is now, or None if it was removed or deactivated since she signed in."""
    account = session.get(StaffAccount, account_id)
    if account is None or not account.active:
        return None
    return staff_user(session, account)


def visible_sites(session: Session, user: StaffUser) -> list[Site]:
    query = select(Site).order_by(Site.name)
    if user.site_ids is not None:
        query = query.where(Site.id.in_(user.site_ids))
    return list(session.scalars(query))


def sign_in(
    factory: sessionmaker[Session], username: str, password: str, *, now: datetime | None = None
) -> SignInResult:
    """Check a username and password, counting failures toward the lock, and audit the attempt.

    Takes the sessionmaker, not a session: argon2 deliberately takes a few hundred
    milliseconds, and that must not happen inside a write transaction (SQLite would
    hold every survivor's submission for it).
    """
    now = now or audit.utc_now()
    name = normalise_username(username)
    with factory() as session:
        account = session.scalar(select(StaffAccount).where(StaffAccount.username == name))
        snapshot = None if account is None else (account.id, account.password_hash, account.active, account.locked_until)

    if snapshot is None:
        _verify(_dummy_hash(), password)
        with write_session(factory) as session:
            audit.record(session, audit.UNKNOWN_ACCOUNT, "sign_in_failed", {"reason": "unknown account"}, at=now)
        return SignInResult(None, "wrong")

    account_id, stored_hash, active, locked_until = snapshot
    if locked_until is not None and locked_until > now:
        with write_session(factory) as session:
            audit.record(session, name, "sign_in_refused_locked", {"locked_until": locked_until.isoformat()}, at=now)
        return SignInResult(None, "locked", locked_until)

    matches = stored_hash is not None and _verify(stored_hash, password)
    with write_session(factory) as session:
        account = session.scalar(select(StaffAccount).where(StaffAccount.id == account_id).with_for_update())
        if account.locked_until is not None and account.locked_until > now:
            # Locked by a concurrent attempt while this password was being checked.
            audit.record(session, name, "sign_in_refused_locked", {"locked_until": account.locked_until.isoformat()}, at=now)
            return SignInResult(None, "locked", account.locked_until)
        if account.locked_until is not None:  # an earlier lock has run out: a fresh start
            account.locked_until = None
            account.failed_attempts = 0
        if matches and account.active:
            account.failed_attempts = 0
            if _HASHER.check_needs_rehash(account.password_hash):
                account.password_hash = _HASHER.hash(password)
            audit.record(session, name, "sign_in", {"method": "password"}, at=now)
            return SignInResult(staff_user(session, account), "signed_in")
        account.failed_attempts += 1
        details = {"attempt": account.failed_attempts}
        if not account.active:
            details["reason"] = "account inactive"
        audit.record(session, name, "sign_in_failed", details, at=now)
        if account.failed_attempts >= MAX_FAILED_ATTEMPTS:
            account.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            account.failed_attempts = 0
            audit.record(session, name, "account_locked", {"until": account.locked_until.isoformat()}, at=now)
            return SignInResult(None, "locked", account.locked_until)
        return SignInResult(None, "wrong")


def sign_in_with_identity(
    factory: sessionmaker[Session], email: str | None, *, now: datetime | None = None
) -> StaffUser | None:
    """Single sign-on: the active account whose email the identity provider vouched for, audited."""
    now = now or audit.utc_now()
    email = (email or "").strip().lower()
    with write_session(factory) as session:
        account = session.scalar(select(StaffAccount).where(StaffAccount.email == email)) if email else None
        if account is None or not account.active or (account.locked_until is not None and account.locked_until > now):
            audit.record(session, email or audit.UNKNOWN_ACCOUNT, "sign_in_refused",
                         {"method": "single sign-on", "reason": "no active staff account for this identity"}, at=now)
            return None
        audit.record(session, account.username, "sign_in", {"method": "single sign-on"}, at=now)
        return staff_user(session, account)


def record_sign_out(factory: sessionmaker[Session], username: str, *, expired: bool = False,
                    now: datetime | None = None) -> None:
    with write_session(factory) as session:
        audit.record(session, username, "session_expired" if expired else "sign_out", at=now)


def _verify(stored_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
