"""Staff pages with AppTest: sign-in gating, roles, filters, and exactly the summary's numbers."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from db import audit
from db.accounts import create_account
from db.engine import get_sessionmaker, write_session
from survey.demo import generate_demo
from tests.conftest import pages_against

ROOT = Path(__file__).resolve().parent.parent
PIN = "246810"
PASSWORD = "correct horse battery"
STAFF_PAGES = ["pages/dashboard.py", "pages/themes.py", "pages/comments.py", "pages/home.py"]


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory):
    """One demo database for the module (400 responses, 24 months to 2026-11-16) with three accounts."""
    from db.migrate import upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('dashboard') / 'app.db'}"
    upgrade(url)
    factory = get_sessionmaker(url)
    generate_demo(factory, 400, seed=11, today=date(2026, 11, 16))
    with write_session(factory) as session:
        create_account(session, "lead", role="lead", organisation_id="midshire-police", password=PASSWORD,
                       display_name="Priya (PPU lead)")
        create_account(session, "haven", role="staff", organisation_id="haven", password=PASSWORD,
                       display_name="Hana (Haven)")
        create_account(session, "admin", role="admin", organisation_id="midshire-police", password=PASSWORD)
    return url


@pytest.fixture
def app_env(demo_database, monkeypatch):
    yield from pages_against(demo_database, monkeypatch, PIN)


def page(path: str) -> AppTest:
    return AppTest.from_file(str(ROOT / path), default_timeout=60)


def signed_in(path: str, username: str) -> AppTest:
    at = page(path).run()
    at.text_input[0].input(username)
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def titles(at) -> list[str]:
    return [title.value for title in at.title]


def summary_json(url: str, *args: str) -> dict:
    result = subprocess.run([sys.executable, "-m", "analysis", "summary", "--db", url, "--format", "json", *args],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


class _Tables(HTMLParser):
    """The figures tables in a page's HTML: rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def figure_tables(at) -> list[list[list[str]]]:
    parser = _Tables()
    for element in at.get("html"):
        if 'class="figures"' in element.proto.body:
            parser.feed(element.proto.body)
    return parser.tables


def table(at, index: int) -> dict[str, list[str]]:
    """Table `index` on the page: its first column as "index", then each column by its heading."""
    header, *rows = figure_tables(at)[index]
    return {"index": [row[0] for row in rows]} | {
        name: [row[position] for row in rows] for position, name in enumerate(header) if position
    }


def audit_actions(url: str) -> list[tuple[str, str]]:
    with get_sessionmaker(url)() as session:
        return [(entry.account, entry.action) for entry in reversed(audit.entries(session))]


# --- gating ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_every_staff_page_asks_for_an_account_and_shows_nothing_else(app_env, path):
    at = page(path).run()
    assert titles(at) == ["Staff sign-in"]
    assert [widget.label for widget in at.text_input] == ["Username", "Password"]
    assert not figure_tables(at) and not at.metric and not at.get("vega_lite_chart")


def test_the_kiosk_pin_does_not_open_a_page_with_figures(app_env):
    # What the kiosk page's PIN form leaves behind (pages/common/signin.PIN_KEY): enough for the
    # kiosk and private-link pages, never for figures.
    at = page("pages/dashboard.py")
    at.session_state["staff_signed_in"] = True
    at.run()
    assert titles(at) == ["Staff sign-in"]
    assert [widget.label for widget in at.text_input] == ["Username", "Password"]
    assert not at.metric


def test_a_wrong_password_is_refused_and_audited(app_env):
    at = page("pages/dashboard.py").run()
    at.text_input[0].input("lead")
    at.text_input[1].input("not the password")
    at.button[0].click().run()
    assert titles(at) == ["Staff sign-in"]
    assert [error.value for error in at.error] == ["That username and password do not match an active account."]
    assert audit_actions(app_env)[-1] == ("lead", "sign_in_failed")


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(app_env):
    with write_session(get_sessionmaker(app_env)) as session:
        create_account(session, "careless", role="staff", organisation_id="haven", password=PASSWORD)
    at = page("pages/dashboard.py").run()
    for attempt in range(5):
        at.text_input[0].input("careless")
        at.text_input[1].input(f"wrong {attempt}")
        at.button[0].click().run()
    assert "this account is locked. Try again in 15 minutes." in at.error[0].value
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert titles(at) == ["Staff sign-in"] and "locked" in at.error[0].value


def test_sign_out_ends_the_session_and_is_audited(app_env):
    at = signed_in("pages/dashboard.py", "lead")
    assert titles(at) == ["Dashboard"]
    next(button for button in at.button if button.label == "Sign out").click().run()
    assert titles(at) == ["Staff sign-in"]
    assert audit_actions(app_env)[-2:] == [("lead", "sign_in"), ("lead", "sign_out")]


def test_the_session_expires_after_the_set_minutes_without_activity(app_env, monkeypatch):
    monkeypatch.setenv("FEEDBACK_SESSION_MINUTES", "30")
    at = signed_in("pages/dashboard.py", "lead")
    assert titles(at) == ["Dashboard"]
    at.session_state["staff_session"]["last_seen"] -= 29 * 60
    at.run()
    assert titles(at) == ["Dashboard"]  # activity within the limit keeps her signed in
    at.session_state["staff_session"]["last_seen"] -= 31 * 60
    at.run()
    assert titles(at) == ["Staff sign-in"] and not at.metric
    assert "signed out after 30 minutes without activity" in at.info[0].value
    assert audit_actions(app_env)[-1] == ("lead", "session_expired")


# --- roles ----------------------------------------------------------------------------------


def test_a_lead_sees_the_partnership_with_equality_figures(app_env):
    at = signed_in("pages/dashboard.py", "lead")
    site = next(box for box in at.selectbox if box.label == "Site")
    assert site.options == ["All sites (the partnership)", "Central Public Protection Unit", "Haven House Refuge",
                            "Northgate Outreach"]
    assert "Age" in [sub.value for sub in at.subheader]


def test_staff_see_only_their_organisation_and_no_equality_breakdown(app_env):
    at = signed_in("pages/dashboard.py", "haven")
    site = next(box for box in at.selectbox if box.label == "Site")
    assert site.options == ["Haven House Refuge"]  # her organisation's only site
    assert "Age" not in [sub.value for sub in at.subheader]
    assert any("whole partnership only" in caption.value for caption in at.caption)
    # Her numbers are the refuge's alone.
    expected = summary_json(app_env, "--from", "2025-12", "--to", "2026-11", "--site", "refuge")
    assert at.metric[0].value == expected["total"]["label"]
    assert table(at, 0)["Responses"] == [group["label"] for group in expected["groups"]]


def test_staff_cannot_ask_for_another_organisations_sites_even_by_editing_state(app_env):
    from db.accounts import StaffUser
    from pages.common.data import allowed
    from analysis.trends import SummaryRequest

    user = StaffUser(2, "haven", "Hana", "staff", "haven", "Haven Women's Aid", ("refuge",))
    with pytest.raises(PermissionError):
        allowed(user, SummaryRequest("2026-01", "2026-03", site_ids=("ppu",)))
    with pytest.raises(PermissionError):
        allowed(user, SummaryRequest("2026-01", "2026-03", site_ids=None))


# --- filters and the numbers ------------------------------------------------------------------


def test_the_dashboard_shows_exactly_the_summary_commands_numbers(app_env):
    at = signed_in("pages/dashboard.py", "lead")
    expected = summary_json(app_env, "--from", "2025-12-01", "--to", "2026-11-30")
    responses = table(at, 0)
    assert responses["index"] == [group["period"] for group in expected["groups"]]
    assert responses["Responses"] == [group["label"] for group in expected["groups"]]
    assert responses["With a comment"] == [group["commented"]["label"] for group in expected["groups"]]
    assert at.metric[0].value == str(expected["total"]["n"])
    police = expected["total"]["measures"]["police_overall"]
    assert at.metric[1].value == f"{police['share']:.0%}"
    satisfaction = table(at, 1)
    for row, group in zip(satisfaction["Satisfied with the police"], expected["groups"]):
        figure = group["measures"]["police_overall"]
        assert row == (figure["label"] if figure["share"] is None else
                       f"{figure['share']:.0%} of {figure['n']} ({figure['ci_low']:.0%} to {figure['ci_high']:.0%})")


def test_filters_change_the_figures_to_the_matching_summary(app_env):
    at = signed_in("pages/dashboard.py", "lead")
    next(box for box in at.selectbox if box.label == "Service").select("outreach").run()
    next(box for box in at.selectbox if box.label == "Site").select("Northgate Outreach").run()
    next(radio for radio in at.radio if radio.label == "Trend by").set_value("quarter").run()
    assert not at.exception
    expected = summary_json(app_env, "--from", "2025-12", "--to", "2026-11", "--by", "quarter",
                            "--site", "outreach", "--service", "outreach")
    responses = table(at, 0)
    assert responses["index"] == [group["period"] for group in expected["groups"]] == [
        "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert responses["Responses"] == [group["label"] for group in expected["groups"]]
    assert at.metric[0].value == expected["total"]["label"]
    # A small site: some figures are suppressed, and no count from 1 to 4 appears anywhere.
    shown = " ".join(" ".join(sum(table(at, i).values(), [])) for i in range(len(figure_tables(at))))
    assert not re.search(r"(?<![\d.%])\b[1-4]\b(?![\d%.])", shown.replace("fewer than 5", ""))


def small_outreach_month(url: str) -> str:
    groups = summary_json(url, "--from", "2025-12", "--to", "2026-11", "--site", "outreach")["groups"]
    return next(group["period"] for group in groups if group["label"] == "fewer than 5")


def test_a_single_month_with_a_small_group_shows_fewer_than_five_and_no_share(app_env):
    month = small_outreach_month(app_env)
    at = signed_in("pages/dashboard.py", "lead")
    next(radio for radio in at.radio if radio.label == "Period").set_value("Month").run()
    next(box for box in at.selectbox if box.label == "Month").select(month).run()
    next(box for box in at.selectbox if box.label == "Site").select("Northgate Outreach").run()
    assert at.metric[0].value == "fewer than 5"
    assert at.metric[1].value in ("fewer than 5", "hidden") and at.metric[2].value in ("fewer than 5", "hidden")
    assert all("%" not in cell for cell in table(at, 1)["Satisfied with the police"])
    assert any("longer period" in info.value for info in at.info)


# --- themes and comments -----------------------------------------------------------------------


def test_themes_page_draws_each_chart_with_its_table(app_env):
    at = signed_in("pages/themes.py", "lead")
    assert titles(at) == ["Themes"]
    assert len(at.get("vega_lite_chart")) == 4
    themes = table(at, 0)
    assert themes["index"][0] == "Being believed"
    assert [button.proto.label for button in at.get("download_button")] == ["Download this chart (PNG)"] * 4
    # One theme's feeling over time: its table follows the chosen theme.
    next(box for box in at.selectbox if box.label == "Theme, over time").select("kept_informed").run()
    expected = summary_json(app_env, "--from", "2025-12", "--to", "2026-11")
    feeling = table(at, 2)
    assert feeling["People mentioning it"] == [g["themes"]["kept_informed"]["label"] for g in expected["groups"]]


def test_comments_explorer_filters_by_theme_and_shows_only_redacted_text_by_month(app_env):
    at = signed_in("pages/comments.py", "lead")
    next(box for box in at.selectbox if box.label == "Theme").select("kept_informed").run()
    assert not at.exception
    texts = [element.value for element in at.text]
    assert texts, "some comments about keeping informed"
    captions = [caption.value for caption in at.caption if "Kept informed" in caption.value]
    assert len(captions) == len(texts)
    assert all(re.match(r"^\d{4}-\d{2} · ", caption) for caption in captions)  # the month, nothing finer
    joined = " ".join(texts)
    assert not re.search(r"07700|@example|\+44|B23 6TE|AB12 CDE", joined)


def test_comments_from_a_group_smaller_than_min_cell_are_never_shown(app_env):
    month = small_outreach_month(app_env)
    at = signed_in("pages/comments.py", "lead")
    next(box for box in at.selectbox if box.label == "Site").select("Northgate Outreach").run()
    next(radio for radio in at.radio if radio.label == "Period").set_value("Month").run()
    next(box for box in at.selectbox if box.label == "Month").select(month).run()
    assert not at.text
    assert at.info[0].value == "Comments are shown only for groups of at least 5 people. Widen the period or the filters."
