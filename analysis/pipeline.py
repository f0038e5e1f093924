"""Codes one already-redacted comment end to end: themes, sentiment, per-theme sentiment, codebook version."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from analysis.learned import LearnedSentimentScorer, LearnedThemeCoder
from analysis.sentiment import ClauseSentimentScorer
from analysis.themes import CodebookThemeCoder, normalise


@dataclass(frozen=True)
class CommentCoding:
    themes: tuple[str, ...]
    sentiment: str
    polarity: float
    theme_sentiments: dict[str, str] = field(hash=False)
    codebook_version: str


@lru_cache(maxsize=1)
def default_models() -> tuple[LearnedThemeCoder, LearnedSentimentScorer]:
    """The learned coder and scorer over the codebook and lexicons, loaded once per process."""
    return LearnedThemeCoder().fit(), LearnedSentimentScorer().fit()


@lru_cache(maxsize=1)
def default_rule_models() -> tuple[CodebookThemeCoder, ClauseSentimentScorer]:
    """The rules alone (codebook patterns, clause sentiment), for comparison and for the learned models."""
    return CodebookThemeCoder().fit(), ClauseSentimentScorer().fit()


def coder_version() -> str:
    """The version the default coder records with each coding; enrich --all recodes the rest."""
    return default_models()[0].version_


def code_comment(
    text: str,
    theme_coder: LearnedThemeCoder | CodebookThemeCoder | None = None,
    sentiment_scorer: LearnedSentimentScorer | ClauseSentimentScorer | None = None,
) -> CommentCoding:
    """Themes and sentiment of one comment. The text must already be redacted."""
    if theme_coder is None or sentiment_scorer is None:
        default_coder, default_scorer = default_models()
        theme_coder = theme_coder or default_coder
        sentiment_scorer = sentiment_scorer or default_scorer
    normalised = normalise(text or "")
    sentiment = sentiment_scorer.score_normalised(normalised)
    if isinstance(theme_coder, CodebookThemeCoder):
        mentions = theme_coder.mentions(normalised)
        themes = tuple(t for t in theme_coder.theme_ids_ if any(m.theme == t for m in mentions))
    else:
        themes, mentions = theme_coder.code_normalised(normalised)
    theme_sentiments = {}
    for theme in themes:
        labels = {sentiment.label_at(m.start) for m in mentions if m.theme == theme}
        theme_sentiments[theme] = _theme_label(labels, sentiment.label)
    return CommentCoding(
        themes=themes,
        sentiment=sentiment.label,
        polarity=round(sentiment.polarity, 4),
        theme_sentiments=theme_sentiments,
        codebook_version=theme_coder.version_,
    )


def _theme_label(clause_labels: set[str], comment_label: str) -> str:
    felt = clause_labels - {"neutral"}
    if len(felt) > 1:
        return "mixed"
    if felt:
        return felt.pop()
    # A plain mention ("the refuge found us a flat") takes the comment's feeling, unless that is split.
    return comment_label if comment_label != "mixed" else "neutral"


@dataclass(frozen=True)
class EnrichResult:
    coded: int          # comments coded by this run
    text_changed: int   # comments whose stored text the current redaction tightened


def pending_comment_count(session, recode_all: bool = False) -> int:
    from sqlalchemy import func, select

    from db.models import Comment

    return session.scalar(select(func.count()).select_from(Comment).where(_pending(recode_all)))


def _pending(recode_all: bool):
    from db.models import Comment

    if recode_all:
        return (Comment.codebook_version.is_(None)) | (Comment.codebook_version != coder_version())
    return Comment.codebook_version.is_(None)


def enrich_comments(factory, *, recode_all: bool = False, batch_size: int = 500, on_batch=None) -> EnrichResult:
    """Codes stored comments not yet coded (or, with recode_all, not coded with this codebook).

    Each batch is its own transaction, so an interrupted run loses at most one batch and the
    next run carries on; coded rows no longer match, so a second run codes nothing.
    """
    from sqlalchemy import select

    from analysis.redact import redact
    from db.engine import write_session
    from db.models import Comment
    from db.rollup import record_coding

    coded = text_changed = 0
    while True:
        with write_session(factory) as session:
            batch = session.scalars(
                select(Comment)
                .where(_pending(recode_all))
                .order_by(Comment.response_id, Comment.question)
                .limit(batch_size)
            ).all()
            for comment in batch:
                # Stored text is already redacted; redaction is idempotent, so running it again
                # only removes what an older, weaker redaction let through.
                safer = redact(comment.text)
                if safer != comment.text:
                    comment.text = safer
                    text_changed += 1
                coding = code_comment(safer)
                comment.themes = list(coding.themes)
                comment.theme_sentiments = dict(coding.theme_sentiments)
                comment.sentiment = coding.sentiment
                comment.polarity = coding.polarity
                comment.codebook_version = coding.codebook_version
                # The normalised themes and the dashboard's theme rollup follow the coding.
                record_coding(session, comment.response_id, comment.question, coding)
        if not batch:
            return EnrichResult(coded, text_changed)
        coded += len(batch)
        if on_batch is not None:
            on_batch(len(batch))
