"""Survey widgets: one Streamlit input per question type, every question optional."""

from __future__ import annotations

from typing import Any

import streamlit as st

from survey.definition import Question, SurveyDefinition

# Ratings also offer these two; both are stored as empty.
PREFER_NOT = "prefer_not_to_say"
NOT_APPLY = "does_not_apply"


def question_input(definition: SurveyDefinition, question: Question, language: str) -> Any:
    """Draw `question` and return its answer (None when skipped)."""
    label = definition.text(question.label, language)
    hint = definition.text(question.hint, language) or None
    key = f"answer:{question.name}"
    labels = {choice.value: definition.text(choice.label, language) for choice in question.choices}
    if question.type == "single":
        return st.radio(label, list(labels), index=None, format_func=labels.get, key=key, help=hint)
    if question.type == "multiple":
        st.markdown(f"**{label}**")
        if hint:
            st.caption(hint)
        return [value for value, text in labels.items() if st.checkbox(text, key=f"{key}:{value}")]
    if question.type == "rating":
        labels[PREFER_NOT] = definition.ui_text("prefer_not_to_say", language)
        labels[NOT_APPLY] = definition.ui_text("does_not_apply", language)
        chosen = st.radio(label, list(labels), index=None, format_func=labels.get, key=key, help=hint)
        return chosen if isinstance(chosen, int) else None
    if question.type == "text":
        return st.text_area(label, key=key, max_chars=question.max_length, help=hint) or None
    raise ValueError(f"unknown question type {question.type}")


def clear_answers() -> None:
    for key in [key for key in st.session_state if str(key).startswith("answer:")]:
        del st.session_state[key]
