"""The survivor's survey at /survey: anonymous, every question optional, no staff navigation."""

import uuid

import streamlit as st

from db.queries import get_site
from pages.common.guard import survivor_page
from pages.common.resources import default_survey, session_factory, settings
from pages.common.widgets import clear_answers, question_input
from survey.flow import visible_questions
from survey.submit import InvalidResponse, submit_from_device

survivor_page("Feedback")

definition = default_survey()
language = definition.source_language
site_id = st.query_params.get("site") or settings().default_site
with session_factory()() as session:
    site = get_site(session, site_id)
if site is None:
    st.warning("This survey link does not work. Please ask a member of staff for a new one.")
    st.stop()

if "submission_key" not in st.session_state:
    st.session_state["submission_key"] = str(uuid.uuid4())

if st.session_state.get("submitted"):
    st.title(definition.ui_text("thanks_title", language))
    st.write(definition.ui_text("thanks_body", language))
    st.write("In an emergency call 999. National Domestic Abuse Helpline: 0808 2000 247 (free, 24 hours).")
    if site.contact:
        st.write(site.contact)
    if st.button(definition.ui_text("start", language)):
        del st.session_state["submitted"]
        st.rerun()
    st.stop()

st.title(definition.text(definition.title, language))
st.write(definition.ui_text("welcome_body", language))

answers: dict = {}
for section in definition.sections:
    questions = visible_questions(definition, section, answers)
    if not questions:
        continue
    st.header(definition.text(section.title, language))
    if section.intro:
        st.write(definition.text(section.intro, language))
    for question in questions:
        answers[question.name] = question_input(definition, question, language)

if st.button(definition.ui_text("submit", language), type="primary"):
    try:
        submit_from_device(
            session_factory(), definition, site_id=site.id, language=language,
            answers=answers, submission_key=st.session_state["submission_key"],
        )
    except InvalidResponse as invalid:
        for error in invalid.errors:
            st.error(str(error))
    else:
        clear_answers()
        st.session_state["submission_key"] = str(uuid.uuid4())
        st.session_state["submitted"] = True
        st.rerun()
