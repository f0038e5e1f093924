"""The one guard every page calls at its top: survivors see no navigation; staff sign in.

A freshly started Streamlit server can serve a file in pages/ directly without
running streamlit_app.py, so the router cannot be the gate: each page is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Collection

import streamlit as st

from db.accounts import StaffUser
from pages.common import signin

# Everything that could lead away from the survey: sidebar, page links, the
# Streamlit menu, toolbar and deploy button.
_HIDE_CHROME = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarNav"], [data-testid="stSidebarCollapsedControl"],
[data-testid="collapsedControl"], [data-testid="stToolbar"], [data-testid="stHeader"],
[data-testid="stDecoration"], [data-testid="stMainMenu"], [data-testid="stAppDeployButton"],
[data-testid="stStatusWidget"], #MainMenu, header, footer { display: none !important; }
</style>
"""


def survivor_page(title: str = "Feedback") -> None:
    """Call first on every survivor page: no navigation, menu or toolbar; large, calm styles.

    The styles (pages/common/assets/survivor.css) also hide all Streamlit chrome.
    """
    st.set_page_config(page_title=title, layout="centered", initial_sidebar_state="collapsed")
    st.html(_survivor_styles())


@st.cache_resource
def _survivor_styles() -> str:
    return "<style>" + (Path(__file__).with_name("assets") / "survivor.css").read_text(encoding="utf-8") + "</style>"


def staff_signed_in() -> bool:
    """Someone on staff is signed in here (an account, or the kiosk PIN): for the router's menu."""
    return signin.signed_in()


def staff_page(title: str, *, pin_allowed: bool = False, roles: Collection[str] | None = None) -> StaffUser | None:
    """Call first on every staff page: stops the page unless staff have signed in.

    Returns the signed-in account (what she may see: `site_ids`, `sees_partnership`).
    Pages that show no survivor data (kiosk mode, private links) may pass
    `pin_allowed=True` to let the kiosk PIN in as well; they then get None.
    `roles`: only accounts with one of these roles may open the page (e.g. leads and admins).
    """
    st.set_page_config(page_title=title, layout="wide")
    user = signin.current_user()
    if user is not None:
        signin.account_sidebar(user)
        if roles is not None and user.role not in roles:
            st.title(title, anchor=False)
            st.warning(f"This page is for {' and '.join(f'{role}s' for role in roles)} only.")
            st.stop()
        return user
    if pin_allowed and st.session_state.get(signin.PIN_KEY):
        return None
    st.html(_HIDE_CHROME)
    signin.sign_in_screen(pin_allowed=pin_allowed)


def sign_out() -> bool:
    """End staff access in this browser session (audited for an account).

    True when single sign-on redirects the browser to drop its identity cookie.
    """
    return signin.sign_out()
