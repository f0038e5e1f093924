"""Learned theme coder and sentiment scorer: logistic regression over words and the rules' signals.

The rules (codebook patterns, clause sentiment over TextBlob's lexicon and the domain lexicon)
were written from a few annotators' phrasing and overfit it. These components keep the rules as
features beside word n-grams and TextBlob's polarity and subjectivity, and learn from every
labelled comment but the final held-out set how far to trust each signal.

Training uses scikit-learn (`python -m analysis train`); the weights ship as plain JSON in
analysis/data/learned_model.json and are scored here with numpy alone, so nothing is unpickled
or downloaded at run time and coding stays well under a millisecond.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from analysis.sentiment import (
    LEXICON_PATH, SENTIMENT_LABELS, ClauseSentimentScorer, SentimentResult, _CLAUSE_THRESHOLD,
)
from analysis.themes import CODEBOOK_PATH, CodebookThemeCoder, ThemeMention, normalise

MODEL_PATH = Path(__file__).parent / "data" / "learned_model.json"
MODEL_FORMAT = 1

# ---------------------------------------------------------------- features

_TOKEN = re.compile(r"\[[a-z_]+\]|[a-z0-9£]+(?:'[a-z]+)*|[.,;:!?]")
_PUNCTUATION = frozenset(".,;:!?")
_NEGATORS = frozenset(
    "not no never nobody none nothing neither nor without hardly barely cannot noone".split()
)
_CONTRAST = frozenset("but though although however yet except whereas".split())


def _is_negator(token: str) -> bool:
    return token in _NEGATORS or token.endswith("n't")


# "kind of ok", "sort of helped": a hedge, not kindness or sorting.
_HEDGE = re.compile(r"\b(kind|sort) of\b")


def _feature_words(normalised_text: str) -> list[str]:
    return [t for t in _TOKEN.findall(_HEDGE.sub(r"\1a", normalised_text)) if t not in _PUNCTUATION]


def _letter_ngrams(word: str, char_ngrams: tuple[int, int]) -> list[str]:
    padded = f" {word} "
    size = len(padded)
    return [padded[i:i + n] for n in range(char_ngrams[0], char_ngrams[1] + 1) for i in range(size - n + 1)]


def text_features(normalised_text: str, char_ngrams: tuple[int, int] | None = None) -> frozenset[str]:
    """The word features of a normalised comment: words ("w:call"), word pairs ("b:call back")
    and, optionally, the character n-grams inside each word (" cal", "all "), which carry word
    forms and misspellings (they hold no colon, so they never collide with the others).

    Training builds these; coding finds the same features' rows faster with _RowFinder.
    """
    words = _feature_words(normalised_text)
    features = {"w:" + word for word in words}
    features.update(["b:" + first + " " + second for first, second in zip(words, words[1:])])
    if char_ngrams:
        for word in set(words):
            features.update(_letter_ngrams(word, char_ngrams))
    return frozenset(features)


def theme_rule_features(mentions: Sequence[ThemeMention], theme_ids: Sequence[str]) -> list[float]:
    """Per theme: whether the codebook's rules found it (1.0) or not (0.0)."""
    found = {mention.theme for mention in mentions}
    return [1.0 if theme in found else 0.0 for theme in theme_ids]


SENTIMENT_RULE_FEATURES = (
    "rule_positive", "rule_negative", "rule_neutral", "rule_mixed", "rule_polarity",
    "positive_clause_sum", "negative_clause_sum", "positive_clauses", "negative_clauses",
    "textblob_polarity", "textblob_subjectivity", "negators", "contrast_words", "length",
)


def sentiment_rule_features(normalised_text: str, rules: SentimentResult) -> list[float]:
    """The rule scorer's verdict and clause scores, TextBlob's own reading, negation and contrast."""
    from textblob.en import sentiment as textblob_pattern_sentiment

    tokens = _TOKEN.findall(normalised_text)
    # TextBlob's PatternAnalyzer scores with exactly this function. Given the words already
    # split ("didn't" as "did", "n't", as TextBlob's own tokenizer splits it, so its negation
    # rule sees them), it skips a tokenizer that would cost more than the rest of our features.
    textblob_words = []
    for token in tokens:
        if token.endswith("n't") and len(token) > 3:
            textblob_words += [token[:-3], "n't"]
        else:
            textblob_words.append(token)
    textblob_polarity, textblob_subjectivity = textblob_pattern_sentiment(textblob_words)
    positive = [c.polarity for c in rules.clauses if c.polarity >= _CLAUSE_THRESHOLD]
    negative = [c.polarity for c in rules.clauses if c.polarity <= -_CLAUSE_THRESHOLD]
    return [
        *(1.0 if rules.label == label else 0.0 for label in SENTIMENT_LABELS),
        rules.polarity,
        min(sum(positive), 2.0),
        max(sum(negative), -2.0),
        min(len(positive), 4) / 2,
        min(len(negative), 4) / 2,
        textblob_polarity,
        textblob_subjectivity,
        min(sum(1 for t in tokens if _is_negator(t)), 4) / 2,
        float(min(sum(1 for t in tokens if t in _CONTRAST), 3)),
        min(len(tokens), 60) / 30,
    ]


def rules_digest(codebook_path: Path | str = CODEBOOK_PATH, lexicon_path: Path | str = LEXICON_PATH) -> str:
    """A hash of the rule files the features come from: weights learned on other rules are stale."""
    digest = hashlib.sha256()
    for path in (codebook_path, lexicon_path):
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


# ---------------------------------------------------------------- linear scoring


class _RowFinder:
    """The vocabulary rows of a comment's text_features, found fast: each word's own features
    (the word and the letters within it) are looked up once and remembered, since the same
    words recur from comment to comment. Gives exactly the rows of text_features (tested)."""

    _MAX_REMEMBERED_WORDS = 200_000

    def __init__(self, row_of: dict[str, int], char_ngrams: tuple[int, int] | None):
        self.row_of = row_of
        self.char_ngrams = char_ngrams
        self._rows_of_word: dict[str, tuple[int, ...]] = {}

    def rows(self, normalised_text: str) -> list[int]:
        get, remembered = self.row_of.get, self._rows_of_word
        words = _feature_words(normalised_text)
        found: set[int] = set()
        for word in set(words):
            rows = remembered.get(word)
            if rows is None:
                features = ["w:" + word] + (_letter_ngrams(word, self.char_ngrams) if self.char_ngrams else [])
                rows = tuple({row for row in map(get, features) if row is not None})
                if len(remembered) < self._MAX_REMEMBERED_WORDS:
                    remembered[word] = rows
            found.update(rows)
        pairs = ["b:" + first + " " + second for first, second in zip(words, words[1:])]
        found.update(row for row in map(get, pairs) if row is not None)
        return list(found)


@dataclass(frozen=True)
class _LinearModel:
    """Word features (TF-IDF, L2-normalised) and dense rule features, one linear score per output."""

    finder: _RowFinder
    idf: np.ndarray          # (n_words,)
    word_coef: np.ndarray    # (n_words, n_outputs)
    dense_coef: np.ndarray   # (n_dense, n_outputs), the dense block's weight already folded in
    intercept: np.ndarray    # (n_outputs,)

    def decision(self, normalised_text: str, dense: Sequence[float]) -> np.ndarray:
        rows, weights = _tfidf_rows(normalised_text, self.finder, self.idf)
        scores = self.intercept + np.asarray(dense, dtype=float) @ self.dense_coef
        if rows:
            scores = scores + weights @ self.word_coef[rows]
        return scores

    @classmethod
    def from_json(cls, raw: dict, char_ngrams: tuple[int, int] | None) -> "_LinearModel":
        words = raw["words"]
        finder, idf = _shared_vocabulary(tuple(words), tuple(raw["idf"]), char_ngrams)
        return cls(
            finder=finder,
            idf=idf,
            word_coef=np.array(raw["word_coef"], dtype=float).reshape(len(words), -1),
            dense_coef=np.array(raw["dense_coef"], dtype=float).reshape(len(raw["dense"]), -1),
            intercept=np.array(raw["intercept"], dtype=float),
        )


@lru_cache(maxsize=4)
def _shared_vocabulary(words: tuple[str, ...], idf: tuple[float, ...], char_ngrams: tuple[int, int] | None,
                       ) -> tuple[_RowFinder, np.ndarray]:
    # Two models with the same features learn the same vocabulary from the same texts; they then
    # share these objects, so a comment's words are looked up once for both (see _tfidf_rows).
    return _RowFinder({word: row for row, word in enumerate(words)}, char_ngrams), np.array(idf, dtype=float)


_last_rows: tuple = (None, None, [], None)   # text, finder, rows, weights: swapped whole


def _tfidf_rows(normalised_text: str, finder: _RowFinder, idf: np.ndarray) -> tuple[list[int], np.ndarray]:
    """The vocabulary rows of a comment and their L2-normalised IDF weights, remembered for
    the last comment (the theme coder asks right after the sentiment scorer). The memo is one
    tuple read and replaced whole, so threads coding at once never see each other's half."""
    global _last_rows
    last = _last_rows
    if last[1] is finder and last[0] == normalised_text:
        return last[2], last[3]
    rows = finder.rows(normalised_text)
    weights = idf[rows] if rows else idf[:0]
    if rows:
        weights = weights / math.sqrt(float(weights @ weights))
    _last_rows = (normalised_text, finder, rows, weights)
    return rows, weights


def _rounded(values) -> list:
    # Eight significant figures: far below any effect on a label, and stable across platforms.
    return [float(f"{v:.8g}") for v in np.asarray(values, dtype=float).ravel()]


class _Vectoriser:
    """Fits the word vocabulary and IDF on training texts; builds the matrices sklearn trains on."""

    def __init__(self, min_df: int):
        self.min_df = min_df

    def fit(self, word_lists: Sequence[Sequence[str]]) -> "_Vectoriser":
        counts: dict[str, int] = {}
        for words in word_lists:
            for word in words:
                counts[word] = counts.get(word, 0) + 1
        self.words_ = sorted(word for word, n in counts.items() if n >= self.min_df)
        self.row_of_ = {word: row for row, word in enumerate(self.words_)}
        n = len(word_lists)
        # scikit-learn's smoothed IDF
        self.idf_ = np.array([math.log((1 + n) / (1 + counts[w])) + 1 for w in self.words_])
        return self

    def transform(self, word_lists: Sequence[Sequence[str]], dense: np.ndarray, dense_weight: float):
        from scipy import sparse

        indptr, indices, data = [0], [], []
        for words in word_lists:
            rows = sorted(row for row in map(self.row_of_.get, words) if row is not None)
            weights = self.idf_[rows]
            norm = math.sqrt(float(weights @ weights)) or 1.0
            indices.extend(rows)
            data.extend(weights / norm)
            indptr.append(len(indices))
        text = sparse.csr_matrix((data, indices, indptr), shape=(len(word_lists), len(self.words_)))
        return sparse.hstack([text, sparse.csr_matrix(dense * dense_weight)]).tocsr()

    def to_json(self, coef: np.ndarray, intercept: np.ndarray, dense_names: Sequence[str], dense_weight: float) -> dict:
        n_words = len(self.words_)
        # coef is (n_outputs, n_words + n_dense); stored row per feature, the dense weight folded in.
        return {
            "words": list(self.words_),
            "idf": _rounded(self.idf_),
            "word_coef": _rounded(coef[:, :n_words].T),
            "dense": list(dense_names),
            "dense_coef": _rounded(coef[:, n_words:].T * dense_weight),
            "intercept": _rounded(intercept),
        }


# ---------------------------------------------------------------- shared analysis of a comment


def _threshold_grid() -> np.ndarray:
    return np.round(np.arange(0.10, 0.80, 0.025), 3)


def _f1(expected: np.ndarray, predicted: np.ndarray) -> float:
    true_positive = int((expected & predicted).sum())
    wrong = int((expected ^ predicted).sum())
    return 2 * true_positive / (2 * true_positive + wrong) if true_positive else 0.0


def _folds(groups: Sequence[str] | None, size: int, n_splits: int, seed: int) -> list[np.ndarray]:
    """Indices of each validation fold: one per group (leave one group out), else seeded K-fold."""
    if groups is not None and len(set(groups)) > 1:
        groups = np.asarray(groups)
        return [np.where(groups == g)[0] for g in sorted(set(groups))]
    order = np.random.RandomState(seed).permutation(size)
    return [np.sort(order[i::n_splits]) for i in range(n_splits)]


# ---------------------------------------------------------------- theme coder


class LearnedThemeCoder:
    """Multi-label theme coder: one logistic regression per theme over words, word pairs (and,
    if asked, the letters within words) and the codebook rules' matches, thresholded where
    cross-validation finds the best micro-F1 (one threshold for all themes unless
    per_theme_thresholds).

    `fit(texts, labels, groups)` trains (texts already redacted; labels are tuples of theme
    ids; groups name each text's source so thresholds come from leave-one-source-out
    cross-validation); `fit()` with no texts loads the weights shipped in `model_path`.
    """

    def __init__(
        self,
        rules: CodebookThemeCoder | None = None,
        model_path: Path | str = MODEL_PATH,
        C: float = 32.0,
        # The rules' block is scaled down so a large coefficient is needed to trust it: they were
        # written from two of the training files, where they are right far more often than on a
        # new annotator's comments. Leave-one-file-out on the other files: micro-F1 0.745 at
        # 1.0, 0.756 at 0.3, 0.768 at 0.1, 0.728 with no rules at all.
        rule_weight: float = 0.1,
        # Words and word pairs only. Leave-one-file-out on 4,317 comments, the letters within words
        # (3-5) added nothing (micro-F1 0.797 with them, 0.797 without, at the best threshold of
        # each), so the smaller, faster model, which the sentiment scorer shares (below).
        char_ngrams: tuple[int, int] | None = None,
        min_df: int = 2,
        per_theme_thresholds: bool = False,
        cv_splits: int = 5,
        seed: int = 0,
    ):
        self.rules = rules
        self.model_path = model_path
        self.C = C
        self.rule_weight = rule_weight
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.per_theme_thresholds = per_theme_thresholds
        self.cv_splits = cv_splits
        self.seed = seed

    # -- training

    def fit(self, texts: Sequence[str] | None = None, labels: Sequence | None = None,
            groups: Sequence[str] | None = None) -> "LearnedThemeCoder":
        self.rules_ = (self.rules if self.rules is not None else CodebookThemeCoder()).fit()
        if texts is None:
            return self._load(_read_model(self.model_path)["themes"])
        self.theme_ids_ = self.rules_.theme_ids_
        self.char_ngrams_ = tuple(self.char_ngrams) if self.char_ngrams else None
        readings = [self.rules_.mentions(normalise(t)) for t in texts]
        words = [text_features(normalise(t), self.char_ngrams_) for t in texts]
        dense = np.array([theme_rule_features(m, self.theme_ids_) for m in readings])
        expected = np.array([[theme in set(label) for theme in self.theme_ids_] for label in labels], dtype=bool)

        out_of_fold = np.zeros(expected.shape)
        for fold in _folds(groups, len(texts), self.cv_splits, self.seed):
            train = np.setdiff1d(np.arange(len(texts)), fold)
            _, _, probabilities = self._train(words, dense, expected, train, fold)
            out_of_fold[fold] = probabilities
        grid = _threshold_grid()
        if self.per_theme_thresholds:
            self.thresholds_ = np.array([
                grid[int(np.argmax([_f1(expected[:, j], out_of_fold[:, j] >= g) for g in grid]))]
                for j in range(len(self.theme_ids_))
            ])
        else:
            # One threshold for all themes: in leave-one-file-out tests per-theme thresholds,
            # each chosen from a few dozen examples, did no better on an unseen file.
            best = grid[int(np.argmax([_f1(expected, out_of_fold >= g) for g in grid]))]
            self.thresholds_ = np.full(len(self.theme_ids_), best)
        everything = np.arange(len(texts))
        vectoriser, (coef, intercept), _ = self._train(words, dense, expected, everything, None)
        self.weights_ = vectoriser.to_json(coef, intercept, [f"rule:{t}" for t in self.theme_ids_], self.rule_weight)
        self.model_ = _LinearModel.from_json(self.weights_, self.char_ngrams_)
        # In memory, before it is written out, the fingerprint is of these weights alone.
        fingerprint = hashlib.sha256(json.dumps(self.to_json(), sort_keys=True).encode()).hexdigest()[:8]
        self.version_ = f"{self.rules_.version_}+m{fingerprint}"
        return self

    def _train(self, words, dense, expected, train, test):
        from sklearn.linear_model import LogisticRegression

        vectoriser = _Vectoriser(self.min_df).fit([words[i] for i in train])
        X = vectoriser.transform([words[i] for i in train], dense[train], self.rule_weight)
        X_test = (vectoriser.transform([words[i] for i in test], dense[test], self.rule_weight)
                  if test is not None else None)
        coefs, intercepts, probabilities = [], [], []
        for j in range(expected.shape[1]):
            column = expected[train, j]
            if column.all() or not column.any():
                # A theme always (or never) present in this training data: a constant guess.
                coefs.append(np.zeros(X.shape[1]))
                intercepts.append(10.0 if column.all() else -10.0)
                if X_test is not None:
                    probabilities.append(np.full(X_test.shape[0], 1.0 if column.all() else 0.0))
                continue
            model = LogisticRegression(C=self.C, solver="liblinear", max_iter=1000, random_state=self.seed)
            model.fit(X, column)
            coefs.append(model.coef_[0])
            intercepts.append(model.intercept_[0])
            if X_test is not None:
                probabilities.append(model.predict_proba(X_test)[:, 1])
        return (vectoriser, (np.array(coefs), np.array(intercepts)),
                np.column_stack(probabilities) if probabilities else None)

    def to_json(self) -> dict:
        return {**self.weights_, "theme_ids": list(self.theme_ids_), "thresholds": _rounded(self.thresholds_),
                "char_ngrams": list(self.char_ngrams_) if self.char_ngrams_ else None,
                "params": {"C": self.C, "rule_weight": self.rule_weight, "min_df": self.min_df,
                           "per_theme_thresholds": self.per_theme_thresholds, "seed": self.seed}}

    def _load(self, raw: dict) -> "LearnedThemeCoder":
        if tuple(raw["theme_ids"]) != self.rules_.theme_ids_:
            raise ValueError(
                f"learned theme model is for themes {raw['theme_ids']}, the codebook has "
                f"{list(self.rules_.theme_ids_)}: retrain with `python -m analysis train`"
            )
        self.theme_ids_ = self.rules_.theme_ids_
        self.weights_ = {key: raw[key] for key in ("words", "idf", "word_coef", "dense", "dense_coef", "intercept")}
        self.thresholds_ = np.array(raw["thresholds"], dtype=float)
        self.char_ngrams_ = tuple(raw["char_ngrams"]) if raw["char_ngrams"] else None
        self.model_ = _LinearModel.from_json(self.weights_, self.char_ngrams_)
        self.version_ = model_version(self.rules_.version_, self.model_path)
        return self

    # -- coding

    def probabilities(self, normalised_text: str, mentions: Sequence[ThemeMention]) -> np.ndarray:
        scores = self.model_.decision(normalised_text, theme_rule_features(mentions, self.theme_ids_))
        return 1.0 / (1.0 + np.exp(-scores))

    def code_normalised(self, normalised_text: str) -> tuple[tuple[str, ...], list[ThemeMention]]:
        """The themes of already-normalised text, and where the rules saw each of them."""
        mentions = self.rules_.mentions(normalised_text)
        if not normalised_text.strip():
            return (), []
        chosen = self.probabilities(normalised_text, mentions) >= self.thresholds_
        themes = tuple(theme for theme, on in zip(self.theme_ids_, chosen) if on)
        return themes, [mention for mention in mentions if mention.theme in themes]

    def code(self, text: str) -> tuple[str, ...]:
        return self.code_normalised(normalise(text))[0]

    def predict(self, texts: Iterable[str]) -> list[tuple[str, ...]]:
        return [self.code(text) for text in texts]


# ---------------------------------------------------------------- sentiment scorer


class LearnedSentimentScorer:
    """Four-class sentiment: multinomial logistic regression over words and word pairs, the clause
    rules' verdict and scores, TextBlob's polarity and subjectivity, negation and contrast.

    `fit(texts, labels)` trains on redacted texts; `fit()` loads the shipped weights. The
    polarity it reports is P(positive) - P(negative); the clauses are the rules' (they give
    each theme the sentiment of the clause that carries it).
    """

    def __init__(
        self,
        rules: ClauseSentimentScorer | None = None,
        model_path: Path | str = MODEL_PATH,
        C: float = 16.0,
        rule_weight: float = 1.0,
        # Words and word pairs only. Leave-one-file-out on 4,317 comments: accuracy 0.856 so, 0.848
        # with the letters within words (3-5), which also tipped short complaints ("the officer
        # laughed at me") to positive: in a few words, common letter groups outweigh the rules.
        char_ngrams: tuple[int, int] | None = None,
        min_df: int = 2,
        seed: int = 0,
    ):
        self.rules = rules
        self.model_path = model_path
        self.C = C
        self.rule_weight = rule_weight
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.seed = seed

    def fit(self, texts: Sequence[str] | None = None, labels: Sequence[str] | None = None,
            groups: Sequence[str] | None = None) -> "LearnedSentimentScorer":
        from sklearn.linear_model import LogisticRegression

        self.rules_ = (self.rules if self.rules is not None else ClauseSentimentScorer()).fit()
        if texts is None:
            return self._load(_read_model(self.model_path)["sentiment"])
        self.char_ngrams_ = tuple(self.char_ngrams) if self.char_ngrams else None
        normalised = [normalise(t) for t in texts]
        words = [text_features(n, self.char_ngrams_) for n in normalised]
        dense = np.array([sentiment_rule_features(n, self.rules_.score_normalised(n)) for n in normalised])
        vectoriser = _Vectoriser(self.min_df).fit(words)
        model = LogisticRegression(C=self.C, max_iter=5000, random_state=self.seed)
        model.fit(vectoriser.transform(words, dense, self.rule_weight), [SENTIMENT_LABELS.index(l) for l in labels])
        coef, intercept = model.coef_, model.intercept_
        if coef.shape[0] != len(SENTIMENT_LABELS):
            raise ValueError("training labels must hold all four sentiment classes")
        self.weights_ = vectoriser.to_json(coef, intercept, SENTIMENT_RULE_FEATURES, self.rule_weight)
        self.model_ = _LinearModel.from_json(self.weights_, self.char_ngrams_)
        return self

    def to_json(self) -> dict:
        return {**self.weights_, "labels": list(SENTIMENT_LABELS),
                "char_ngrams": list(self.char_ngrams_) if self.char_ngrams_ else None,
                "params": {"C": self.C, "rule_weight": self.rule_weight, "min_df": self.min_df, "seed": self.seed}}

    def _load(self, raw: dict) -> "LearnedSentimentScorer":
        if tuple(raw["labels"]) != SENTIMENT_LABELS or tuple(raw["dense"]) != SENTIMENT_RULE_FEATURES:
            raise ValueError("learned sentiment model does not fit this code: retrain with `python -m analysis train`")
        self.weights_ = {key: raw[key] for key in ("words", "idf", "word_coef", "dense", "dense_coef", "intercept")}
        self.char_ngrams_ = tuple(raw["char_ngrams"]) if raw["char_ngrams"] else None
        self.model_ = _LinearModel.from_json(self.weights_, self.char_ngrams_)
        return self

    def probabilities(self, normalised_text: str, rules: SentimentResult) -> np.ndarray:
        scores = self.model_.decision(normalised_text, sentiment_rule_features(normalised_text, rules))
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()

    def score_normalised(self, normalised_text: str) -> SentimentResult:
        rules = self.rules_.score_normalised(normalised_text)
        if not normalised_text.strip():
            return rules
        p = self.probabilities(normalised_text, rules)
        label = SENTIMENT_LABELS[int(np.argmax(p))]
        polarity = float(p[0] - p[1])
        return SentimentResult(label, max(-1.0, min(1.0, polarity)), rules.clauses)

    def score(self, text: str) -> SentimentResult:
        return self.score_normalised(normalise(text))

    def predict(self, texts: Iterable[str]) -> list[str]:
        return [self.score(text).label for text in texts]


# ---------------------------------------------------------------- the model file


@lru_cache(maxsize=4)
def _read_model_cached(path: str, mtime_ns: int) -> dict:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    if raw.get("format") != MODEL_FORMAT:
        raise ValueError(f"{path}: model format {raw.get('format')!r}, this code reads {MODEL_FORMAT}")
    return raw


def _read_model(path: Path | str) -> dict:
    path = Path(path)
    return _read_model_cached(str(path), path.stat().st_mtime_ns)


def model_fingerprint(raw: dict) -> str:
    """A short hash of the learned weights and thresholds (not of the bookkeeping around them)."""
    body = json.dumps({"themes": raw["themes"], "sentiment": raw["sentiment"]}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:8]


def model_version(codebook_version: str, model_path: Path | str = MODEL_PATH) -> str:
    """What each coding records: the codebook's version and the learned model's fingerprint."""
    return f"{codebook_version}+m{model_fingerprint(_read_model(model_path))}"
