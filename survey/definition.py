"""Survey definitions as data: load, validate (every error names its field) and hash.

Modelled on XLSForm. A definition is a tree: sections hold questions; a question
has a name, a type (single, multiple, rating, text), labels per language,
choices by list name, `relevant` skip logic over earlier answers and
`required` (false by default). See survey/definitions/police-and-refuge.yaml.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator, Mapping

import yaml

from survey.expressions import Expression, ExpressionError, parse

QUESTION_TYPES = ("single", "multiple", "rating", "text")
TEXT_LIMIT = 2000
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
SURVEY_ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,63}$")
CHOICE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]{0,63}$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")

DEFINITIONS_DIR = Path(__file__).with_name("definitions")
DEFAULT_SURVEY_ID = "police-and-refuge"

Label = Mapping[str, str]


@dataclass(frozen=True)
class DefinitionError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class InvalidDefinition(ValueError):
    def __init__(self, errors: list[DefinitionError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    direction: str = "ltr"  # rtl for Urdu, Arabic, ...
    draft: bool = False  # machine or non-professional translation awaiting review


@dataclass(frozen=True)
class Choice:
    value: str | int
    label: Label


@dataclass(frozen=True)
class Question:
    name: str
    type: str
    label: Label
    hint: Label = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()
    relevant: Expression | None = None
    required: bool = False
    max_length: int | None = None

    @cached_property
    def choice_values(self) -> tuple[str | int, ...]:
        return tuple(choice.value for choice in self.choices)


@dataclass(frozen=True)
class Section:
    name: str
    title: Label
    questions: tuple[Question, ...]
    relevant: Expression | None = None
    intro: Label = field(default_factory=dict)


@dataclass(frozen=True)
class SurveyDefinition:
    id: str
    version: int
    source_language: str
    languages: tuple[Language, ...]
    title: Label
    sections: tuple[Section, ...]
    texts: Mapping[str, Label]
    raw: Mapping[str, Any] = field(repr=False, compare=False)

    # Computed once per definition (it is frozen): validation asks for them for every answer.
    @cached_property
    def questions(self) -> tuple[Question, ...]:
        return tuple(question for section in self.sections for question in section.questions)

    @cached_property
    def _by_name(self) -> dict[str, Question]:
        return {question.name: question for question in self.questions}

    def question(self, name: str) -> Question:
        return self._by_name[name]

    @cached_property
    def question_names(self) -> tuple[str, ...]:
        return tuple(question.name for question in self.questions)

    def language(self, code: str) -> Language | None:
        return next((language for language in self.languages if language.code == code), None)

    def section_of(self, question_name: str) -> Section:
        for section in self.sections:
            if any(question.name == question_name for question in section.questions):
                return section
        raise KeyError(question_name)

    def text(self, label: Label, language: str) -> str:
        """A label in `language`, falling back to the source language."""
        return label.get(language) or label.get(self.source_language, "")

    def ui_text(self, key: str, language: str, **values: Any) -> str:
        template = self.text(self.texts.get(key, {}), language)
        return template.format(**values) if values else template

    @property
    def content_hash(self) -> str:
        return content_hash(self)

    def to_dict(self) -> dict[str, Any]:
        return json.loads(json.dumps(self.raw))


# --- content hash -------------------------------------------------------------------


def content_hash(definition: "SurveyDefinition") -> str:
    """SHA-256 of everything that changes what an answer means.

    Question names, types, choices, scales, skip logic, limits and the
    source-language wording of questions are covered. Translations and the
    interface texts (buttons, welcome, thank-you) are not: a professional review
    may correct a Polish label without splitting the version's trends.
    """
    source = definition.source_language

    def text(label: Label) -> str | None:
        return label.get(source)

    canonical = {
        "id": definition.id,
        "version": definition.version,
        "source_language": source,
        "title": text(definition.title),
        "sections": [
            {
                "name": section.name,
                "title": text(section.title),
                "intro": text(section.intro),
                "relevant": section.relevant.source if section.relevant else None,
                "questions": [
                    {
                        "name": question.name,
                        "type": question.type,
                        "label": text(question.label),
                        "hint": text(question.hint),
                        "choices": [[choice.value, text(choice.label)] for choice in question.choices],
                        "relevant": question.relevant.source if question.relevant else None,
                        "required": question.required,
                        "max_length": question.max_length,
                    }
                    for question in section.questions
                ],
            }
            for section in definition.sections
        ],
    }
    encoded = json.dumps(canonical, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


# --- loading and validation -------------------------------------------------------


def load_definition_file(path: str | Path) -> SurveyDefinition:
    """Parse and validate a YAML definition; raises InvalidDefinition naming every field."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "file"
        raise InvalidDefinition([DefinitionError(where, f"not valid YAML: {error}")]) from None
    except OSError as error:
        raise InvalidDefinition([DefinitionError("file", str(error))]) from None
    return definition_from_dict(raw)


def default_definition_path(survey_id: str = DEFAULT_SURVEY_ID) -> Path:
    return DEFINITIONS_DIR / f"{survey_id}.yaml"


def load_default_definition() -> SurveyDefinition:
    return load_definition_file(default_definition_path())


def validate_definition(raw: Any) -> list[DefinitionError]:
    return _Validator(raw).errors


def definition_from_dict(raw: Any) -> SurveyDefinition:
    validator = _Validator(raw)
    if validator.errors:
        raise InvalidDefinition(validator.errors)
    return validator.build()


_TOP_KEYS = {
    "id", "version", "source_language", "languages", "title", "choice_lists", "sections", "texts",
}
_SECTION_KEYS = {"name", "title", "intro", "relevant", "questions"}
_QUESTION_KEYS = {
    "name", "type", "label", "hint", "choices", "scale", "relevant", "required", "max_length",
}
_LANGUAGE_KEYS = {"name", "direction", "draft"}


class _Validator:
    """Collects every problem in a raw definition, each with the field it concerns."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.errors: list[DefinitionError] = []
        self.languages: list[str] = []
        self.source_language = "en"
        if not isinstance(raw, Mapping):
            self.error("definition", "must be a mapping with id, version, languages, sections")
            return
        self.check()

    def error(self, where: str, message: str) -> None:
        self.errors.append(DefinitionError(where, message))

    def unknown_keys(self, node: Mapping, allowed: set[str], where: str) -> None:
        for key in node:
            if key not in allowed:
                self.error(f"{where}.{key}" if where else str(key), f"unknown field (allowed: {', '.join(sorted(allowed))})")

    def check(self) -> None:
        raw = self.raw
        self.unknown_keys(raw, _TOP_KEYS, "")
        survey_id = raw.get("id")
        if not isinstance(survey_id, str) or not SURVEY_ID_PATTERN.match(survey_id):
            self.error("id", "required: lower-case letters, digits and hyphens, e.g. police-and-refuge")
        version = raw.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.error("version", "required: a whole number of 1 or more")
        self.check_languages(raw.get("languages"))
        source = raw.get("source_language", "en")
        if source not in self.languages:
            self.error("source_language", f"{source!r} is not one of languages")
        self.source_language = source
        self.check_label(raw.get("title"), "title", required=True)
        texts = raw.get("texts", {})
        if not isinstance(texts, Mapping):
            self.error("texts", "must map a text name to its labels")
        else:
            for key, label in texts.items():
                self.check_label(label, f"texts.{key}", required=True)
        lists = self.check_choice_lists(raw.get("choice_lists", {}))
        self.check_sections(raw.get("sections"), lists)

    def check_languages(self, languages: Any) -> None:
        if not isinstance(languages, Mapping) or not languages:
            self.error("languages", "required: a mapping of language code to its settings, e.g. en: {name: English}")
            return
        for code, settings in languages.items():
            where = f"languages.{code}"
            if not isinstance(code, str) or not LANGUAGE_PATTERN.match(code):
                self.error(where, "a language code such as en, pl, ur or pa")
                continue
            self.languages.append(code)
            if not isinstance(settings, Mapping) or not isinstance(settings.get("name"), str):
                self.error(where, "needs a name, e.g. {name: Polski}")
                continue
            self.unknown_keys(settings, _LANGUAGE_KEYS, where)
            if settings.get("direction", "ltr") not in ("ltr", "rtl"):
                self.error(f"{where}.direction", "ltr or rtl")
            if not isinstance(settings.get("draft", False), bool):
                self.error(f"{where}.draft", "true or false")

    def check_label(self, label: Any, where: str, required: bool) -> None:
        if label is None:
            if required:
                self.error(where, f"required: text in {self.source_language}")
            return
        if isinstance(label, str):
            if not label.strip():
                self.error(where, "must not be empty")
            return
        if not isinstance(label, Mapping):
            self.error(where, "text, or a mapping of language code to text")
            return
        for code, text in label.items():
            if code not in self.languages:
                self.error(f"{where}.{code}", "language not listed under languages")
            elif not isinstance(text, str) or not text.strip():
                self.error(f"{where}.{code}", "must be non-empty text")
        if self.source_language not in label:
            self.error(where, f"missing the source language ({self.source_language})")

    def check_choice_lists(self, lists: Any) -> dict[str, list]:
        valid: dict[str, list] = {}
        if not isinstance(lists, Mapping):
            self.error("choice_lists", "must map a list name to its choices")
            return valid
        for name, choices in lists.items():
            where = f"choice_lists.{name}"
            if not isinstance(choices, list) or not choices:
                self.error(where, "must be a non-empty list of {value, label}")
                continue
            seen: set = set()
            for index, choice in enumerate(choices):
                here = f"{where}[{index}]"
                if not isinstance(choice, Mapping) or "value" not in choice:
                    self.error(here, "needs a value and a label")
                    continue
                self.unknown_keys(choice, {"value", "label"}, here)
                value = choice["value"]
                if isinstance(value, bool) or not (
                    (isinstance(value, int) and value >= 0)
                    or (isinstance(value, str) and CHOICE_PATTERN.match(value))
                ):
                    self.error(f"{here}.value", "lower-case letters, digits and _ (or a whole number for a scale)")
                elif value in seen:
                    self.error(f"{here}.value", f"{value!r} appears twice in this list")
                seen.add(value)
                self.check_label(choice.get("label"), f"{here}.label", required=True)
            valid[name] = choices
        return valid

    def check_sections(self, sections: Any, lists: dict[str, list]) -> None:
        if not isinstance(sections, list) or not sections:
            self.error("sections", "required: a non-empty list of sections")
            return
        earlier: dict[str, dict] = {}
        section_names: set[str] = set()
        for s_index, section in enumerate(sections):
            where = f"sections[{s_index}]"
            if not isinstance(section, Mapping):
                self.error(where, "must be a mapping with name, title and questions")
                continue
            self.unknown_keys(section, _SECTION_KEYS, where)
            name = section.get("name")
            if not isinstance(name, str) or not NAME_PATTERN.match(name):
                self.error(f"{where}.name", "required: lower_case_with_underscores")
            elif name in section_names:
                self.error(f"{where}.name", f"section {name!r} appears twice")
            section_names.add(name)
            self.check_label(section.get("title"), f"{where}.title", required=True)
            self.check_label(section.get("intro"), f"{where}.intro", required=False)
            self.check_relevant(section.get("relevant"), f"{where}.relevant", earlier)
            questions = section.get("questions")
            if not isinstance(questions, list) or not questions:
                self.error(f"{where}.questions", "required: a non-empty list of questions")
                continue
            for q_index, question in enumerate(questions):
                self.check_question(question, f"{where}.questions[{q_index}]", lists, earlier)

    def check_question(self, question: Any, where: str, lists: dict[str, list], earlier: dict[str, dict]) -> None:
        if not isinstance(question, Mapping):
            self.error(where, "must be a mapping with name, type and label")
            return
        self.unknown_keys(question, _QUESTION_KEYS, where)
        name = question.get("name")
        if not isinstance(name, str) or not NAME_PATTERN.match(name):
            self.error(f"{where}.name", "required: lower_case_with_underscores")
            name = None
        elif name in earlier:
            self.error(f"{where}.name", f"question {name!r} appears twice")
        kind = question.get("type")
        if kind not in QUESTION_TYPES:
            self.error(f"{where}.type", f"one of {', '.join(QUESTION_TYPES)}")
        self.check_label(question.get("label"), f"{where}.label", required=True)
        self.check_label(question.get("hint"), f"{where}.hint", required=False)
        required = question.get("required", False)
        if not isinstance(required, bool):
            self.error(f"{where}.required", "true or false")
        if kind in ("single", "multiple"):
            self.check_list_reference(question, "choices", where, lists, scale=False)
        elif "choices" in question:
            self.error(f"{where}.choices", f"only single and multiple questions have choices (use scale for a rating)")
        if kind == "rating":
            self.check_list_reference(question, "scale", where, lists, scale=True)
        elif "scale" in question:
            self.error(f"{where}.scale", "only rating questions have a scale")
        if kind == "text":
            limit = question.get("max_length", TEXT_LIMIT)
            if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= TEXT_LIMIT:
                self.error(f"{where}.max_length", f"a whole number from 1 to {TEXT_LIMIT}")
        elif "max_length" in question:
            self.error(f"{where}.max_length", "only text questions have max_length")
        self.check_relevant(question.get("relevant"), f"{where}.relevant", earlier)
        if name:
            earlier[name] = dict(question)

    def check_list_reference(self, question: Mapping, key: str, where: str, lists: dict[str, list], scale: bool) -> None:
        list_name = question.get(key)
        if list_name not in lists:
            self.error(f"{where}.{key}", f"required: the name of a list under choice_lists (got {list_name!r})")
            return
        values = [choice.get("value") for choice in lists[list_name] if isinstance(choice, Mapping)]
        if scale and values != list(range(1, len(values) + 1)):
            self.error(f"{where}.{key}", f"a scale's values must be 1, 2, 3 ... in order (list {list_name!r})")
        if not scale and not all(isinstance(value, str) for value in values):
            self.error(f"{where}.{key}", f"choices must be text values (list {list_name!r})")

    def check_relevant(self, source: Any, where: str, earlier: dict[str, dict]) -> None:
        if source is None:
            return
        if not isinstance(source, str):
            self.error(where, "an expression in quotes, e.g. selected(${services_used}, 'refuge')")
            return
        try:
            expression = parse(source)
        except ExpressionError as error:
            self.error(where, f"cannot be read: {error}")
            return
        for name in expression.references():
            if name not in earlier:
                self.error(where, f"refers to {name!r}, which is not an earlier question")
        lists = self.raw.get("choice_lists", {}) if isinstance(self.raw, Mapping) else {}
        for name, value in expression.choice_values():
            question = earlier.get(name)
            if not question or question.get("type") not in ("single", "multiple"):
                continue
            choices = lists.get(question.get("choices"), []) if isinstance(lists, Mapping) else []
            values = {choice.get("value") for choice in choices if isinstance(choice, Mapping)}
            if value not in values:
                self.error(where, f"{value!r} is not a choice of {name!r}")

    # --- building the objects, once valid ---

    def label(self, value: Any) -> dict[str, str]:
        if value is None:
            return {}
        if isinstance(value, str):
            return {self.source_language: value}
        return dict(value)

    def build(self) -> SurveyDefinition:
        raw = self.raw
        lists = raw.get("choice_lists", {})

        def choices(name: str | None) -> tuple[Choice, ...]:
            return tuple(Choice(item["value"], self.label(item["label"])) for item in lists.get(name, []))

        sections = []
        for section in raw["sections"]:
            questions = tuple(
                Question(
                    name=question["name"],
                    type=question["type"],
                    label=self.label(question["label"]),
                    hint=self.label(question.get("hint")),
                    choices=choices(question.get("choices") or question.get("scale")),
                    relevant=parse(question["relevant"]) if question.get("relevant") else None,
                    required=question.get("required", False),
                    max_length=question.get("max_length", TEXT_LIMIT) if question["type"] == "text" else None,
                )
                for question in section["questions"]
            )
            sections.append(
                Section(
                    name=section["name"],
                    title=self.label(section["title"]),
                    questions=questions,
                    relevant=parse(section["relevant"]) if section.get("relevant") else None,
                    intro=self.label(section.get("intro")),
                )
            )
        languages = tuple(
            Language(code, settings["name"], settings.get("direction", "ltr"), settings.get("draft", False))
            for code, settings in raw["languages"].items()
        )
        return SurveyDefinition(
            id=raw["id"],
            version=raw["version"],
            source_language=self.source_language,
            languages=languages,
            title=self.label(raw["title"]),
            sections=tuple(sections),
            texts={key: self.label(value) for key, value in raw.get("texts", {}).items()},
            raw=json.loads(json.dumps(raw)),
        )


def iter_labels(definition: SurveyDefinition) -> Iterator[tuple[str, Label]]:
    """Every (field, label) pair, for translation and reading-age checks."""
    yield "title", definition.title
    for key, label in definition.texts.items():
        yield f"texts.{key}", label
    for section in definition.sections:
        yield f"{section.name}.title", section.title
        if section.intro:
            yield f"{section.name}.intro", section.intro
        for question in section.questions:
            yield f"{question.name}.label", question.label
            if question.hint:
                yield f"{question.name}.hint", question.hint
            for choice in question.choices:
                yield f"{question.name}.{choice.value}", choice.label
