"""Staff accounts: argon2 hashes, roles and what each sees, lockout, the audit log, `python -m db create-user`."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from db import audit
from db.accounts import AccountError, create_account, load_user, sign_in, sign_in_with_identity, visible_sites
from db.engine import get_engine, write_session
from db.models import AuditEntry, StaffAccount

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"
T0 = datetime(2026, 11, 16, 9, 0, 0)


@pytest.fixture
def accounts(factory, published):
    with write_session(factory) as session:
        create_account(session, "Asha", role="staff", organisation_id="haven", password=PASSWORD,
                       display_name="Asha Refuge Worker")
        create_account(session, "lead", role="lead", organisation_id="midshire-police", password=PASSWORD)
        create_account(session, "sso.person", role="admin", organisation_id="midshire-police", password=None,
                       email="SSO.Person@example.org")
    return factory


def actions(factory, account=None):
    with factory() as session:
        return [(e.account, e.action) for e in reversed(audit.entries(session, account=account))]


def test_passwords_are_stored_as_argon2id_hashes_never_as_text(accounts):
    with accounts() as session:
        stored = session.scalar(select(StaffAccount).where(StaffAccount.username == "asha"))
    assert stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash


def test_right_password_signs_in_and_says_what_she_may_see(accounts):
    result = sign_in(accounts, "ASHA ", PASSWORD, now=T0)
    assert result.status == "signed_in"
    assert result.user.role == "staff" and result.user.organisation_id == "haven"
    assert result.user.site_ids == ("refuge",)
    with accounts() as session:
        assert [site.id for site in visible_sites(session, result.user)] == ["refuge"]
    lead = sign_in(accounts, "lead", PASSWORD, now=T0).user
    assert lead.sees_partnership and lead.site_ids is None
    with accounts() as session:
        assert {site.id for site in visible_sites(session, lead)} == {"ppu", "refuge", "outreach"}
    assert actions(accounts) == [("asha", "sign_in"), ("lead", "sign_in")]


def test_wrong_password_and_unknown_name_look_the_same_and_are_audited(accounts):
    assert sign_in(accounts, "asha", "wrong password!", now=T0).status == "wrong"
    assert sign_in(accounts, "nobody", PASSWORD, now=T0).status == "wrong"
    # What was typed as a username is not kept for an unknown account: it may be a password.
    assert actions(accounts) == [("asha", "sign_in_failed"), (audit.UNKNOWN_ACCOUNT, "sign_in_failed")]


def test_five_failures_lock_the_account_for_fifteen_minutes_even_against_the_right_password(accounts):
    for attempt in range(4):
        assert sign_in(accounts, "asha", f"wrong {attempt}", now=T0 + timedelta(seconds=attempt)).status == "wrong"
    fifth = sign_in(accounts, "asha", "wrong 5", now=T0 + timedelta(seconds=5))
    assert fifth.status == "locked" and fifth.locked_until == T0 + timedelta(seconds=5, minutes=15)
    assert sign_in(accounts, "asha", PASSWORD, now=T0 + timedelta(minutes=14)).status == "locked"
    assert sign_in(accounts, "asha", PASSWORD, now=T0 + timedelta(minutes=15, seconds=6)).status == "signed_in"
    log = actions(accounts, "asha")
    assert log.count(("asha", "sign_in_failed")) == 5
    assert ("asha", "account_locked") in log and ("asha", "sign_in_refused_locked") in log
    assert log[-1] == ("asha", "sign_in")


def test_a_success_resets_the_count_of_failures(accounts):
    for attempt in range(4):
        sign_in(accounts, "asha", "wrong", now=T0)
    assert sign_in(accounts, "asha", PASSWORD, now=T0).status == "signed_in"
    for attempt in range(4):
        assert sign_in(accounts, "asha", "wrong", now=T0).status == "wrong"


def test_a_deactivated_account_cannot_sign_in_and_drops_out_of_a_running_session(accounts):
    user = sign_in(accounts, "asha", PASSWORD, now=T0).user
    with write_session(accounts) as session:
        session.scalar(select(StaffAccount).where(StaffAccount.username == "asha")).active = False
    assert sign_in(accounts, "asha", PASSWORD, now=T0).status == "wrong"
    with accounts() as session:
        assert load_user(session, user.id) is None


def test_single_sign_on_needs_an_active_account_with_that_email(accounts):
    user = sign_in_with_identity(accounts, "sso.person@EXAMPLE.org", now=T0)
    assert user.username == "sso.person" and user.role == "admin"
    assert sign_in_with_identity(accounts, "stranger@example.org", now=T0) is None
    assert actions(accounts)[-2:] == [("sso.person", "sign_in"), ("stranger@example.org", "sign_in_refused")]


def test_an_account_without_password_cannot_sign_in_with_one(accounts):
    assert sign_in(accounts, "sso.person", "", now=T0).status == "wrong"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"role": "boss"}, "role must be one of"),
        ({"organisation_id": "nowhere"}, "does not exist"),
        ({"password": "short"}, "at least 12"),
        ({"password": None}, "needs a password"),
    ],
)
def test_create_account_refuses_bad_input_clearly(factory, published, kwargs, message):
    arguments = {"role": "staff", "organisation_id": "haven", "password": PASSWORD} | kwargs
    with pytest.raises(AccountError, match=message):
        with write_session(factory) as session:
            create_account(session, "someone", **arguments)


def test_audit_never_records_an_ip_address_or_user_agent(factory):
    with pytest.raises(ValueError, match="never records"):
        with write_session(factory) as session:
            audit.record(session, "lead", "export", {"ip_address": "10.0.0.1"})
    with write_session(factory) as session:
        audit.record(session, "lead", "export", {"format": "pptx", "period": "2026-Q3"})
    with factory() as session:
        entry = session.scalar(select(AuditEntry))
    assert (entry.account, entry.action, entry.details) == ("lead", "export", {"format": "pptx", "period": "2026-Q3"})


def test_no_table_has_a_column_for_an_ip_address_user_agent_or_session(db_url):
    forbidden = ("ip", "addr", "agent", "session", "cookie", "device", "host")
    inspector = inspect(get_engine(db_url))
    for table in inspector.get_table_names():
        for column in inspector.get_columns(table):
            name = column["name"].lower()
            assert not any(word == name or name.startswith(word + "_") or name.endswith("_" + word)
                           for word in forbidden), f"{table}.{name}"


def run_db(*args, input=None):
    return subprocess.run([sys.executable, "-m", "db", *args], cwd=ROOT, capture_output=True, text=True, input=input)


def test_cli_create_user_reads_the_password_from_a_pipe_and_audits(sqlite_url):
    from db.engine import get_sessionmaker
    from survey.demo import ensure_demo_sites

    factory = get_sessionmaker(sqlite_url)
    with write_session(factory) as session:
        ensure_demo_sites(session)
    result = run_db("create-user", "maria", "--role", "lead", "--organisation", "midshire-police",
                    "--name", "Maria (PPU lead)", "--db", sqlite_url, input=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    assert "created lead account maria" in result.stdout
    assert PASSWORD not in result.stdout + result.stderr
    assert sign_in(factory, "maria", PASSWORD).user.display_name == "Maria (PPU lead)"
    again = run_db("create-user", "maria", "--role", "lead", "--organisation", "midshire-police",
                   "--db", sqlite_url, input=PASSWORD + "\n")
    assert again.returncode == 1 and "already exists" in again.stderr
    missing = run_db("create-user", "maria", "--role", "lead", "--organisation", "midshire-police",
                     "--if-missing", "--db", sqlite_url)
    assert missing.returncode == 0 and "already exists; nothing changed" in missing.stdout
    with factory() as session:
        assert ("(command line)", "account_created") in [(e.account, e.action) for e in audit.entries(session)]


def test_cli_create_user_with_a_password_file_and_a_bad_organisation(sqlite_url, tmp_path):
    secret = tmp_path / "password"
    secret.write_text(PASSWORD + "\n")
    result = run_db("create-user", "xavier", "--role", "staff", "--organisation", "nowhere",
                    "--password-file", str(secret), "--db", sqlite_url)
    assert result.returncode == 1
    assert "organisation 'nowhere' does not exist" in result.stderr and "nothing was created" in result.stderr


def test_importing_accounts_hashes_nothing():
    # Hashing takes a few hundred milliseconds: every page and command that imports accounts would pay it.
    code = (
        "import argon2\n"
        "def refuse(*args, **kwargs): raise AssertionError('a password was hashed on import')\n"
        "argon2.PasswordHasher.hash = refuse\n"
        "import db.accounts\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
