"""Which sections and questions a survivor sees, given her answers so far (skip logic)."""

from __future__ import annotations

from typing import Any, Mapping

from survey.definition import Question, Section, SurveyDefinition


def is_answered(value: Any) -> bool:
    return value not in (None, "", [], ())


def shown_answers(definition: SurveyDefinition, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers to questions she can see now, in survey order.

    Relevance is decided question by question over the answers kept so far, so
    an answer to a question that is now hidden (she went back and changed her
    services) neither counts nor makes later questions appear.
    """
    kept: dict[str, Any] = {}
    for section in definition.sections:
        if section.relevant and not section.relevant.evaluate(kept):
            continue
        for question in section.questions:
            if question.relevant and not question.relevant.evaluate(kept):
                continue
            value = answers.get(question.name)
            if is_answered(value):
                kept[question.name] = value
    return kept


def section_is_shown(section: Section, answers: Mapping[str, Any]) -> bool:
    return section.relevant is None or section.relevant.evaluate(answers)


def visible_sections(definition: SurveyDefinition, answers: Mapping[str, Any]) -> list[Section]:
    kept = shown_answers(definition, answers)
    return [section for section in definition.sections if section_is_shown(section, kept)]


def visible_questions(definition: SurveyDefinition, section: Section, answers: Mapping[str, Any]) -> list[Question]:
    kept = shown_answers(definition, answers)
    if not section_is_shown(section, kept):
        return []
    return [
        question
        for question in section.questions
        if question.relevant is None or question.relevant.evaluate(kept)
    ]
