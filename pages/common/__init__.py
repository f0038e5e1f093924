"""Shared pieces of the Streamlit pages. A sub-folder, so Streamlit never lists it as a page."""
