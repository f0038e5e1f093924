"""Staff: put this tablet into kiosk mode for a site; it then shows only the survivor's survey.

Starting kiosk mode signs staff out of this browser session, so the survey's
screens, the browser's Back button and any staff address all lead to the staff
sign-in: leaving kiosk mode needs the staff PIN (or, with accounts, a sign-in).
"""

import streamlit as st

from db.queries import list_sites
from pages.common.guard import sign_out, staff_page
from pages.common.resources import session_factory
from pages.common.safety import forget_survivor
from survey.kiosk import KIOSK_SESSION_KEY

staff_page("Kiosk mode", pin_allowed=True)

with session_factory()() as session:
    sites = {site.id: site.name for site in list_sites(session)}
current = st.session_state.get(KIOSK_SESSION_KEY)

st.title("Kiosk mode", anchor=False)
if current in sites:
    st.success(f"This tablet is in kiosk mode for **{sites[current]}**.")
    if st.button("Return to the survey", type="primary"):
        sign_out()
        st.switch_page("pages/survey.py", query_params={"site": current})
    if st.button("Stop kiosk mode"):
        st.session_state.pop(KIOSK_SESSION_KEY, None)
        forget_survivor()
        st.rerun()
    st.stop()

st.markdown(
    "Use this on the tablet survivors will use. After you start kiosk mode:\n\n"
    "- the tablet shows only the survey for the site you choose, with **Exit this page** on every screen;\n"
    "- answers are cleared after each person, after *Exit this page*, and when the tablet is left alone;\n"
    "- you are signed out on this tablet. To leave kiosk mode, press the browser's **Back** button "
    "(or open this page's address) and enter the staff PIN (or sign in) again."
)
if not sites:
    st.warning("There are no sites yet. Add one with `python -m db add-site`.")
    st.stop()
site_id = st.selectbox("Site", list(sites), format_func=sites.get)
if st.button("Start kiosk mode", type="primary"):
    forget_survivor()
    st.session_state[KIOSK_SESSION_KEY] = site_id
    sign_out()  # the tablet is the survivor's now
    st.switch_page("pages/survey.py", query_params={"site": site_id})
