"""Staff sign-in for the pages: accounts, optional single sign-on, expiry, and the kiosk PIN where allowed.

The checking itself (argon2, lockout, audit) is db.accounts; this module keeps
who is signed in for one browser session and draws the sign-in screen.
"""

from __future__ import annotations

import importlib
import threading
import time

import streamlit as st

from db.accounts import (
    StaffUser,
    load_user,
    record_sign_out,
    sign_in,
    sign_in_with_identity,
)
from pages.common.resources import session_factory, settings
from survey.kiosk import STAFF_PIN_THROTTLE

SESSION_KEY = "staff_session"
PIN_KEY = "staff_signed_in"  # the kiosk PIN only: opens pages that allow it, never data
NOTICE_KEY = "staff_sign_in_notice"
SSO_REFUSED_KEY = "staff_sso_refused"
SSO_SIGNED_OUT_KEY = "staff_sso_signed_out"  # no silent sign-in from the identity cookie after signing out


def sso_configured() -> bool:
    """Single sign-on is on when secrets.toml has an [auth] section (Streamlit's st.login)."""
    try:
        return bool(st.secrets.get("auth"))
    except Exception:  # noqa: BLE001 - no secrets file at all
        return False


def _sso_email() -> str | None:
    if not sso_configured() or not st.user.get("is_logged_in", False):
        return None
    return st.user.get("email") or None


def _start(user: StaffUser, method: str) -> None:
    st.session_state[SESSION_KEY] = {
        "account_id": user.id, "username": user.username, "method": method, "last_seen": time.time(),
    }
    st.session_state.pop(NOTICE_KEY, None)


def _end(*, expired: bool) -> bool:
    """End the account session; True when the browser is being sent away to drop its identity cookie."""
    info = st.session_state.pop(SESSION_KEY, None)
    if info:
        record_sign_out(session_factory(), info["username"], expired=expired)
        if info["method"] == "single sign-on" and sso_configured():
            st.session_state[SSO_SIGNED_OUT_KEY] = True
            st.logout()  # or the identity cookie would sign her straight back in
            return True
    return False


def current_user() -> StaffUser | None:
    """The signed-in account, if its session is still fresh and the account still active."""
    info = st.session_state.get(SESSION_KEY)
    if info is None:
        email = None if st.session_state.get(SSO_SIGNED_OUT_KEY) else _sso_email()
        if email and st.session_state.get(SSO_REFUSED_KEY) != email:
            user = sign_in_with_identity(session_factory(), email)
            if user is None:
                st.session_state[SSO_REFUSED_KEY] = email
                return None
            _start(user, "single sign-on")
            return user
        return None
    now = time.time()
    if now - info["last_seen"] > settings().session_minutes * 60:
        st.session_state[NOTICE_KEY] = (
            f"You were signed out after {settings().session_minutes} minutes without activity. Please sign in again."
        )
        if _end(expired=True):
            st.stop()
        return None
    with session_factory()() as session:
        user = load_user(session, info["account_id"])
    if user is None:  # deactivated or removed since she signed in
        st.session_state.pop(SESSION_KEY, None)
        return None
    info["last_seen"] = now
    return user


def signed_in() -> bool:
    return SESSION_KEY in st.session_state or bool(st.session_state.get(PIN_KEY))


def sign_out() -> bool:
    """End the staff session here (audited), and the kiosk PIN's too.

    True when single sign-on is sending the browser away to drop its identity: the
    page must then let the run finish (no st.rerun, which would lose the redirect).
    """
    st.session_state.pop(PIN_KEY, None)
    return _end(expired=False)


@st.fragment(run_every=60)
def _expiry_watch() -> None:
    # Reruns on its own every minute, without counting as activity, so an unattended
    # screen stops showing figures once the session has expired.
    info = st.session_state.get(SESSION_KEY)
    if info and time.time() - info["last_seen"] > settings().session_minutes * 60:
        st.rerun(scope="app")


def account_sidebar(user: StaffUser) -> None:
    with st.sidebar:
        scope = "the whole partnership" if user.sees_partnership else user.organisation_name
        st.markdown(f"Signed in as **{user.display_name}** ({user.role}, {scope})")
        if st.button("Sign out", key="staff_sign_out"):
            if sign_out():
                st.stop()
            st.rerun()
        _expiry_watch()


@st.cache_resource(show_spinner=False)
def _warm_up() -> threading.Thread:
    """Import the dashboards' heavy modules while she types her password, once per server."""
    thread = threading.Thread(
        target=lambda: [importlib.import_module(name) for name in ("analysis.charts", "pages.common.data")],
        name="warm-up", daemon=True,
    )
    thread.start()
    return thread


def sign_in_screen(*, pin_allowed: bool) -> None:
    """The sign-in form; never returns (the page stops here)."""
    _warm_up()
    st.title("Staff sign-in")
    if st.session_state.get(NOTICE_KEY):
        st.info(st.session_state[NOTICE_KEY])
    refused = st.session_state.get(SSO_REFUSED_KEY)
    if refused:
        st.error(f"No active staff account uses {refused}. Ask an administrator to add one.")
        if st.button("Sign out of single sign-on"):
            st.session_state.pop(SSO_REFUSED_KEY, None)
            st.logout()
    pin = settings().staff_pin
    if pin_allowed and pin:
        _pin_form(pin)
    else:
        _account_form()
    st.stop()


def _account_form() -> None:
    with st.form("staff_sign_in"):
        username = st.text_input("Username", autocomplete="username")
        password = st.text_input("Password", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if sso_configured():
        if st.button("Sign in with single sign-on"):
            st.session_state.pop(SSO_SIGNED_OUT_KEY, None)
            st.login()
    if not submitted:
        return
    result = sign_in(session_factory(), username, password)
    if result.status == "signed_in":
        _start(result.user, "password")
        st.rerun()
    elif result.status == "locked":
        minutes = max(1, int((result.locked_until.timestamp() - _utc_timestamp()) // 60) + 1)
        st.error(f"Too many failed attempts: this account is locked. Try again in {minutes} minutes.")
    else:
        st.error("That username and password do not match an active account.")


def _utc_timestamp() -> float:
    from db.audit import utc_now

    return utc_now().timestamp()


def _pin_form(pin: str) -> None:
    with st.form("staff_pin"):
        entered = st.text_input("Staff PIN", type="password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        if STAFF_PIN_THROTTLE.check(entered, pin):
            st.session_state[PIN_KEY] = True
            st.rerun()
        wait = STAFF_PIN_THROTTLE.locked_for()
        if wait:
            st.error(f"Too many wrong PINs. Try again in {int(wait // 60) + 1} minutes.")
        else:
            st.error("That PIN is not right.")
