"""Rollups: the dashboard's counts, kept per month, site, service group and contact type.

Dashboards and `analysis summary` read these small tables instead of scanning
every response, so a 24-month summary stays fast at a million responses.
Submission adds each response's counts in its own transaction
(`RollupDelta`, from survey.submit); recoding a comment updates them
(`record_coding`, from analysis enrich); `rebuild_rollups` derives them again
from responses and comments (after an import of old data, or to check them).

Counts are of responses (people), never of comments: a survivor who mentions a
theme in both of her comments counts once for it, with one sentiment about it.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Protocol

from sqlalchemy import Table, TextClause, delete, select, text
from sqlalchemy.orm import Session

from db.models import (
    Comment,
    CommentTheme,
    EqualityRollup,
    RatingRollup,
    Response,
    ResponseRollup,
    ThemeRollup,
)
from survey.services import SERVICE_BITS, SERVICE_GROUPS

from db.tables import EQUALITY_FIELDS, SATISFACTION_QUESTIONS, SERVICE_GROUP_BITS

# 4 or 5 on a five-point scale: agreed, or satisfied.
AGREE_FROM = 4

_GROUP_MASKS = {
    group: sum(SERVICE_BITS[service] for service in services) for group, services in SERVICE_GROUPS.items()
}


class Coding(Protocol):
    """What `record_coding` needs of analysis.pipeline.CommentCoding."""

    themes: tuple[str, ...]
    theme_sentiments: Mapping[str, str]


@dataclass(frozen=True, order=True)
class RollupKey:
    month: str
    site_id: str
    service_groups: int
    contact_when: str


def service_groups(services_mask: int) -> int:
    """The dashboard's service-group bits for a response's services_mask."""
    bits = 0
    for group, mask in _GROUP_MASKS.items():
        if services_mask & mask:
            bits |= SERVICE_GROUP_BITS[group]
    return bits


def rollup_key(month: str, site_id: str, services_mask: int, answers: Mapping[str, Any]) -> RollupKey:
    contact = answers.get("contact_when")
    return RollupKey(month, site_id, service_groups(services_mask), contact if isinstance(contact, str) else "")


def combined_sentiment(labels: Iterable[str]) -> str:
    """One response's sentiment about a theme, from the sentiment in each comment that mentions it."""
    felt = set(labels) - {"neutral"}
    if "mixed" in felt or len(felt) > 1:
        return "mixed"
    return felt.pop() if felt else "neutral"


def response_theme_sentiments(by_question: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """{theme: sentiment} for a response, from {question: {theme: sentiment}} of its comments."""
    labels: dict[str, list[str]] = defaultdict(list)
    for themes in by_question.values():
        for theme, sentiment in themes.items():
            labels[theme].append(sentiment)
    return {theme: combined_sentiment(found) for theme, found in labels.items()}


def coding_theme_sentiments(coding: Coding) -> dict[str, str]:
    return {theme: coding.theme_sentiments.get(theme, "neutral") for theme in coding.themes}


class RollupDelta:
    """Changes to the rollup tables, gathered so each row is written once per transaction."""

    def __init__(self) -> None:
        self.responses: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
        self.ratings: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
        self.themes: dict[tuple, list[int]] = defaultdict(lambda: [0])
        self.equality: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])

    def add_response(self, key: RollupKey, answers: Mapping[str, Any], commented: bool, sign: int = 1) -> None:
        base = (key.month, key.site_id, key.service_groups, key.contact_when)
        counts = self.responses[base]
        counts[0] += sign
        counts[1] += sign * bool(commented)
        for question, value in answers.items():
            # Ratings are the only whole-number answers; choices are text.
            if isinstance(value, int) and not isinstance(value, bool):
                rating = self.ratings[base + (question,)]
                rating[0] += sign
                rating[1] += sign * (value >= AGREE_FROM)
        satisfaction = []
        for question in SATISFACTION_QUESTIONS.values():
            value = answers.get(question)
            answered = isinstance(value, int) and not isinstance(value, bool)
            satisfaction += [answered, answered and value >= AGREE_FROM]
        for field in EQUALITY_FIELDS:
            value = answers.get(field)
            row = self.equality[(key.month, key.service_groups, key.contact_when, field,
                                 value if isinstance(value, str) else "")]
            row[0] += sign
            for index, flag in enumerate(satisfaction, start=1):
                row[index] += sign * bool(flag)

    def add_themes(self, key: RollupKey, theme_sentiments: Mapping[str, str], sign: int = 1) -> None:
        base = (key.month, key.site_id, key.service_groups, key.contact_when)
        for theme, sentiment in theme_sentiments.items():
            self.themes[base + (theme, sentiment)][0] += sign

    def _tables(self):
        key = ["month", "site_id", "service_groups", "contact_when"]
        yield ResponseRollup.__table__, key, ["n", "commented"], self.responses
        yield RatingRollup.__table__, key + ["question"], ["answered", "agree"], self.ratings
        yield ThemeRollup.__table__, key + ["theme", "sentiment"], ["n"], self.themes
        yield (EqualityRollup.__table__, ["month", "service_groups", "contact_when", "field", "value"],
               ["n", "police_answered", "police_agree", "refuge_answered", "refuge_agree"], self.equality)

    def write(self, session: Session) -> None:
        """Add these changes to the stored rollups (insert or update)."""
        for table, key_columns, count_columns, changes in self._tables():
            # Sorted, so concurrent submissions lock rows in one order (no deadlocks on PostgreSQL).
            rows = [
                dict(zip(key_columns, key)) | dict(zip(count_columns, counts))
                for key, counts in sorted(changes.items())
                if any(counts)
            ]
            if rows:
                _upsert_add(session, table, rows, key_columns, count_columns)
        if any(counts[0] < 0 for counts in self.themes.values()):
            # A recoding can empty a theme's row; an empty row would differ from a rebuild.
            session.execute(delete(ThemeRollup).where(ThemeRollup.n == 0))

    def insert(self, session: Session, batch: int = 5000) -> None:
        """Insert these counts into empty rollup tables (rebuild)."""
        for table, key_columns, count_columns, changes in self._tables():
            rows = [
                dict(zip(key_columns, key)) | dict(zip(count_columns, counts))
                for key, counts in sorted(changes.items())
                if any(counts)
            ]
            for start in range(0, len(rows), batch):
                session.execute(table.insert(), rows[start:start + batch])


@functools.lru_cache(maxsize=None)
def _upsert_statement(table_name: str, key_columns: tuple[str, ...], count_columns: tuple[str, ...]) -> TextClause:
    # Plain SQL that SQLite (3.24+) and PostgreSQL both accept; compiled once, not per submission.
    columns = key_columns + count_columns
    return text(
        f"INSERT INTO {table_name} ({', '.join(columns)}) "
        f"VALUES ({', '.join(':' + column for column in columns)}) "
        f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET "
        + ", ".join(f"{column} = {table_name}.{column} + excluded.{column}" for column in count_columns)
    )


def _upsert_add(session: Session, table: Table, rows: list[dict], key_columns: list[str], count_columns: list[str]) -> None:
    session.execute(_upsert_statement(table.name, tuple(key_columns), tuple(count_columns)), rows)


def _stored_themes(session: Session, response_id: str) -> dict[str, dict[str, str]]:
    by_question: dict[str, dict[str, str]] = defaultdict(dict)
    rows = session.execute(
        select(CommentTheme.question, CommentTheme.theme, CommentTheme.sentiment)
        .where(CommentTheme.response_id == response_id)
    )
    for question, theme, sentiment in rows:
        by_question[question][theme] = sentiment
    return by_question


def _response_key(session: Session, response_id: str) -> RollupKey:
    month, site_id, mask, answers = session.execute(
        select(Response.month, Response.site_id, Response.services_mask, Response.answers)
        .where(Response.id == response_id)
    ).one()
    return rollup_key(month, site_id, mask, answers)


def record_coding(session: Session, response_id: str, question: str, coding: Coding) -> None:
    """Store a stored comment's new coding (from its CommentCoding) and update the theme rollup.

    `analysis enrich` calls it when it recodes; it replaces the comment's earlier
    themes. (Submission stores a new comment's themes with the comment: survey.submit.)
    """
    before = _stored_themes(session, response_id)
    after = {q: dict(themes) for q, themes in before.items()}
    after[question] = coding_theme_sentiments(coding)
    if after[question] == before.get(question, {}):
        return
    session.execute(
        delete(CommentTheme).where(CommentTheme.response_id == response_id, CommentTheme.question == question)
    )
    if after[question]:
        session.execute(
            CommentTheme.__table__.insert(),
            [{"response_id": response_id, "question": question, "theme": theme, "sentiment": sentiment}
             for theme, sentiment in sorted(after[question].items())],
        )
    old, new = response_theme_sentiments(before), response_theme_sentiments(after)
    if old == new:
        return
    key = _response_key(session, response_id)
    delta = RollupDelta()
    delta.add_themes(key, {t: s for t, s in old.items() if new.get(t) != s}, sign=-1)
    delta.add_themes(key, {t: s for t, s in new.items() if old.get(t) != s})
    delta.write(session)


def rebuild_rollups(session: Session, chunk: int = 10_000) -> int:
    """Derive comment_themes and every rollup again from responses and comments; returns responses counted.

    Runs in the caller's transaction, so readers see the old rollups or the new ones, never neither.
    """
    for table in (ResponseRollup, RatingRollup, ThemeRollup, EqualityRollup, CommentTheme):
        session.execute(delete(table))
    delta = RollupDelta()
    counted, last = 0, ""
    while True:
        responses = session.execute(
            select(Response.id, Response.month, Response.site_id, Response.services_mask, Response.answers)
            .where(Response.id > last).order_by(Response.id).limit(chunk)
        ).all()
        if not responses:
            break
        first, last = responses[0][0], responses[-1][0]
        comments: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
        theme_rows = []
        for response_id, question, themes, sentiments in session.execute(
            select(Comment.response_id, Comment.question, Comment.themes, Comment.theme_sentiments)
            .where(Comment.response_id >= first, Comment.response_id <= last)
        ):
            coded = {theme: (sentiments or {}).get(theme, "neutral") for theme in themes or ()}
            comments[response_id][question] = coded
            theme_rows += [
                {"response_id": response_id, "question": question, "theme": theme, "sentiment": sentiment}
                for theme, sentiment in sorted(coded.items())
            ]
        if theme_rows:
            session.execute(CommentTheme.__table__.insert(), theme_rows)
        for response_id, month, site_id, mask, answers in responses:
            key = rollup_key(month, site_id, mask, answers)
            delta.add_response(key, answers, commented=response_id in comments)
            if response_id in comments:
                delta.add_themes(key, response_theme_sentiments(comments[response_id]))
        counted += len(responses)
    delta.insert(session)
    session.flush()
    return counted
