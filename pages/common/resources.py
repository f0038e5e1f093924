"""Process-wide resources for the pages: one sessionmaker, the published survey."""

from __future__ import annotations

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
