"""Process-wide resources for the pages: one sessionmaker, the published survey."""

from __future__ import annotations

import threading

import streamlit as st
from sqlalchemy.orm import Session, sessionmaker

from db.engine import get_sessionmaker, write_session
from db.settings import Settings, get_settings
from survey.definition import SurveyDefinition
from survey.publish import publish_default


@st.cache_resource
def session_factory() -> sessionmaker[Session]:
    return get_sessionmaker()


@st.cache_resource
def settings() -> Settings:
    return get_settings()


@st.cache_resource
def default_survey() -> SurveyDefinition:
    """The default survey, published (frozen) on first use."""
    with write_session(session_factory()) as session:
        return publish_default(session)


@st.cache_resource(show_spinner=False)
def text_work_warm_up() -> threading.Thread:
    """Load the redactor and the coder in the background, once per server.

    The first Send after a server starts would otherwise wait seconds for them
    (TextBlob imports NLTK); she spends those seconds reading the welcome screen.
    """
    from survey.textwork import warm_up

    thread = threading.Thread(target=warm_up, name="text-work-warm-up", daemon=True)
    thread.start()
    return thread
