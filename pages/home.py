"""Staff home: who is signed in, and where to go."""

import streamlit as st

from pages.common.guard import staff_page

user = staff_page("Survivor feedback")

st.title("Survivor feedback", anchor=False)
st.write(f"Hello {user.display_name}. Anonymous feedback from survivors about the police, refuges "
         "and outreach services" + (" across the partnership." if user.sees_partnership
                                    else f", for {user.organisation_name}."))
st.page_link("pages/dashboard.py", label="Dashboard: responses, satisfaction and every question over time")
st.page_link("pages/themes.py", label="Themes: what survivors write about, and how they feel about it")
st.page_link("pages/comments.py", label="Comments: read what survivors wrote (redacted)")
if user.role in ("lead", "admin"):
    st.page_link("pages/findings.py", label="Findings pack: a workshop or partnership pack, as PowerPoint, PDF or Word")
st.page_link("pages/actions.py", label="You said, we did: record what was done, print the noticeboard poster")
st.page_link("pages/survey.py", label="Open the survivor survey")
