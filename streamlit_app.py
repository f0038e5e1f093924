"""Router and frame: the app's pages and their URL paths. Each page guards itself."""

import streamlit as st

from pages.common.guard import staff_signed_in

home = st.Page("pages/home.py", title="Home", default=True)
dashboard = st.Page("pages/dashboard.py", title="Dashboard", url_path="dashboard")
themes = st.Page("pages/themes.py", title="Themes", url_path="themes")
comments = st.Page("pages/comments.py", title="Comments", url_path="comments")
# Not the default page: a default page ignores its url_path, and /survey is a contract.
survey = st.Page("pages/survey.py", title="Survey", url_path="survey")

if staff_signed_in():
    navigation = st.navigation({"Staff": [home, dashboard, themes, comments], "Survivors": [survey]})
else:
    navigation = st.navigation([home, dashboard, themes, comments, survey], position="hidden")
navigation.run()
