"""The survivor's survey, kiosk mode and private links as pages (Streamlit AppTest, real SQLite)."""

from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from db.engine import get_sessionmaker
from db.models import Comment, Response
from tests.conftest import pages_against

ROOT = Path(__file__).resolve().parent.parent
PIN = "246810"


@pytest.fixture
def app_env(app_database, monkeypatch):
    yield from pages_against(app_database, monkeypatch, PIN)


def survey(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "survey.py"), default_timeout=30)
    at.query_params.update(query)
    return at.run()


def stored(url):
    with get_sessionmaker(url)() as session:
        return session.scalars(select(Response)).all(), session.scalars(select(Comment)).all()


def tap(at, label):
    next(button for button in at.button if button.label == label).click().run()
    assert not at.exception, at.exception
    return at


def radio(at, label):
    return next(widget for widget in at.radio if widget.label == label)


def checkbox(at, label):
    return next(widget for widget in at.checkbox if widget.label == label)


def titles(at):
    return [title.value for title in at.title]


def asking_if_still_there(at):
    return any("<h2>Are you still there?</h2>" in html.proto.body for html in at.get("html"))


def survivor(at):
    return at.session_state["survivor"]


def test_a_survivor_goes_screen_by_screen_and_her_response_is_stored_once(app_env):
    at = survey()
    assert titles(at) == ["Your views help make things better"]
    tap(at, "Start")
    assert titles(at) == ["What happened"]
    checkbox(at, "I stayed in a refuge").check().run()
    tap(at, "Next")
    assert titles(at) == ["The refuge or support worker"]
    assert "The police believed me." not in [widget.label for widget in at.radio]  # skip logic
    radio(at, "The staff believed me.").set_value(5).run()
    radio(at, "I felt safer.").set_value("prefer_not_to_say").run()
    tap(at, "Next")
    at.text_area[0].input("They believed me. Ring me on 07700 900123").run()
    tap(at, "Skip this part")  # "In your own words" skipped: what she typed there is dropped
    assert titles(at) == ["About you"]
    tap(at, "Back")
    assert titles(at) == ["In your own words"] and at.text_area[0].value == ""
    at.text_area[1].input("Evening sessions. Call me on 07700 900123").run()
    tap(at, "Next")
    tap(at, "Next")
    assert titles(at) == ["Sharing your words"]
    radio(at, "Can we share what you wrote, with no names, in reports to help make things better?").set_value("yes").run()
    tap(at, "Send my answers")
    assert titles(at) == ["Thank you"]

    responses, comments = stored(app_env)
    assert [(r.site_id, r.language, r.answers) for r in responses] == [
        ("refuge", "en", {"services_used": ["refuge"], "refuge_believed": 5, "quote_consent": "yes"})
    ]
    assert [(c.question, c.text) for c in comments] == [("could_improve", "Evening sessions. Call me on [PHONE]")]
    assert survivor(at).answers == {}  # forgotten as soon as they were stored


def test_progress_back_and_the_answers_kept_on_screen(app_env):
    at = survey()
    tap(at, "Start")
    assert at.get("progress")[0].proto.text == "Part 1 of 4"
    checkbox(at, "Police officers came to see me").check().run()
    radio(at, "When was the last time?").set_value("last_month").run()
    tap(at, "Next")
    assert at.get("progress")[0].proto.text == "Part 2 of 5"
    radio(at, "The police believed me.").set_value(2).run()
    tap(at, "Back")
    assert checkbox(at, "Police officers came to see me").value is True
    assert radio(at, "When was the last time?").value == "last_month"
    tap(at, "Next")
    assert radio(at, "The police believed me.").value == 2


def test_the_thank_you_screen_signposts_help_and_the_sites_contact(app_env):
    at = survey(site="ppu")
    tap(at, "Start")
    for _ in range(4):
        tap(at, "Skip this part")
    text = " ".join(markdown.value for markdown in at.markdown).replace("**", "")
    assert titles(at) == ["Thank you"]
    assert "In an emergency, call 999." in text
    assert "press 55" in text and "cannot speak" in text
    assert "National Domestic Abuse Helpline: 0808 2000 247. It is free, day and night." in text
    assert "Men's Advice Line: 0808 801 0327." in text
    assert "Ask the officer on the front desk, or call 101" in text  # the site's own contact
    tap(at, "Finish")
    assert titles(at) == ["Your views help make things better"]
    assert stored(app_env)[0] == []  # every part skipped: nothing to store


def test_a_polish_response_records_its_language_and_the_next_person_starts_in_english(app_env):
    at = survey()
    at.radio[0].set_value("pl").run()
    assert titles(at) == ["Twoje zdanie pomaga coś poprawić"]
    tap(at, "Zacznij")
    assert titles(at) == ["Co się wydarzyło"]
    checkbox(at, "Moja sprawa trafiła do sądu").check().run()
    tap(at, "Dalej")
    for _ in range(4):
        tap(at, "Pomiń tę część")
    assert titles(at) == ["Dziękujemy"]
    responses, _ = stored(app_env)
    assert [(r.language, r.answers) for r in responses] == [("pl", {"services_used": ["court"]})]
    tap(at, "Zakończ")
    assert titles(at) == ["Your views help make things better"]


def test_quick_exit_discards_every_unsubmitted_answer_on_the_server(app_env):
    at = survey()
    tap(at, "Start")
    checkbox(at, "I stayed in a refuge").check().run()
    tap(at, "Next")
    radio(at, "The staff listened to me.").set_value(4).run()
    assert survivor(at).answers == {"services_used": ["refuge"]}
    at.button(key="survivor_exit_signal").click().run()
    assert survivor(at).answers == {} and survivor(at).screen == "welcome"
    assert not [key for key in at.session_state._state.filtered_state if str(key).startswith("answer:")]
    marker = next(html.proto.body for html in at.get("html") if 'id="survivor-state"' in html.proto.body)
    assert 'data-exited="1"' in marker  # what the browser waits for before it leaves
    assert not at.radio and not at.checkbox  # the page stopped: nothing of hers is drawn
    assert stored(app_env)[0] == []


def test_idle_prompt_then_reset_returns_to_a_fresh_welcome_screen(app_env):
    at = survey()
    tap(at, "Start")
    checkbox(at, "My case went to court").check().run()
    tap(at, "Next")
    at.button(key="survivor_idle_prompt").click().run()
    assert asking_if_still_there(at)
    tap(at, "Yes, I am still here")
    assert not asking_if_still_there(at)
    assert survivor(at).answers == {"services_used": ["court"]}
    at.button(key="survivor_idle_prompt").click().run()
    at.button(key="survivor_idle_reset").click().run()
    assert titles(at) == ["Your views help make things better"]
    assert survivor(at).answers == {} and survivor(at).attempt == 1
    tap(at, "Start")
    assert checkbox(at, "My case went to court").value is False  # a new attempt's widgets


def test_a_fresh_welcome_screen_does_not_ask_if_anyone_is_there(app_env):
    at = survey()
    at.button(key="survivor_idle_prompt").click().run()
    assert not asking_if_still_there(at)


def test_an_unknown_site_link_is_refused_calmly_with_the_exit_still_there(app_env):
    at = survey(site="nowhere")
    assert titles(at) == ["This survey link does not work. Please ask a member of staff for a new one."]
    assert not [button for button in at.button if button.label == "Start"]
    assert any("survivor-exit__button" in html.proto.body for html in at.get("html"))


def test_kiosk_mode_needs_the_pin_records_its_site_and_signs_staff_out(app_env):
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    at.switch_page("pages/kiosk.py").run()
    assert titles(at) == ["Staff sign-in"]
    at.text_input[0].input(PIN)
    at.button[0].click().run()
    at.selectbox[0].select("ppu").run()
    tap(at, "Start kiosk mode")
    assert at.session_state["kiosk_site"] == "ppu"
    assert titles(at) == ["Your views help make things better"]  # now on the survey
    at.switch_page("pages/survey.py").run()  # AppTest does not follow st.switch_page by itself
    tap(at, "Start")
    checkbox(at, "My case went to court").check().run()
    tap(at, "Next")
    for _ in range(4):
        tap(at, "Skip this part")
    assert [(r.site_id, r.answers) for r in stored(app_env)[0]] == [("ppu", {"services_used": ["court"]})]
    at.switch_page("pages/kiosk.py").run()  # e.g. the browser's Back button
    assert titles(at) == ["Staff sign-in"]  # starting kiosk mode signed staff out


def test_the_links_page_gives_each_site_a_link_and_a_qr_code(app_env, monkeypatch):
    monkeypatch.setenv("FEEDBACK_PUBLIC_URL", "https://feedback.example.org")
    at = AppTest.from_file(str(ROOT / "pages" / "links.py"), default_timeout=30).run()
    at.text_input[0].input(PIN)
    at.button[0].click().run()
    at.selectbox[0].select("outreach").run()
    assert at.code[0].value == "https://feedback.example.org/survey?site=outreach"
    assert [element.type for element in at.main].count("image") == 1
    assert [button.proto.label for button in at.get("download_button")] == [
        "Download QR code (PNG)", "Download QR code (SVG, for print)"]


def test_when_storing_fails_she_is_told_and_keeps_her_answers_then_it_is_stored_once(app_env, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from survey import submit as submission

    real_submit = submission.submit_from_device

    def database_down(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    at = survey()
    tap(at, "Start")
    checkbox(at, "I stayed in a refuge").check().run()
    for _ in range(4):
        tap(at, "Next")
    assert titles(at) == ["Sharing your words"]
    monkeypatch.setattr(submission, "submit_from_device", database_down)
    tap(at, "Send my answers")
    assert titles(at) == ["Sharing your words"]
    assert [error.value for error in at.error] == ["Sorry, your answers were not sent. Please try again."]
    assert survivor(at).answers == {"services_used": ["refuge"]}
    monkeypatch.setattr(submission, "submit_from_device", real_submit)
    tap(at, "Send my answers")
    assert titles(at) == ["Thank you"]
    assert [(r.answers) for r in stored(app_env)[0]] == [{"services_used": ["refuge"]}]


def test_opening_the_survey_loads_the_redactor_and_coder_in_the_background(app_database):
    """So the first Send after a server starts does not wait seconds for them (a fresh process: nothing loaded yet)."""
    import subprocess
    import sys

    script = f"""
import sys, threading
import survey.submit  # the package, before AppTest puts pages/ (and its survey.py) on the path
from streamlit.testing.v1 import AppTest
AppTest.from_file({str(ROOT / "pages" / "survey.py")!r}, default_timeout=30).run()
warm_up = [thread for thread in threading.enumerate() if thread.name == "text-work-warm-up"]
assert warm_up, "no warm-up thread"
warm_up[0].join(60)
from analysis.pipeline import default_models
assert default_models.cache_info().currsize == 1, "the coder is not loaded"
assert "textblob" in sys.modules
print("warm")
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**__import__("os").environ, "DATABASE_URL": app_database})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("warm")
