"""Anonymous submission: validate against the frozen survey, redact, store once.

`prepare_response` is the one way a response is validated, redacted and coded;
`submit_response` stores one (a Submit tap, idempotent on the client's key) and
`store_prepared` many at once (`survey import`, `survey demo`), with the same
rows and rollup counts. They take a session and never commit; the caller's
transaction (one per Submit tap, one per import) does.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from db.engine import write_session
from db.models import Comment, CommentTheme, Response, Site
from db.queries import insert_or_ignore
from db.rollup import RollupDelta, coding_theme_sentiments, response_theme_sentiments, rollup_key
from survey.definition import TEXT_LIMIT, SurveyDefinition
from survey.flow import is_answered, shown_answers
from survey.publish import frozen_definition
from survey.services import services_mask
from survey.textwork import ON_THE_SPOT, TextWork
from survey.weeks import iso_week, month_of_week, parse_week

# Bidirectional overrides and isolates can disguise text; zero-width joiners stay
# (Urdu and Punjabi need them).
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Unicode's control characters (category Cc) but the newline, which clean_text keeps.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


_INSERT_RESPONSE = insert(Response.__table__)
_INSERT_COMMENT = insert(Comment.__table__)
_INSERT_COMMENT_THEME = insert(CommentTheme.__table__)


@dataclass(frozen=True)
class AnswerError:
    field: str  # a question name, or survey, site, language, week, response_id, submission_key
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class InvalidResponse(ValueError):
    """Nothing was stored; each error names the field it concerns."""

    def __init__(self, errors: list[AnswerError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(error) for error in errors))


@dataclass(frozen=True)
class Submission:
    survey_id: str
    version: int
    site_id: str
    language: str
    answers: Mapping[str, Any]
    # Generated once per survey attempt by the client; a double tap sends it twice.
    submission_key: str | None = None


@dataclass(frozen=True)
class Stored:
    response_id: str
    created: bool  # False when the submission key had already been stored


@dataclass
class CleanAnswers:
    choices: dict[str, Any] = field(default_factory=dict)  # single, multiple, rating
    texts: dict[str, str] = field(default_factory=dict)  # redacted free text


def clean_text(text: str, limit: int = TEXT_LIMIT) -> str:
    """Free text without control characters, with newlines kept, capped at `limit`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROL.sub("", _BIDI_CONTROLS.sub("", text))
    return text.strip()[:limit].strip()


def _clean_value(question, value: Any) -> tuple[Any, str | None]:
    """(normalised value, error message or None) for one answered question."""
    if question.type == "single":
        if not isinstance(value, str):
            return None, f"expected one choice as text, got {type(value).__name__}"
        if value not in question.choice_values:
            return None, f"{value!r} is not one of its choices ({', '.join(map(str, question.choice_values))})"
        return value, None
    if question.type == "multiple":
        if isinstance(value, str) or not isinstance(value, (list, tuple, set, frozenset)):
            return None, f"expected a list of choices, got {type(value).__name__}"
        unknown = [item for item in value if item not in question.choice_values]
        if unknown:
            return None, f"{unknown[0]!r} is not one of its choices ({', '.join(map(str, question.choice_values))})"
        chosen = set(value)
        return [choice for choice in question.choice_values if choice in chosen], None
    if question.type == "rating":
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int):
            return None, f"expected a whole number from 1 to {len(question.choices)}"
        if not 1 <= value <= len(question.choices):
            return None, f"{value} is outside the scale 1 to {len(question.choices)}"
        return value, None
    if question.type == "text":
        if not isinstance(value, str):
            return None, f"expected text, got {type(value).__name__}"
        return clean_text(value, question.max_length or TEXT_LIMIT), None
    return None, f"unsupported question type {question.type!r}"  # pragma: no cover


def clean_answers(
    definition: SurveyDefinition, answers: Mapping[str, Any], text_work: TextWork = ON_THE_SPOT
) -> CleanAnswers:
    """Validate every answer against `definition`; raises InvalidResponse listing all errors.

    Unanswered (None, "", []) means skipped. Free text comes back redacted.
    """
    errors: list[AnswerError] = []
    known = set(definition.question_names)
    for name in answers:
        if name not in known:
            errors.append(AnswerError(str(name), f"is not a question in {definition.id} version {definition.version}"))

    values: dict[str, Any] = {}
    for question in definition.questions:
        raw = answers.get(question.name)
        if not is_answered(raw):
            continue
        value, problem = _clean_value(question, raw)
        if problem:
            errors.append(AnswerError(question.name, problem))
        elif is_answered(value):
            values[question.name] = value

    # Skip logic, in survey order, over the answers that are themselves shown.
    shown: dict[str, Any] = {}
    for section in definition.sections:
        section_shown = section.relevant is None or section.relevant.evaluate(shown)
        for question in section.questions:
            asked = section_shown and (question.relevant is None or question.relevant.evaluate(shown))
            condition = question.relevant or section.relevant
            if question.name in values:
                if asked:
                    shown[question.name] = values[question.name]
                else:
                    errors.append(
                        AnswerError(
                            question.name,
                            "was answered, but this question is only asked when "
                            f"{' '.join(condition.source.split()) if condition else 'its section is shown'}",
                        )
                    )
            elif asked and question.required:
                errors.append(AnswerError(question.name, "needs an answer"))

    if errors:
        raise InvalidResponse(errors)
    cleaned = CleanAnswers()
    for name, value in shown.items():
        if definition.question(name).type == "text":
            cleaned.texts[name] = text_work.redact(value)
        else:
            cleaned.choices[name] = value
    return cleaned


def texts_to_work(definition: SurveyDefinition, answers: Mapping[str, Any]) -> list[str]:
    """The cleaned free texts `clean_answers` would redact, for working them out ahead (survey.textwork)."""
    texts = []
    for name, raw in answers.items():
        if isinstance(raw, str) and raw:
            try:
                question = definition.question(name)
            except KeyError:
                continue  # clean_answers will say so
            if question.type == "text":
                texts.append(clean_text(raw, question.max_length or TEXT_LIMIT))
    return texts


def _site_exists(session: Session, site_id: str) -> bool:
    known = session.info.setdefault("known_sites", set())
    if site_id not in known and session.get(Site, site_id) is not None:
        known.add(site_id)
    return site_id in known


def hash_submission_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass
class PreparedResponse:
    """A validated, redacted and coded response, ready to store (nothing written yet)."""

    row: dict[str, Any]
    comments: list[dict[str, Any]]
    # {question: {theme: sentiment}} for comment_themes and the theme rollup.
    themes: dict[str, dict[str, str]]

    @property
    def response_id(self) -> str:
        return self.row["id"]


def prepare_response(
    session: Session,
    submission: Submission,
    *,
    week: str | None = None,
    response_id: str | None = None,
    today: date | None = None,
    text_work: TextWork = ON_THE_SPOT,
) -> PreparedResponse:
    """Validate `submission` against its frozen survey version, redact and code it.

    The response gets a random UUID4 (or `response_id`, when importing one), the
    ISO week of `today` (or `week`, for imports and demo data) and nothing else
    that could identify the moment or the device. Raises InvalidResponse if any
    answer is wrong. Reads the database (survey version, site) but writes nothing.
    `text_work` holds redactions and codings worked out ahead (bulk paths only).
    """
    errors: list[AnswerError] = []
    definition = frozen_definition(session, submission.survey_id, submission.version)
    if definition is None:
        raise InvalidResponse(
            [AnswerError("survey", f"{submission.survey_id} version {submission.version} is not published")]
        )
    if not _site_exists(session, submission.site_id):
        errors.append(AnswerError("site", f"{submission.site_id!r} is not a known site"))
    if definition.language(submission.language) is None:
        codes = ", ".join(language.code for language in definition.languages)
        errors.append(AnswerError("language", f"{submission.language!r} is not offered ({codes})"))
    week = week or iso_week(today or date.today())
    try:
        parse_week(week)
    except ValueError as error:
        errors.append(AnswerError("week", str(error)))
    if response_id is not None and not _UUID.match(response_id):
        errors.append(AnswerError("response_id", f"{response_id!r} is not a random (version 4) UUID"))
    key = submission.submission_key
    if key is not None and not (8 <= len(key) <= 200):
        errors.append(AnswerError("submission_key", "must be 8 to 200 characters"))
    try:
        cleaned = clean_answers(definition, submission.answers, text_work)
    except InvalidResponse as invalid:
        errors.extend(invalid.errors)
    if errors:
        raise InvalidResponse(errors)

    new_id = response_id or str(uuid.uuid4())
    row = {
        "id": new_id,
        "survey_id": definition.id,
        "survey_version": definition.version,
        "site_id": submission.site_id,
        "week": week,
        "month": month_of_week(week),
        "language": submission.language,
        "services_mask": services_mask(cleaned.choices.get("services_used")),
        "answers": cleaned.choices,
        "submission_key": hash_submission_key(key) if key is not None else None,
    }
    # CODING: themes and sentiment, with the coder version that produced them.
    codings = {name: text_work.code(text) for name, text in cleaned.texts.items()}
    comments = [
        {"response_id": new_id, "question": name, "text": text, **coding_columns(codings[name])}
        for name, text in cleaned.texts.items()
    ]
    themes = {name: coding_theme_sentiments(coding) for name, coding in codings.items()}
    return PreparedResponse(row, comments, themes)


def _store_details(session: Session, prepared: list[PreparedResponse], rollups: RollupDelta) -> None:
    """Comments and comment themes of responses whose rows are stored; their counts added to `rollups`."""
    comments = [comment for item in prepared for comment in item.comments]
    if comments:
        session.connection().execute(_INSERT_COMMENT, comments)
    theme_rows = [
        {"response_id": item.response_id, "question": question, "theme": theme, "sentiment": sentiment}
        for item in prepared
        for question, coded in item.themes.items()
        for theme, sentiment in sorted(coded.items())
    ]
    if theme_rows:
        session.connection().execute(_INSERT_COMMENT_THEME, theme_rows)
    for item in prepared:
        row = item.row
        key = rollup_key(row["month"], row["site_id"], row["services_mask"], row["answers"])
        rollups.add_response(key, row["answers"], commented=bool(item.comments))
        rollups.add_themes(key, response_theme_sentiments(item.themes))


def store_prepared(
    session: Session, prepared: list[PreparedResponse], rollups: RollupDelta | None = None
) -> None:
    """Store prepared responses without submission keys, in the caller's transaction.

    The bulk path for `survey import` and `survey demo`: the same rows, comments
    and rollup counts as one `submit_response` per response, written with one
    statement per table instead of one per response.
    """
    if any(item.row["submission_key"] is not None for item in prepared):
        raise ValueError("responses with a submission key go through submit_response (idempotency)")
    if prepared:
        session.connection().execute(_INSERT_RESPONSE, [item.row for item in prepared])
        # With `rollups`, the caller adds up several batches and writes them once, in the same transaction.
        delta = RollupDelta() if rollups is None else rollups
        _store_details(session, prepared, delta)
        if rollups is None:
            delta.write(session)


def submit_response(
    session: Session,
    submission: Submission,
    *,
    week: str | None = None,
    response_id: str | None = None,
    today: date | None = None,
) -> Stored:
    """Validate `submission` (see `prepare_response`) and store it once, in the caller's transaction.

    With a submission key, a second submission with the same key stores nothing
    and returns the first response's id. Raises InvalidResponse, having stored
    nothing, if any answer is wrong.
    """
    prepared = prepare_response(session, submission, week=week, response_id=response_id, today=today)
    key_hash = prepared.row["submission_key"]
    if key_hash is None:
        store_prepared(session, [prepared])
        return Stored(prepared.response_id, created=True)
    if not insert_or_ignore(session, Response.__table__, prepared.row, ["submission_key"]):
        existing = session.scalar(select(Response.id).where(Response.submission_key == key_hash))
        return Stored(existing, created=False)
    delta = RollupDelta()
    _store_details(session, [prepared], delta)
    delta.write(session)
    return Stored(prepared.response_id, created=True)


def coding_columns(coding) -> dict[str, Any]:
    """A comment row's coding columns, from its CommentCoding."""
    return {
        "themes": list(coding.themes),
        "theme_sentiments": dict(coding.theme_sentiments),
        "sentiment": coding.sentiment,
        "polarity": coding.polarity,
        "codebook_version": coding.codebook_version,
    }


def submit_from_device(
    factory: sessionmaker[Session],
    definition: SurveyDefinition,
    *,
    site_id: str,
    language: str,
    answers: Mapping[str, Any],
    submission_key: str,
) -> Stored:
    """What one Submit tap does, in one transaction.

    Answers to questions she can no longer see (she went back and changed an
    earlier answer) are dropped first, as she would expect, rather than refused.
    """
    submission = Submission(
        definition.id, definition.version, site_id, language,
        shown_answers(definition, answers), submission_key,
    )
    with write_session(factory) as session:
        return submit_response(session, submission)
