"""The findings and "You said, we did" pages with AppTest: roles, the pack's figures, quote choices, exports, audit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from analysis.report import build_pack
from analysis.trends import SummaryRequest
from db import audit
from db.accounts import create_account
from db.engine import get_sessionmaker, write_session
from db.models import Comment, Response
from survey.demo import generate_demo
from survey.demo_actions import ensure_demo_actions
from tests.conftest import pages_against

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"
DEMO_TODAY = date(2026, 11, 16)


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory):
    from db.migrate import upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('findings-pages') / 'app.db'}"
    upgrade(url)
    factory = get_sessionmaker(url)
    generate_demo(factory, 400, seed=11, today=DEMO_TODAY)
    with write_session(factory) as session:
        ensure_demo_actions(session, DEMO_TODAY)
        create_account(session, "lead", role="lead", organisation_id="midshire-police", password=PASSWORD)
        create_account(session, "admin", role="admin", organisation_id="midshire-police", password=PASSWORD)
        create_account(session, "haven", role="staff", organisation_id="haven", password=PASSWORD,
                       display_name="Hana (Haven)")
    return url


@pytest.fixture
def app_env(demo_database, monkeypatch):
    yield from pages_against(demo_database, monkeypatch)


def signed_in(path: str, username: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=120).run()
    at.text_input[0].input(username)
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def click(at: AppTest, label: str, index: int = 0) -> AppTest:
    [button for button in at.button if button.label == label][index].click().run()
    assert not at.exception, at.exception
    return at


def quotes_on_page(at: AppTest) -> list[str]:
    return [md.value[2:] for md in at.markdown if md.value.startswith("> ")]


def consenting_comments(url: str) -> set[str]:
    with get_sessionmaker(url)() as session:
        return set(session.scalars(select(Comment.text).join(Response, Response.id == Comment.response_id)
                                   .where(Response.answers["quote_consent"].as_string() == "yes")))


def newest_audit(url: str, action: str):
    with get_sessionmaker(url)() as session:
        return audit.entries(session, action=action)[0]


# --- findings ------------------------------------------------------------------------------------------


def test_staff_cannot_open_the_findings_pack(app_env):
    at = signed_in("pages/findings.py", "haven")
    assert [title.value for title in at.title] == ["Findings pack"]
    assert [warning.value for warning in at.warning] == ["This page is for leads and admins only."]
    assert not at.metric and not at.table and not quotes_on_page(at)


@pytest.mark.parametrize("username", ["lead", "admin"])
def test_leads_and_admins_see_the_pack_with_the_dashboards_figures(app_env, username):
    at = signed_in("pages/findings.py", username)
    assert [title.value for title in at.title] == ["Findings pack"]
    with get_sessionmaker(app_env)() as session:
        expected = build_pack(session, SummaryRequest("2025-12", "2026-11", compare=("2024-12", "2025-11")), 5,
                              emerging_topics=False)
    assert [metric.value for metric in at.metric] == [headline.value for headline in expected.headlines]
    quotes = quotes_on_page(at)
    assert len(quotes) >= 9 and set(quotes) <= consenting_comments(app_env)
    themes = [md.value.split("**")[1] for md in at.markdown if md.value.endswith(("going well", "needs to change"))]
    assert themes == [finding.label for finding in expected.themes] and len(themes) >= 4


def test_a_lead_swaps_and_removes_quotes_and_the_file_she_makes_is_audited(app_env):
    at = signed_in("pages/findings.py", "lead")
    before = quotes_on_page(at)
    click(at, "Swap")
    after_swap = quotes_on_page(at)
    assert after_swap[0] != before[0] and after_swap[1:] == before[1:]
    assert after_swap[0] in consenting_comments(app_env)
    click(at, "Remove", 1)
    assert quotes_on_page(at) == [after_swap[0]] + after_swap[2:]
    assert any("changed the automatic choice" in caption.value for caption in at.caption)

    next(box for box in at.selectbox if box.label == "Format").select("docx").run()
    click(at, "Make the file")
    assert [button.proto.label for button in at.get("download_button")] == ["Download Word"]
    entry = newest_audit(app_env, "findings_pack_exported")
    assert entry.account == "lead" and entry.details["format"] == "docx"
    assert entry.details["quotes_chosen_by"] == "lead"
    assert entry.details["filters"]["from"] == "2025-12" and entry.details["filters"]["sites"] is None


def test_the_comparison_and_sites_chosen_are_the_packs(app_env):
    at = signed_in("pages/findings.py", "lead")
    next(radio for radio in at.radio if radio.label == "Compare with").set_value(
        "The same months a year earlier").run()
    next(box for box in at.multiselect if box.label == "Sites").select("refuge").run()
    assert not at.exception
    caption = at.caption[0].value
    assert caption.startswith("December 2025 to November 2026, compared with December 2024 to November 2025 · "
                              "Haven House Refuge")
    click(at, "Make the file")
    entry = newest_audit(app_env, "findings_pack_exported")
    assert entry.details["filters"]["sites"] == ["refuge"] and entry.details["format"] == "pptx"


# --- you said, we did --------------------------------------------------------------------------------------


def test_a_lead_records_an_action_and_it_is_audited(app_env):
    at = signed_in("pages/actions.py", "lead")
    assert [title.value for title in at.title] == ["You said, we did"]
    form_areas = [area for area in at.text_area if area.label.startswith(("You said", "We did"))]
    form_areas[0].input("You wanted to see a woman officer.")
    form_areas[1].input("You can now ask for a woman officer when you call 101.")
    click(at, "Record the action")
    assert [success.value for success in at.success] == ["Saved. The change is in the audit log."]
    assert "You can now ask for a woman officer when you call 101." in at.table[0].value["We did"].tolist()
    entry = newest_audit(app_env, "action_created")
    assert entry.account == "lead" and entry.details["status"] == "planned"


def test_an_empty_action_is_refused_with_a_reason(app_env):
    at = signed_in("pages/actions.py", "lead")
    click(at, "Record the action")
    assert "Not saved." in at.error[0].value and "You said: say it in a few plain words" in at.error[0].value


def test_staff_record_actions_only_for_their_own_organisation(app_env):
    at = signed_in("pages/actions.py", "haven")
    assert next(box for box in at.selectbox if box.label == "Who does it").options == ["Haven Women's Aid"]
    assert next(box for box in at.selectbox if box.label == "Where").options == ["Haven House Refuge"]
    # The log shows her site's actions and the partnership's, not the police unit's own.
    shown = at.table[0].value["Where"].tolist()
    assert set(shown) <= {"Haven House Refuge", "Every site"} and "Haven House Refuge" in shown


def test_the_noticeboard_poster_is_made_and_audited(app_env):
    at = signed_in("pages/actions.py", "lead")
    next(box for box in at.selectbox if box.label == "Site").select("refuge").run()
    click(at, "Make the poster (PDF)")
    assert [button.proto.label for button in at.get("download_button")] == ["Download the poster"]
    entry = newest_audit(app_env, "poster_exported")
    assert entry.account == "lead" and entry.details["filters"] == {"site": "refuge"}
