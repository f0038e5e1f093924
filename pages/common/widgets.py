"""Survey widgets: one large, labelled Streamlit input per question type, every question optional.

Widget keys carry the attempt number (survey.screens.SurveyState.attempt), so
when answers are discarded the next person gets brand-new widgets: nothing of
the previous attempt can show through. Each widget starts from the answer kept
in the survey state, so Back shows what she chose.
"""

from __future__ import annotations

from html import escape
from typing import Any, Iterable, Mapping

import streamlit as st

from survey.definition import Question, SurveyDefinition
from survey.screens import NOT_APPLY, PREFER_NOT

_PREFIX = "answer:"


def widget_key(attempt: int, name: str, value: Any = None) -> str:
    key = f"{_PREFIX}{attempt}:{name}"
    return key if value is None else f"{key}:{value}"


def question_input(
    definition: SurveyDefinition, question: Question, language: str, attempt: int, answer: Any = None
) -> Any:
    """Draw `question`, starting from `answer`; return what is chosen now (None when nothing)."""
    label = definition.text(question.label, language)
    hint = definition.text(question.hint, language)
    key = widget_key(attempt, question.name)
    labels = {choice.value: definition.text(choice.label, language) for choice in question.choices}
    if question.type == "rating":
        labels[PREFER_NOT] = definition.ui_text("prefer_not_to_say", language)
        labels[NOT_APPLY] = definition.ui_text("does_not_apply", language)
    if question.type in ("single", "rating"):
        options = list(labels)
        index = options.index(answer) if answer in options else None
        return st.radio(label, options, index=index, format_func=labels.get, key=key)
    if question.type == "multiple":
        chosen = set(answer or ())
        # A group with its question as the accessible name (survivor.js adds role="group").
        with st.container(key=f"group-{attempt}-{question.name}"):
            hint_html = f'<span class="question-hint">{escape(hint)}</span>' if hint else ""
            st.html(f'<p class="question-label">{escape(label)}{hint_html}</p>')
            return [value for value, text in labels.items()
                    if st.checkbox(text, value=value in chosen, key=widget_key(attempt, question.name, value))]
    if question.type == "text":
        return st.text_area(label, value=answer or "", key=key, max_chars=question.max_length, height=160) or None
    raise ValueError(f"unknown question type {question.type}")


def read_answers(questions: Iterable[Question], attempt: int) -> dict[str, Any]:
    """The current value of each drawn question's widget, read from session state (for callbacks).

    A question whose widget was not drawn in the last run is left out, so its kept
    answer stands.
    """
    state: Mapping[str, Any] = st.session_state
    values: dict[str, Any] = {}
    for question in questions:
        if question.type == "multiple":
            keys = {value: widget_key(attempt, question.name, value) for value in question.choice_values}
            if any(key in state for key in keys.values()):
                values[question.name] = [value for value, key in keys.items() if state.get(key)]
        elif widget_key(attempt, question.name) in state:
            values[question.name] = state[widget_key(attempt, question.name)]
    return values


def clear_answers() -> None:
    """Forget every answer widget of every attempt in this session."""
    for key in [key for key in st.session_state if str(key).startswith(_PREFIX)]:
        del st.session_state[key]
