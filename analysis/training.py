"""Trains the learned coder from the labelled comments and measures it by leave-one-file-out CV.

Reads tests/data through analysis.evaluate.load_labelled, and only the training splits: the
final held-out split (holdout5) is never opened here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from analysis.evaluate import TRAINING_SPLITS, LabelledComment, load_labelled
from analysis.learned import (
    MODEL_FORMAT, MODEL_PATH, LearnedSentimentScorer, LearnedThemeCoder, model_fingerprint, rules_digest,
)


def training_comments() -> list[LabelledComment]:
    """Every labelled comment except the final held-out split, in a fixed order."""
    return load_labelled(TRAINING_SPLITS)


def _redacted(comments: Sequence[LabelledComment]) -> list[str]:
    from analysis.redact import redact

    # The coder only ever sees redacted text in production, so it learns from redacted text.
    return [redact(comment.text) for comment in comments]


def train_models(comments: Sequence[LabelledComment], texts: Sequence[str] | None = None,
                 theme_params: dict | None = None, sentiment_params: dict | None = None,
                 ) -> tuple[LearnedThemeCoder, LearnedSentimentScorer]:
    """Both learned components fitted on these comments; theme thresholds by leave-one-file-out."""
    texts = _redacted(comments) if texts is None else texts
    groups = [comment.source for comment in comments]
    coder = LearnedThemeCoder(**(theme_params or {})).fit(texts, [c.themes for c in comments], groups=groups)
    scorer = LearnedSentimentScorer(**(sentiment_params or {})).fit(texts, [c.sentiment for c in comments])
    return coder, scorer


def model_document(coder: LearnedThemeCoder, scorer: LearnedSentimentScorer,
                   comments: Sequence[LabelledComment]) -> dict:
    """The JSON document shipped as analysis/data/learned_model.json."""
    sources: dict[str, int] = {}
    for comment in comments:
        sources[comment.source] = sources.get(comment.source, 0) + 1
    document = {
        "format": MODEL_FORMAT,
        "about": "Learned theme coder and sentiment scorer; reproduce with `python -m analysis train`.",
        "codebook_version": coder.rules_.version_,
        "rules_digest": rules_digest(),
        "trained_on": sources,
        "themes": coder.to_json(),
        "sentiment": scorer.to_json(),
    }
    document["fingerprint"] = model_fingerprint(document)
    return document


def write_model(document: dict, path: Path | str = MODEL_PATH) -> None:
    # Sorted keys and fixed rounding: the same training gives the same bytes.
    Path(path).write_text(json.dumps(document, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- cross-validation


@dataclass(frozen=True)
class FoldScore:
    source: str
    size: int
    theme_f1: float
    sentiment_accuracy: float


def _micro_f1(expected: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> float:
    tp = fp = fn = 0
    for want, got in zip(expected, predicted):
        want, got = set(want), set(got)
        tp, fp, fn = tp + len(want & got), fp + len(got - want), fn + len(want - got)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _score(comments, themes, sentiments, source) -> FoldScore:
    return FoldScore(
        source=source,
        size=len(comments),
        theme_f1=_micro_f1([c.themes for c in comments], themes),
        sentiment_accuracy=float(np.mean([c.sentiment == s for c, s in zip(comments, sentiments)])),
    )


def cross_validate(comments: Sequence[LabelledComment] | None = None,
                   progress: Callable[[str], None] | None = None,
                   theme_params: dict | None = None, sentiment_params: dict | None = None,
                   ) -> dict[str, list[FoldScore]]:
    """Leave-one-file-out: each source file in turn is scored by a coder trained on the others
    (theme thresholds chosen by leave-one-file-out within those), beside the rules alone."""
    from analysis.pipeline import default_rule_models

    comments = list(training_comments() if comments is None else comments)
    texts = _redacted(comments)
    rules_coder, rules_scorer = default_rule_models()
    results: dict[str, list[FoldScore]] = {"rules": [], "learned": []}
    for source in sorted({c.source for c in comments}):
        held = [i for i, c in enumerate(comments) if c.source == source]
        kept = [i for i, c in enumerate(comments) if c.source != source]
        held_comments = [comments[i] for i in held]
        held_texts = [texts[i] for i in held]
        results["rules"].append(_score(
            held_comments, rules_coder.predict(held_texts), rules_scorer.predict(held_texts), source))
        coder, scorer = train_models([comments[i] for i in kept], [texts[i] for i in kept],
                                     theme_params, sentiment_params)
        results["learned"].append(_score(held_comments, coder.predict(held_texts), scorer.predict(held_texts), source))
        if progress is not None:
            progress(source)
    return results


def format_cross_validation(results: dict[str, list[FoldScore]]) -> str:
    lines = ["Leave-one-file-out cross-validation (each file scored by a coder trained on the others)",
             "  tune and dev are the files the rules were written from, so the rules' figures there are in-sample.",
             f"  {'held-out file':<14}{'n':>5}   {'theme micro-F1':>16}   {'sentiment accuracy':>20}",
             f"  {'':<14}{'':>5}   {'rules':>7} {'learned':>8}   {'rules':>9} {'learned':>10}"]
    for rules, learned in zip(results["rules"], results["learned"]):
        lines.append(f"  {rules.source:<14}{rules.size:>5}   {rules.theme_f1:7.3f} {learned.theme_f1:8.3f}"
                     f"   {rules.sentiment_accuracy:9.3f} {learned.sentiment_accuracy:10.3f}")
    independent = [i for i, fold in enumerate(results["rules"]) if fold.source not in ("tune", "dev")]
    if independent:
        def mean(kind, attribute):
            return float(np.mean([getattr(results[kind][i], attribute) for i in independent]))
        lines.append(f"  {'mean of files the rules never saw':<36}  {mean('rules', 'theme_f1'):.3f} "
                     f"{mean('learned', 'theme_f1'):8.3f}   {mean('rules', 'sentiment_accuracy'):9.3f} "
                     f"{mean('learned', 'sentiment_accuracy'):10.3f}")
    return "\n".join(lines)
