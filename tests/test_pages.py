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


def test_survey_page_submits_a_response_through_the_core(app_env):
    at = app("pages/survey.py").run()
    assert not at.exception
    by_label(at.checkbox, "I stayed in a refuge").check().run()
    # Skip logic: the refuge questions appear, the police ones do not.
    radios = [radio.label for radio in at.radio]
    assert "The staff believed me." in radios and "The police believed me." not in radios
    by_label(at.radio, "The staff believed me.").set_value(5).run()
    by_label(at.text_area, "What went well?").input("Staff believed me. Call me on 07700 900123").run()
    next(button for button in at.button if button.label == "Send my answers").click().run()
    assert not at.exception
    assert "Thank you" in [title.value for title in at.title]

    responses, comments = stored(app_env)
    assert len(responses) == 1
    assert responses[0].site_id == "refuge"  # FEEDBACK_DEFAULT_SITE
    assert responses[0].answers == {"services_used": ["refuge"], "refuge_believed": 5}
    assert comments[0].text == "Staff believed me. Call me on [PHONE]"


def test_survey_page_records_the_site_from_its_link(app_env):
    at = app("pages/survey.py")
    at.query_params["site"] = "ppu"
    at.run()
    by_label(at.radio, "When was the last time?").set_value("last_month").run()
    next(button for button in at.button if button.label == "Send my answers").click().run()
    responses, _ = stored(app_env)
    assert [(r.site_id, r.answers) for r in responses] == [("ppu", {"contact_when": "last_month"})]


def test_survey_page_refuses_an_unknown_site_link_calmly(app_env):
    at = app("pages/survey.py")
    at.query_params["site"] = "nowhere"
    at.run()
    assert "This survey link does not work" in at.warning[0].value
    assert not at.button


# Staff pages (sign-in, roles, filters, the numbers) are tested in tests/test_dashboard_pages.py.
