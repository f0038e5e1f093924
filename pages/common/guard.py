"""The one guard every page calls at its top: survivors see no navigation; staff sign in.

A freshly started Streamlit server can serve a file in pages/ directly without
running streamlit_app.py, so the router cannot be the gate: each page is.
"""

from __future__ import annotations

import streamlit as st

from pages.common.resources import settings
from survey.kiosk import STAFF_PIN_THROTTLE

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
    """Call first on every survivor page."""
    st.set_page_config(page_title=title, layout="centered", initial_sidebar_state="collapsed")
    st.html(_HIDE_CHROME)


def staff_signed_in() -> bool:
    return bool(st.session_state.get("staff_signed_in"))


def staff_page(title: str) -> None:
    """Call first on every staff page: stops the page unless staff have signed in."""
    st.set_page_config(page_title=title, layout="wide")
    if staff_signed_in():
        return
    st.html(_HIDE_CHROME)
    st.title("Staff sign-in")
    pin = settings().staff_pin
    if not pin:
        st.error("Staff access is not set up: set FEEDBACK_STAFF_PIN (`make run` does this for you).")
        st.stop()
    with st.form("staff_pin"):
        entered = st.text_input("Staff PIN", type="password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        if STAFF_PIN_THROTTLE.check(entered, pin):
            st.session_state["staff_signed_in"] = True
            st.rerun()
        wait = STAFF_PIN_THROTTLE.locked_for()
        if wait:
            st.error(f"Too many wrong PINs. Try again in {int(wait // 60) + 1} minutes.")
        else:
            st.error("That PIN is not right.")
    st.stop()


def sign_out() -> None:
    st.session_state.pop("staff_signed_in", None)
