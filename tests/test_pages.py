"""Page tests with Streamlit's AppTest: the survey submits through the core; staff pages need the PIN."""

from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from db.engine import get_sessionmaker
from db.models import Comment, Response

ROOT = Path(__file__).resolve().parent.parent
PIN = "246810"


def app(page: str) -> AppTest:
    return AppTest.from_file(str(ROOT / page), default_timeout=30)


@pytest.fixture
def app_env(app_database, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app_database)
    monkeypatch.setenv("FEEDBACK_STAFF_PIN", PIN)
    # Cached resources and data leak between AppTest runs in one process.
    st.cache_resource.clear()
    st.cache_data.clear()
    yield app_database
    st.cache_resource.clear()
    st.cache_data.clear()


def stored(url):
    with get_sessionmaker(url)() as session:
        return session.scalars(select(Response)).all(), session.scalars(select(Comment)).all()


def by_label(widgets, label):
    return next(widget for widget in widgets if widget.label == label)


# The survivor's survey page is tested in tests/test_survey_pages.py.


# Staff pages (sign-in, roles, filters, the numbers) are tested in tests/test_dashboard_pages.py.
