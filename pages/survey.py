"""The survivor's survey at /survey: welcome, one section per screen, thank-you; leave at any moment.

The flow (which screen is next, Back, Skip, progress) is survey.screens; this page
reads widgets, calls it and draws. Answers stay in this session's server memory
until she sends them; quick exit and idle reset discard them (pages/common/safety.py).
"""

import re
from html import escape

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from analysis.actions import you_said_we_did
from db.queries import get_site
from pages.common.guard import survivor_page
from pages.common.resources import default_survey, session_factory, settings, text_work_warm_up
from pages.common.safety import current_state, finish_button, safety_frame, save, screen_end
from pages.common.widgets import clear_answers, question_input, read_answers
from survey import screens
from survey.flow import visible_questions
from survey.kiosk import KIOSK_SESSION_KEY, survey_site
from survey.submit import InvalidResponse, submit_from_device

survivor_page("Feedback")
definition = default_survey()
config = settings()
text_work_warm_up()


@st.cache_data(ttl=60, show_spinner=False)
def site_details(site_id: str) -> tuple[str, str] | None:
    with session_factory()() as session:
        site = get_site(session, site_id)
        return (site.id, site.contact) if site else None


@st.cache_data(ttl=60, show_spinner=False)
def site_changes(site_id: str) -> list[tuple[str, str]]:
    """The latest done actions survivors here may see, as (you said, we did)."""
    with session_factory()() as session:
        return you_said_we_did(session, site_id)


def ui(key: str, **values) -> str:
    return definition.ui_text(key, current_state(definition).language, **values)


def tap(action: str, screen: str) -> None:
    """Back, Next, Skip or Send; a tap on a screen she has already left (a double tap) does nothing."""
    state = current_state(definition)
    if state.screen != screen:
        return
    if state.screen != screens.WELCOME:
        section = screens.view(definition, state).section
        state = screens.record(definition, state, read_answers(section.questions, state.attempt))
    moves = {"start": screens.start, "back": screens.go_back, "next": screens.go_next, "skip": screens.skip}
    save(moves[action](definition, state))


def bold_numbers(text: str) -> str:
    """Phone numbers in bold, so they stand out to someone noting them down in a hurry."""
    return re.sub(r"(\d[\d ]*\d)", r"**\1**", text)


def choose_language() -> None:
    state = current_state(definition)
    save(screens.choose_language(definition, state, st.session_state[f"language:{state.attempt}"]))


def send(state: screens.SurveyState, site_id: str) -> screens.SurveyState:
    """Store her answers once (the key makes a repeated send harmless); forget them when stored.

    A survey with every part skipped stores nothing: an empty response would only inflate counts.
    """
    answers = screens.answers_to_send(definition, state)
    try:
        if answers:
            submit_from_device(session_factory(), definition, site_id=site_id, language=state.language,
                               answers=answers, submission_key=state.submission_key)
    except (InvalidResponse, SQLAlchemyError):
        return screens.not_sent(definition, state)  # nothing about her answers is logged
    clear_answers()
    return screens.sent(state)


site = site_details(survey_site(st.session_state.get(KIOSK_SESSION_KEY), st.query_params.get("site"), config.default_site))
if site is not None and current_state(definition).screen == screens.SENDING:
    save(send(current_state(definition), site[0]))
state = safety_frame(definition, config)
if site is None:
    st.title(ui("bad_link"), anchor=False)
    screen_end(state)
    st.stop()

view = screens.view(definition, state)
if view.kind == "welcome":
    st.title(ui("welcome_title"), anchor=False)
    st.markdown(ui("welcome_body"))
    st.markdown("\n".join(f"- {ui(key)}" for key in ("welcome_anonymous", "welcome_skip", "welcome_exit")))
    codes = [language.code for language in definition.languages]
    with st.container(key="survivor_language"):
        st.radio(
            " · ".join(f"\u2068{definition.ui_text('language_label', code)}\u2069" for code in codes), codes,
            index=codes.index(state.language), key=f"language:{state.attempt}", horizontal=True,
            format_func=lambda code: definition.language(code).name, on_change=choose_language,
        )
    st.button(ui("start"), key=f"start:{state.attempt}", type="primary", on_click=tap, args=("start", state.screen))

elif view.kind == "section":
    section = view.section
    st.button(ui("back"), key=f"back:{state.attempt}:{section.name}", type="tertiary",
              on_click=tap, args=("back", state.screen))
    st.progress(view.step / view.total, text=ui("progress", step=view.step, total=view.total))
    st.title(definition.text(section.title, state.language), anchor=False)
    if section.intro:
        st.markdown(definition.text(section.intro, state.language))
    if state.send_failed:
        st.error(ui("send_failed"))
    answers = dict(state.answers)
    for question in section.questions:
        # Skip logic over what she has chosen so far, this screen included.
        if question in visible_questions(definition, section, answers):
            answers[question.name] = question_input(
                definition, question, state.language, state.attempt, state.answers.get(question.name))
    st.button(ui("submit") if view.is_last else ui("next"), key=f"next:{state.attempt}:{section.name}",
              type="primary", on_click=tap, args=("next", state.screen))
    st.button(ui("skip"), key=f"skip:{state.attempt}:{section.name}", on_click=tap, args=("skip", state.screen))

else:  # the thank-you screen
    st.title(ui("thanks_title"), anchor=False)
    st.markdown(ui("thanks_body"))
    with st.container(key="survivor_signposting"):
        st.subheader(ui("help_title"), anchor=False)
        st.markdown("\n".join(f"- {bold_numbers(ui(key))}" for key in screens.SIGNPOSTS))
        if site[1]:
            st.markdown(f"{ui('help_site')} {site[1]}")
    changes = site_changes(site[0])
    if changes:  # "You said, we did": staff-written text, shown as text (escaped), never as markup
        st.subheader(ui("actions_title"), anchor=False)
        st.html('<ul class="you-said-we-did">' + "".join(
            f"<li><strong>{escape(ui('actions_you_said'))}</strong> {escape(said)}<br>"
            f"<strong>{escape(ui('actions_we_did'))}</strong> {escape(did)}</li>" for said, did in changes) + "</ul>")
    st.caption(ui("thanks_clearing", seconds=config.thank_you_seconds))
    finish_button(definition, state)

screen_end(state)
