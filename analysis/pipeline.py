"""Codes one already-redacted comment end to end: themes, sentiment, per-theme sentiment, codebook version."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

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
def default_models() -> tuple[CodebookThemeCoder, ClauseSentimentScorer]:
    """The codebook and lexicons, loaded once per process."""
    return CodebookThemeCoder().fit(), ClauseSentimentScorer().fit()


def code_comment(
    text: str,
    theme_coder: CodebookThemeCoder | None = None,
    sentiment_scorer: ClauseSentimentScorer | None = None,
) -> CommentCoding:
    """Themes and sentiment of one comment. The text must already be redacted."""
    if theme_coder is None or sentiment_scorer is None:
        default_coder, default_scorer = default_models()
        theme_coder = theme_coder or default_coder
        sentiment_scorer = sentiment_scorer or default_scorer
    normalised = normalise(text or "")
    mentions = theme_coder.mentions(normalised)
    sentiment = sentiment_scorer.score_normalised(normalised)
    themes = tuple(t for t in theme_coder.theme_ids_ if any(m.theme == t for m in mentions))
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
