"""The survivor's path through the survey, one screen at a time: pure state, no Streamlit.

welcome -> one screen per visible section -> sending -> thanks -> welcome (next person).

A `SurveyState` is immutable: every tap makes a new one. It lives only in the
server's memory for one browser session; nothing here is written to the
database or to the browser until the survivor sends her answers. `discard`
(quick exit, idle reset) and `finish` (after the thank-you screen) forget every
answer and move to a new attempt, whose number the page puts into its widget
keys, so no widget of the previous person's attempt can show through.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from survey.definition import Section, SurveyDefinition
from survey.flow import is_answered, shown_answers, visible_sections

WELCOME = "welcome"
SENDING = "sending"  # she tapped Send (or Skip on the last screen): the page stores the answers
THANKS = "thanks"

# A rating also offers these; both are kept on screen (so Back shows her choice)
# and stored as empty.
PREFER_NOT = "prefer_not_to_say"
NOT_APPLY = "does_not_apply"
RATING_OPT_OUTS = (PREFER_NOT, NOT_APPLY)

# The thank-you screen's signposting, in order: interface texts of the definition.
# The site's own contact follows them.
SIGNPOSTS = ("help_emergency", "help_silent_call", "help_helpline", "help_mens_line")


def new_submission_key() -> str:
    """One per attempt: a double-tapped Send carries the same key and is stored once."""
    return str(uuid.uuid4())


@dataclass(frozen=True)
class SurveyState:
    language: str
    screen: str = WELCOME  # WELCOME, a section name, SENDING or THANKS
    answers: Mapping[str, Any] = field(default_factory=dict)
    submission_key: str = field(default_factory=new_submission_key)
    attempt: int = 0  # grows whenever answers are forgotten
    asking_if_still_there: bool = False
    send_failed: bool = False


@dataclass(frozen=True)
class ScreenView:
    """What the page draws for the current screen."""

    kind: str  # "welcome", "section", "sending" or "thanks"
    section: Section | None = None
    step: int = 0  # 1-based position among the sections she will see
    total: int = 0
    is_last: bool = False


def new_state(definition: SurveyDefinition, attempt: int = 0) -> SurveyState:
    return SurveyState(language=definition.source_language, attempt=attempt)


def choose_language(definition: SurveyDefinition, state: SurveyState, code: str) -> SurveyState:
    if definition.language(code) is None:
        raise ValueError(f"{code!r} is not a language of {definition.id}")
    return replace(state, language=code)


def _sections(definition: SurveyDefinition, answers: Mapping[str, Any]) -> list[Section]:
    return visible_sections(definition, answers)


def _section(definition: SurveyDefinition, name: str) -> Section:
    return next(section for section in definition.sections if section.name == name)


def start(definition: SurveyDefinition, state: SurveyState) -> SurveyState:
    if state.screen != WELCOME:
        return state
    return replace(state, screen=_sections(definition, state.answers)[0].name)


def record(definition: SurveyDefinition, state: SurveyState, values: Mapping[str, Any]) -> SurveyState:
    """Keep what she chose on the current screen; an emptied answer is forgotten.

    Only questions of the current section are taken, whatever `values` holds.
    """
    if state.screen in (WELCOME, SENDING, THANKS):
        return state
    names = {question.name for question in _section(definition, state.screen).questions}
    answers = dict(state.answers)
    for name in names & set(values):
        if is_answered(values[name]):
            answers[name] = values[name]
        else:
            answers.pop(name, None)
    return replace(state, answers=answers)


def go_next(definition: SurveyDefinition, state: SurveyState) -> SurveyState:
    """The next section she will see, or SENDING after the last one."""
    if state.screen in (WELCOME, SENDING, THANKS):
        return state
    names = [section.name for section in _sections(definition, state.answers)]
    later = names[names.index(state.screen) + 1:] if state.screen in names else []
    return replace(state, screen=later[0] if later else SENDING, send_failed=False)


def go_back(definition: SurveyDefinition, state: SurveyState) -> SurveyState:
    """The previous section she saw, or the welcome screen from the first. Answers stay."""
    if state.screen in (WELCOME, SENDING, THANKS):
        return state
    names = [section.name for section in _sections(definition, state.answers)]
    index = names.index(state.screen) if state.screen in names else 0
    return replace(state, screen=names[index - 1] if index > 0 else WELCOME, send_failed=False)


def skip(definition: SurveyDefinition, state: SurveyState) -> SurveyState:
    """Move on without answering this screen: anything chosen on it is forgotten."""
    if state.screen in (WELCOME, SENDING, THANKS):
        return state
    section = _section(definition, state.screen)
    answers = {name: value for name, value in state.answers.items()
               if name not in {question.name for question in section.questions}}
    return go_next(definition, replace(state, answers=answers))


def answers_to_send(definition: SurveyDefinition, state: SurveyState) -> dict[str, Any]:
    """Her answers as the submission expects them: ratings' opt-outs empty, hidden ones dropped."""
    answers = {
        name: value for name, value in state.answers.items()
        if not (definition.question(name).type == "rating" and value in RATING_OPT_OUTS)
    }
    return shown_answers(definition, answers)


def sent(state: SurveyState) -> SurveyState:
    """Stored: show the thank-you screen and forget the answers straight away."""
    return replace(state, screen=THANKS, answers={}, asking_if_still_there=False, send_failed=False)


def not_sent(definition: SurveyDefinition, state: SurveyState) -> SurveyState:
    """Storing failed: back to the last section with every answer kept, to try again."""
    last = _sections(definition, state.answers)[-1].name
    return replace(state, screen=last, send_failed=True)


def discard(definition: SurveyDefinition, state: SurveyState) -> SurveyState:
    """Forget everything unsubmitted (quick exit, idle reset): a fresh welcome screen."""
    return new_state(definition, attempt=state.attempt + 1)


def finish(definition: SurveyDefinition, state: SurveyState) -> SurveyState:
    """After the thank-you screen: the welcome screen for the next person, in the source language."""
    return discard(definition, state)


def ask_if_still_there(state: SurveyState) -> SurveyState:
    return replace(state, asking_if_still_there=True)


def still_here(state: SurveyState) -> SurveyState:
    return replace(state, asking_if_still_there=False)


def has_something_to_forget(definition: SurveyDefinition, state: SurveyState) -> bool:
    """Whether idle time should lead to a reset: anything beyond a fresh welcome screen.

    A language chosen on the welcome screen counts too: it would tell the next
    person something about the last one.
    """
    if state.screen == THANKS:
        return False  # the thank-you screen returns to welcome on its own timer
    return state.screen != WELCOME or bool(state.answers) or state.language != definition.source_language


def view(definition: SurveyDefinition, state: SurveyState) -> ScreenView:
    if state.screen == THANKS:
        return ScreenView("thanks")
    if state.screen in (WELCOME, SENDING):
        return ScreenView(state.screen)
    names = [section.name for section in _sections(definition, state.answers)]
    step = names.index(state.screen) + 1 if state.screen in names else 1
    return ScreenView(
        "section",
        section=_section(definition, state.screen),
        step=step,
        total=len(names),
        is_last=step == len(names),
    )
