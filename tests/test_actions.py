"""You said, we did: actions recorded and audited, the noticeboard poster, and the survey's thank-you screen."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
import textstat
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from analysis import poster as poster_module
from analysis.actions import (
    ActionInput,
    InvalidAction,
    create_action,
    latest_completed,
    list_actions,
    update_action,
    you_said_we_did,
)
from analysis.poster import export_poster, poster_for, poster_pdf
from db import audit
from db.accounts import StaffUser
from db.engine import get_sessionmaker, write_session
from survey.demo_actions import DEMO_ACTIONS, ensure_demo_actions
from tests.conftest import pages_against

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 7, 20)
LEAD = StaffUser(1, "priya", "Priya", "lead", "midshire-police", "Midshire Police", None)
HAVEN_STAFF = StaffUser(2, "hana", "Hana", "staff", "haven", "Haven Women's Aid", ("refuge",))


def done(theme, said, did, owner, site, completed, *, show=True) -> ActionInput:
    return ActionInput(theme, said, did, owner, site, "completed", date(2026, 1, 5), None, completed, show)


@pytest.fixture
def sites(factory, published):
    return factory


def test_an_action_is_stored_redacted_and_its_creation_audited(sites):
    with write_session(sites) as session:
        action = create_action(session, ActionInput(
            "response_time", "You waited too long. Call Sarah on 07700 900123.",
            "We now call back within two working days; ask DC 1234 Patel or email duty@example.org.",
            "midshire-police", "ppu", "in_progress", date(2026, 3, 1), date(2026, 9, 1)), by=LEAD, today=TODAY)
    assert action.you_said == "You waited too long. Call [NAME] on [PHONE]."
    assert "Patel" not in action.we_did and "duty@example.org" not in action.we_did and "[EMAIL]" in action.we_did
    with sites() as session:
        entry = audit.entries(session, action="action_created")[0]
    assert entry.account == "priya"
    assert entry.details == {"action_id": action.id, "theme": "response_time", "status": "in_progress",
                             "site": "ppu", "owner": "midshire-police"}


def test_an_update_is_audited_with_the_fields_it_changed_and_completion_gets_a_date(sites):
    with write_session(sites) as session:
        action = create_action(session, ActionInput("safety", "You did not feel safe at night.", "Better locks.",
                                                     "haven", "refuge", "planned", date(2026, 5, 1)),
                               by=HAVEN_STAFF, today=TODAY)
    with write_session(sites) as session:
        updated = update_action(session, action.id, ActionInput(
            "safety", "You did not feel safe at night.", "New locks on every door, and a night worker.",
            "haven", "refuge", "completed", date(2026, 5, 1)), by=HAVEN_STAFF, today=TODAY)
        unchanged = update_action(session, action.id, updated.as_input(), by=HAVEN_STAFF, today=TODAY)
    assert updated.completed_on == TODAY and unchanged == updated
    with sites() as session:
        entries = audit.entries(session, action="action_updated")
    assert len(entries) == 1  # saving without a change writes nothing
    assert entries[0].account == "hana"
    assert entries[0].details["changed"] == ["we_did", "status", "completed_on"]


@pytest.mark.parametrize("change, field", [
    ({"theme": "weather"}, "theme"),
    ({"we_did": "   "}, "we_did"),
    ({"status": "done"}, "status"),
    ({"status": "completed", "completed_on": date(2026, 1, 1)}, "completed_on"),  # before it was agreed
    ({"status": "completed", "completed_on": date(2027, 1, 1)}, "completed_on"),  # in the future
    ({"completed_on": date(2026, 6, 1)}, "completed_on"),  # not completed
    ({"site_id": "nowhere"}, "site_id"),
])
def test_a_wrong_action_is_refused_naming_the_field_and_nothing_is_stored(sites, change, field):
    data = ActionInput("safety", "You said this.", "We did that.", "haven", "refuge", "planned", date(2026, 5, 1))
    with pytest.raises(InvalidAction) as refused:
        with write_session(sites) as session:
            create_action(session, ActionInput(**{**data.__dict__, **change}), by=LEAD, today=TODAY)
    assert field in refused.value.errors
    with sites() as session:
        assert list_actions(session) == []


def test_staff_record_actions_only_for_their_own_organisation_and_sites(sites):
    for owner, site in (("midshire-police", "refuge"), ("haven", "ppu"), ("haven", None)):
        with pytest.raises(PermissionError):
            with write_session(sites) as session:
                create_action(session, ActionInput("safety", "a", "b", owner, site), by=HAVEN_STAFF, today=TODAY)
    with write_session(sites) as session:
        police = create_action(session, ActionInput("safety", "a", "b", "midshire-police", "ppu"), by=LEAD, today=TODAY)
    with pytest.raises(PermissionError):
        with write_session(sites) as session:
            update_action(session, police.id, police.as_input(), by=HAVEN_STAFF, today=TODAY)


def test_survivors_at_a_site_see_its_latest_done_actions_and_the_partnerships(sites):
    with write_session(sites) as session:
        for args in [
            ("safety", "Refuge, oldest", "Done first", "haven", "refuge", date(2026, 2, 1)),
            ("safety", "Refuge, newest", "Done last", "haven", "refuge", date(2026, 6, 1)),
            ("access_language", "Everywhere", "Interpreters", "midshire-police", None, date(2026, 5, 1)),
            ("kept_informed", "Police unit only", "Calls", "midshire-police", "ppu", date(2026, 7, 1)),
            ("respect", "Refuge, middle", "Done", "haven", "refuge", date(2026, 4, 1)),
        ]:
            create_action(session, done(*args), by=LEAD, today=TODAY)
        create_action(session, done("safety", "Kept off screens", "Internal", "haven", "refuge", date(2026, 7, 1),
                                    show=False), by=LEAD, today=TODAY)
        create_action(session, ActionInput("safety", "Not done yet", "Planned", "haven", "refuge", "planned"),
                      by=LEAD, today=TODAY)
    with sites() as session:
        assert [said for said, _ in you_said_we_did(session, "refuge")] == [
            "Refuge, newest", "Everywhere", "Refuge, middle"]
        assert [a.you_said for a in latest_completed(session, "ppu")] == ["Police unit only", "Everywhere"]
        # Staff see their sites' actions and the partnership's; the open one first.
        assert [a.you_said for a in list_actions(session, ("refuge",))][:2] == ["Not done yet", "Kept off screens"]
        assert "Police unit only" not in [a.you_said for a in list_actions(session, ("refuge",))]


# --- the poster -----------------------------------------------------------------------------------------


def test_the_poster_is_one_a4_page_with_the_sites_done_actions_and_where_to_get_help(sites):
    with write_session(sites) as session:
        create_action(session, done("emotional_support", "Evenings felt lonely.", "A Tuesday evening group.",
                                    "haven", "refuge", date(2026, 6, 1)), by=LEAD, today=TODAY)
        create_action(session, done("kept_informed", "No news about the case.", "A call every two weeks.",
                                    "midshire-police", "ppu", date(2026, 6, 1)), by=LEAD, today=TODAY)
        create_action(session, ActionInput("safety", "Not done yet.", "Planned.", "haven", "refuge", "planned"),
                      by=LEAD, today=TODAY)
    data = export_poster(sites, "hana", "refuge", public_url="https://feedback.example.org")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4 portrait
    text = " ".join(page.extract_text().split())
    assert "You said, we did" in text and "Haven House Refuge" in text
    assert "Evenings felt lonely." in text and "A Tuesday evening group." in text and "Done in June 2026" in text
    assert "No news about the case." not in text and "Not done yet." not in text
    assert "999" in text and "0808 2000 247" in text
    assert len(page.images) == 1  # the QR code for the site's survey link
    with sites() as session:
        entry = audit.entries(session, action="poster_exported")[0]
    assert entry.account == "hana" and entry.details["filters"] == {"site": "refuge"}


def test_the_poster_says_something_kind_before_any_action_is_done(sites):
    with sites() as session:
        poster = poster_for(session, "outreach")
    text = " ".join(PdfReader(io.BytesIO(poster_pdf(poster))).pages[0].extract_text().split())
    assert poster_module.NOTHING_YET in text and poster_module.ASK_STAFF in text


def test_the_posters_words_and_the_demo_actions_read_at_grade_5_or_below():
    fixed = [poster_module.TITLE, poster_module.INTRO, poster_module.NOTHING_YET, poster_module.TELL_US,
             poster_module.ASK_STAFF, poster_module.SCAN, *poster_module.HELP_LINES]
    demo = [text for action in DEMO_ACTIONS for text in action[1:3]]
    for texts in (fixed, demo):
        assert textstat.flesch_kincaid_grade(" ".join(texts)) <= 5


def test_demo_actions_are_added_once(sites):
    with write_session(sites) as session:
        assert ensure_demo_actions(session, TODAY) == len(DEMO_ACTIONS)
    with write_session(sites) as session:
        assert ensure_demo_actions(session, TODAY) == 0
    with sites() as session:
        assert len(latest_completed(session, "refuge")) >= 2 and len(list_actions(session)) == len(DEMO_ACTIONS)


# --- the survey's thank-you screen ---------------------------------------------------------------------


@pytest.fixture
def survey_env(app_database, monkeypatch):
    yield from pages_against(app_database, monkeypatch)


def finish_survey(site: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "survey.py"), default_timeout=30)
    at.query_params["site"] = site
    at.run()
    for label in ["Start"] + ["Skip this part"] * 4:
        next(button for button in at.button if button.label == label).click().run()
        assert not at.exception, at.exception
    assert [title.value for title in at.title] == ["Thank you"]
    return at


def you_said_list(at) -> str:
    return " ".join(html.proto.body for html in at.get("html") if "you-said-we-did" in html.proto.body)


def test_the_thank_you_screen_shows_the_sites_latest_done_actions_in_plain_words(survey_env):
    factory = get_sessionmaker(survey_env)
    with write_session(factory) as session:
        create_action(session, done("emotional_support", "Evenings in the refuge felt lonely.",
                                    "We started a Tuesday evening group.", "haven", "refuge", date(2026, 6, 1)),
                      by=LEAD, today=TODAY)
        create_action(session, done("kept_informed", "No news about the case.", "A call every two weeks.",
                                    "midshire-police", "ppu", date(2026, 6, 1)), by=LEAD, today=TODAY)
        create_action(session, done("respect", "<b>Staff</b> & [links](https://x.example)", "Fixed <script>.",
                                    "haven", "refuge", date(2026, 5, 1)), by=LEAD, today=TODAY)
    at = finish_survey("refuge")
    assert "You said, we did" in [sub.value for sub in at.subheader]
    shown = you_said_list(at)
    assert "<strong>You said:</strong> Evenings in the refuge felt lonely.<br><strong>We did:</strong> " \
           "We started a Tuesday evening group." in shown
    assert "No news about the case." not in shown  # another site's
    # Staff-written words are shown as words: no markup, no links.
    assert "&lt;b&gt;Staff&lt;/b&gt; &amp; [links]([LINK]" in shown and "<script>" not in shown  # (links redacted)
    # The help comes first; the changes follow it.
    assert at.subheader[0].value == "If you need help"


def test_the_thank_you_screen_has_no_changes_section_where_nothing_is_done_yet(survey_env):
    at = finish_survey("outreach")
    assert "You said, we did" not in [sub.value for sub in at.subheader] and not you_said_list(at)


def test_make_runs_demo_data_includes_done_actions(tmp_path):
    import subprocess
    import sys

    from db.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    upgrade(url)
    result = subprocess.run([sys.executable, "-m", "survey", "demo", "--responses", "30", "--db", url],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert f'added {len(DEMO_ACTIONS)} demo "You said, we did" actions' in result.stdout
    with get_sessionmaker(url)() as session:
        assert [said for said, _ in you_said_we_did(session, "refuge")] == [
            "Evenings in the refuge felt lonely.", "You could not always get someone to speak your language."]
