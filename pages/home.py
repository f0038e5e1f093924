"""Staff home: what the platform holds, and where to go."""

import streamlit as st

from pages.common.guard import sign_out, staff_page

staff_page("Survivor feedback")

st.title("Survivor feedback")
st.write("Anonymous feedback from survivors about the police, refuges and outreach services.")
st.page_link("pages/responses.py", label="Responses by month and site")
st.page_link("pages/survey.py", label="Open the survivor survey")
if st.button("Sign out"):
    sign_out()
    st.rerun()
