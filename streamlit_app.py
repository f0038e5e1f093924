"""Router and frame: the app's pages and their URL paths. Each page guards itself."""

import streamlit as st

from pages.common.guard import staff_signed_in

home = st.Page("pages/home.py", title="Home", default=True)
dashboard = st.Page("pages/dashboard.py", title="Dashboard", url_path="dashboard")
themes = st.Page("pages/themes.py", title="Themes", url_path="themes")
comments = st.Page("pages/comments.py", title="Comments", url_path="comments")
findings = st.Page("pages/findings.py", title="Findings pack", url_path="findings")
actions = st.Page("pages/actions.py", title="You said, we did", url_path="actions")
# Not the default page: a default page ignores its url_path, and /survey is a contract.
survey = st.Page("pages/survey.py", title="Survey", url_path="survey")
kiosk = st.Page("pages/kiosk.py", title="Kiosk mode", url_path="kiosk")
links = st.Page("pages/links.py", title="Private survey links", url_path="links")

if staff_signed_in():
    navigation = st.navigation({"Staff": [home, dashboard, themes, comments, findings, actions],
                                "Survivors": [survey, kiosk, links]})
else:
    navigation = st.navigation([home, dashboard, themes, comments, findings, actions, survey, kiosk, links],
                               position="hidden")
navigation.run()
