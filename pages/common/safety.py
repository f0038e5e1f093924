"""The survivor's safety frame on every survivor screen: quick exit, idle reset, and her state.

The survey state (survey.screens.SurveyState) lives only in this browser session's
server-side memory. Hidden buttons are the browser script's way to tell the
server what happened: "Exit this page" (discard, then the script replaces the
page with FEEDBACK_QUICK_EXIT_URL), the idle prompt, the idle reset.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import streamlit as st

from db.settings import Settings
from pages.common.widgets import clear_answers
from survey import screens
from survey.definition import SurveyDefinition
from survey.screens import SurveyState

STATE_KEY = "survivor"
_EXITED = "survivor_exited"


@st.cache_resource
def _script() -> str:
    return (Path(__file__).with_name("assets") / "survivor.js").read_text(encoding="utf-8")


def current_state(definition: SurveyDefinition) -> SurveyState:
    if not isinstance(st.session_state.get(STATE_KEY), SurveyState):
        st.session_state[STATE_KEY] = screens.new_state(definition)
    return st.session_state[STATE_KEY]


def save(state: SurveyState) -> None:
    st.session_state[STATE_KEY] = state


def discard(definition: SurveyDefinition) -> None:
    """Forget every unsubmitted answer of this session: widgets and state alike."""
    clear_answers()
    save(screens.discard(definition, current_state(definition)))


def forget_survivor() -> None:
    """Drop the survey state of this session altogether (kiosk mode starting or stopping)."""
    clear_answers()
    st.session_state.pop(STATE_KEY, None)


def _quick_exit(definition: SurveyDefinition) -> None:
    discard(definition)
    st.session_state[_EXITED] = True


def _ask(definition: SurveyDefinition) -> None:
    state = current_state(definition)
    if screens.has_something_to_forget(definition, state):
        save(screens.ask_if_still_there(state))


def _still_here(definition: SurveyDefinition) -> None:
    save(screens.still_here(current_state(definition)))


def _finish(definition: SurveyDefinition) -> None:
    if current_state(definition).screen == screens.THANKS:
        clear_answers()
        save(screens.finish(definition, current_state(definition)))


def safety_frame(definition: SurveyDefinition, settings: Settings) -> SurveyState:
    """Draw "Exit this page" and the hidden machinery; return her state.

    Stops the page straight after a quick exit, having drawn only the
    confirmation the browser script waits for before it leaves.
    """
    state = current_state(definition)
    exited = st.session_state.pop(_EXITED, False)
    language = state.language
    direction = (definition.language(language) or definition.languages[0]).direction

    def ui(key: str, **values) -> str:
        return escape(definition.ui_text(key, language, **values), quote=True)

    with st.container(key="survivor_exit"):
        st.html(
            f'<div class="survivor-exit"><a class="survivor-exit__button" role="button" '
            f'rel="nofollow noreferrer" href="{escape(settings.quick_exit_url, quote=True)}">{ui("exit")}</a>'
            '<span class="survivor-exit__hint" aria-live="polite"></span></div>'
        )
    with st.container(key="survivor_signals"):
        st.button("exit", key="survivor_exit_signal", on_click=_quick_exit, args=(definition,))
        st.button("idle", key="survivor_idle_prompt", on_click=_ask, args=(definition,))
        st.button("reset", key="survivor_idle_reset", on_click=discard, args=(definition,))
        if state.screen == screens.WELCOME and not exited:
            # Hidden and never read: makes the browser fetch the checkbox and progress bar code
            # while she reads the welcome screen, so the first question appears sooner.
            st.checkbox("preload", key=f"survivor_preload:{state.attempt}")
            st.progress(0)
        st.html(
            f'<div id="survivor-state" data-attempt="{state.attempt}" data-screen="{escape(state.screen)}" '
            f'data-prompt="{int(state.asking_if_still_there)}" '
            f'data-idle="{int(screens.has_something_to_forget(definition, state))}" data-exited="{int(exited)}" '
            f'data-lang="{escape(language)}" data-dir="{direction}" data-idle-seconds="{settings.idle_seconds}" '
            f'data-grace-seconds="{settings.idle_grace_seconds}" data-thanks-seconds="{settings.thank_you_seconds}" '
            f'data-shift-two="{ui("exit_shift_two")}" data-shift-one="{ui("exit_shift_one")}" '
            f'data-leaving="{ui("exit_leaving")}"></div>'
        )
        st.html(f"<script>{_script()}</script>", unsafe_allow_javascript=True)
    if exited:
        st.stop()
    if state.asking_if_still_there:
        with st.container(key="survivor_prompt"):
            st.html(
                f'<div role="alert"><h2>{ui("still_there_title")}</h2>'
                f'<p>{ui("still_there_body", seconds=settings.idle_grace_seconds)}</p></div>'
            )
            st.button(definition.ui_text("still_there_yes", language), key="survivor_still_here",
                      type="primary", on_click=_still_here, args=(definition,))
    return state


def screen_end(state: SurveyState) -> None:
    """Drawn after a screen's content: tells the browser script the new screen is complete."""
    st.html(f'<div class="survivor-screen-end" data-key="{state.attempt}|{escape(state.screen)}"></div>')


def finish_button(definition: SurveyDefinition, state: SurveyState) -> None:
    """The thank-you screen's Finish, which the browser script also taps after the set time."""
    st.button(definition.ui_text("finish", state.language), key="survivor_finish",
              on_click=_finish, args=(definition,))
