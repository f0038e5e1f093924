"""Scores a comment positive, negative, neutral or mixed, clause by clause, with a polarity in [-1, 1]."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import yaml

from analysis.themes import PhraseIndex, compile_alternatives, normalise

LEXICON_PATH = Path(__file__).parent / "data" / "sentiment_lexicon.yaml"
SENTIMENT_LABELS = ("positive", "negative", "neutral", "mixed")

# Clauses end at sentence punctuation, commas and dashes, and before words that turn an argument.
_CLAUSE_BREAK = re.compile(
    r"[.!?;\n]+|,|\s[-–]\s|\s(?=(?:but|though|although|however|except|yet|whereas|otherwise|apart from)\b)"
)
_NEGATOR = re.compile(
    r"(?<![\w'])(?:not|no|never|nobody|none|nothing|neither|nor|without|hardly|barely"
    r"|\w+n't|cannot|no one)(?![\w'])"
)
_WORD = re.compile(r"[\w'£-]+")
_NEGATION_WINDOW_WORDS = 5
_INTENSIFIERS = frozenset(
    "very so really extremely absolutely completely totally incredibly super especially".split()
)
_TEXTBLOB_WEIGHT = 0.8
_CLAUSE_THRESHOLD = 0.1
_MIXED_BALANCE = 0.4
_FALLBACK_THRESHOLD = 0.3
_NON_ANSWER_WORDS = 5
# "Nothing else to say, thanks": a short comment built around one of these says nothing either way.
_NON_ANSWER = re.compile(
    r"\b(?:nothing (?:else |more )?to (?:say|add|report)|(?:don't|do not) know what else"
    r"|no comment|not sure what (?:else )?to (?:say|add)|nothing (?:else|more)(?: really)?$)"
)
_NON_ANSWER_MAX_WORDS = 10
# "Nothing, they were all amazing": the answer "nothing" to "what could improve", then praise.
_NOTHING_THEN_PRAISE = re.compile(r"^\W*(?:nothing|none|no)\W+(?:they|it|everyone|everything|all|she|he) (?:was|were|is|are)\b")
_CONTACT_DETAILS = re.compile(
    r"\[(?:phone|email|address|postcode)\]|\b(?:ring|call|text|message|email|write to|contact) me\b"
    r"|\b(?:i'd like to know|i want to know|not sure|i don't know)\b"
)


@dataclass(frozen=True)
class ClauseScore:
    start: int
    end: int
    polarity: float

    @property
    def label(self) -> str:
        if self.polarity >= _CLAUSE_THRESHOLD:
            return "positive"
        if self.polarity <= -_CLAUSE_THRESHOLD:
            return "negative"
        return "neutral"


@dataclass(frozen=True)
class SentimentResult:
    label: str
    polarity: float
    clauses: tuple[ClauseScore, ...]

    def label_at(self, offset: int) -> str:
        """Sentiment of the clause holding this offset of the normalised text."""
        for clause in self.clauses:
            if clause.start <= offset < clause.end:
                return clause.label
        return "neutral"


@dataclass(frozen=True)
class _Lexicon:
    facts: PhraseIndex
    weights: tuple[float, ...]
    sarcasm: re.Pattern | None
    sarcasm_strong: re.Pattern | None
    suggestion: re.Pattern | None
    neutralise: re.Pattern | None


@lru_cache(maxsize=4)
def _load_lexicon(path: str) -> _Lexicon:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    # Longer phrases first, so "nobody came" wins over "came" at the same place.
    facts = sorted(raw["facts"].items(), key=lambda item: -len(str(item[0])))

    def alternation(items: Iterable[str], compile_each) -> re.Pattern | None:
        sources = [compile_each(str(item)) for item in items]
        return re.compile("|".join(sources)) if sources else None

    return _Lexicon(
        facts=PhraseIndex([str(phrase) for phrase, _ in facts]),
        weights=tuple(float(weight) for _, weight in facts),
        sarcasm=alternation(raw.get("sarcasm", ()), lambda s: f"(?:{s})"),
        sarcasm_strong=alternation(raw.get("sarcasm_strong", ()), lambda s: f"(?:{s})"),
        suggestion=compile_alternatives(raw["suggestion"]) if raw.get("suggestion") else None,
        neutralise=compile_alternatives(raw["neutralise"]) if raw.get("neutralise") else None,
    )


@lru_cache(maxsize=1)
def _textblob_word_polarity() -> dict[str, float]:
    """Word polarities from the lexicon TextBlob's PatternAnalyzer scores with (shipped, not downloaded)."""
    from textblob.en import sentiment

    sentiment.load()
    polarities = {}
    for word, senses in sentiment.items():
        if " " in word:
            continue
        scores = senses.get(None) or next(iter(senses.values()))
        polarities[word] = scores[0]
    return polarities


@lru_cache(maxsize=1)
def _pattern_analyzer():
    from textblob.en.sentiments import PatternAnalyzer

    return PatternAnalyzer()


def split_clauses(normalised_text: str) -> list[tuple[int, int]]:
    spans, cursor = [], 0
    for match in _CLAUSE_BREAK.finditer(normalised_text):
        if match.start() > cursor:
            spans.append((cursor, match.start()))
        cursor = match.end()
    if cursor < len(normalised_text):
        spans.append((cursor, len(normalised_text)))
    return [(a, b) for a, b in spans if normalised_text[a:b].strip()]


class ClauseSentimentScorer:
    """TextBlob's analyser per clause plus a domain lexicon, negation, sarcasm and contrast rules."""

    def __init__(self, lexicon_path: Path | str = LEXICON_PATH, textblob_weight: float = _TEXTBLOB_WEIGHT):
        self.lexicon_path = lexicon_path
        self.textblob_weight = textblob_weight

    def fit(self, texts: Sequence[str] | None = None, labels: Sequence | None = None) -> "ClauseSentimentScorer":
        self.lexicon_ = _load_lexicon(str(self.lexicon_path))
        self.word_polarity_ = _textblob_word_polarity()
        return self

    def predict(self, texts: Iterable[str]) -> list[str]:
        return [self.score(text).label for text in texts]

    def score(self, text: str) -> SentimentResult:
        return self.score_normalised(normalise(text))

    def score_normalised(self, text: str) -> SentimentResult:
        lexicon = self.lexicon_
        sarcasm_at = [m.start() for m in lexicon.sarcasm.finditer(text)] if lexicon.sarcasm else []
        strong_sarcasm_at = (
            [m.start() for m in lexicon.sarcasm_strong.finditer(text)] if lexicon.sarcasm_strong else []
        )
        clauses = []
        bad_news = False
        praise_after_nothing = _NOTHING_THEN_PRAISE.match(text)
        for start, end in split_clauses(text):
            clause_start = praise_after_nothing.end() - 1 if praise_after_nothing and start == 0 else start
            polarity, had_bad_fact = self._clause_polarity(text[clause_start:end])
            bad_news = bad_news or had_bad_fact or polarity <= -0.2
            clauses.append([start, end, polarity])
        if _NON_ANSWER.search(text) and len(_WORD.findall(text)) <= _NON_ANSWER_MAX_WORDS:
            return SentimentResult("neutral", 0.0, clauses=tuple(ClauseScore(a, b, 0.0) for a, b, _ in clauses))
        cues = strong_sarcasm_at + (sarcasm_at if bad_news else [])
        for clause in clauses:
            # Praise beside a sarcasm cue is irony: "sooo helpful being told to just leave".
            if any(clause[0] <= at < clause[1] + 2 for at in cues):
                clause[2] = -max(abs(clause[2]), 0.4)
        scored = tuple(ClauseScore(a, b, p) for a, b, p in clauses)
        label, polarity = _combine(scored)
        if label == "neutral" and not any(c.polarity for c in scored) and not self._plainly_neutral(text):
            # No clause carried a signal. TextBlob's reading of the whole comment decides if it
            # has one; otherwise an account of what happened, told unprompted, is a complaint
            # far more often than praise (neutral comments are non-answers, suggestions and
            # contact details).
            whole = _pattern_analyzer().analyze(text).polarity
            if abs(whole) >= _FALLBACK_THRESHOLD:
                label, polarity = ("positive" if whole > 0 else "negative"), whole * 0.5
            else:
                label, polarity = "negative", -_CLAUSE_THRESHOLD
        return SentimentResult(label, polarity, clauses=scored)

    def _plainly_neutral(self, text: str) -> bool:
        lexicon = self.lexicon_
        return (
            len(_WORD.findall(text)) <= _NON_ANSWER_WORDS
            or bool(lexicon.suggestion and lexicon.suggestion.search(text))
            or bool(_CONTACT_DETAILS.search(text))
        )

    def _clause_polarity(self, clause: str) -> tuple[float, bool]:
        lexicon = self.lexicon_
        domain, had_bad_fact = 0.0, False
        masked = list(clause)
        for start, end, index in lexicon.facts.finditer(clause):
            weight = lexicon.weights[index]
            if _negated(clause, start):
                weight = -0.8 * weight
            domain += weight
            had_bad_fact = had_bad_fact or weight < 0
            masked[start:end] = " " * (end - start)
        remaining = "".join(masked)
        if lexicon.neutralise:
            remaining = lexicon.neutralise.sub(lambda m: " " * len(m.group()), remaining)
        polarity = self.textblob_weight * self._word_polarity(clause, remaining) + domain
        if polarity > 0 and lexicon.suggestion and lexicon.suggestion.search(clause):
            polarity = 0.0  # praise inside a suggestion is hypothetical: "would be good to..."
        return polarity, had_bad_fact

    def _word_polarity(self, clause: str, remaining: str) -> float:
        # TextBlob's words, averaged as its PatternAnalyzer does, but with a wider negation
        # scope: "didn't make me feel stupid" praises, where TextBlob sees only "stupid".
        scores, boost = [], 1.0
        for match in _WORD.finditer(remaining):
            word = match.group()
            if word in _INTENSIFIERS:
                boost = 1.3
                continue
            polarity = self.word_polarity_.get(word)
            if polarity is None or polarity == 0:
                continue
            if _negated(clause, match.start()):
                polarity = -0.5 * polarity
            scores.append(max(-1.0, min(1.0, polarity * boost)))
            boost = 1.0
        return sum(scores) / len(scores) if scores else 0.0


def _negated(clause: str, position: int) -> bool:
    before = _WORD.findall(clause[:position])[-_NEGATION_WINDOW_WORDS:]
    return any(_NEGATOR.fullmatch(word) for word in before) or clause[max(0, position - 12):position].endswith("no one ")


def _combine(clauses: tuple[ClauseScore, ...]) -> tuple[str, float]:
    positive = sum(c.polarity for c in clauses if c.polarity >= _CLAUSE_THRESHOLD)
    negative = sum(c.polarity for c in clauses if c.polarity <= -_CLAUSE_THRESHOLD)
    polarity = max(-1.0, min(1.0, math.tanh(positive + negative)))
    if positive and negative and min(positive, -negative) / max(positive, -negative) >= _MIXED_BALANCE:
        return "mixed", polarity
    if positive + negative >= _CLAUSE_THRESHOLD:
        return "positive", polarity
    if positive + negative <= -_CLAUSE_THRESHOLD:
        return "negative", polarity
    return "neutral", polarity
