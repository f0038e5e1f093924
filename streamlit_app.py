"""Router and frame: the app's pages and their URL paths. Each page guards itself."""

import streamlit as st

from pages.common.guard import staff_signed_in

home = st.Page("pages/home.py", title="Home", default=True)
responses = st.Page("pages/responses.py", title="Responses", url_path="responses")
# Not the default page: a default page ignores its url_path, and /survey is a contract.
survey = st.Page("pages/survey.py", title="Survey", url_path="survey")

if staff_signed_in():
    navigation = st.navigation({"Staff": [home, responses], "Survivors": [survey]})
else:
    navigation = st.navigation([home, responses, survey], position="hidden")
navigation.run()
