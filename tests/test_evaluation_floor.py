"""Floors on the holdout split: the figures reached there may not quietly fall.

Measured on tests/data/labelled_comments_holdout.jsonl, written by an annotator blind to the
engine's rules and scored once, after the coder was final (see tests/data/README.md). Each floor
is the figure reached then, rounded down. Raise a floor when a change lifts the figure; never
lower one to make a change pass, and never tune rules on the holdout's misses.
"""

import pytest

from analysis.evaluate import evaluate, load_labelled

# Reached on the one look (commit 6b1a44e, 21 Nov 2026): redaction 97/99 items (structured
# 19/19), keep 140/140, theme micro-F1 0.736 (P 0.751, R 0.723; keyword list 0.315), sentiment
# accuracy 0.730 (TextBlob alone 0.295, VADER 0.340). The redaction floor stays at that first
# figure although a later fix, informed by the two items missed there, removes all 99.
REDACTION_RECALL_FLOOR = 0.97
STRUCTURED_RECALL_FLOOR = 1.0
KEEP_RATE_FLOOR = 1.0
THEME_MICRO_F1_FLOOR = 0.73
SENTIMENT_ACCURACY_FLOOR = 0.73


@pytest.fixture(scope="module")
def report():
    return evaluate("holdout")


def test_the_holdout_is_its_own_comments():
    holdout, dev, tune = load_labelled("holdout"), load_labelled("dev"), load_labelled("tune")
    assert len(holdout) >= 200 and len(dev) >= 150 and len(tune) >= 300
    # One-word non-answers ("ok", "n/a") recur by nature; no comment of substance may.
    texts = [{c.text for c in split if len(c.text.split()) > 3} for split in (holdout, dev, tune)]
    assert not texts[0] & texts[1] and not texts[0] & texts[2] and not texts[1] & texts[2]


def test_redaction_removes_personal_data(report):
    assert report.redaction.recall >= REDACTION_RECALL_FLOOR, report.redaction.missed
    assert report.redaction.structured_recall >= STRUCTURED_RECALL_FLOOR, report.redaction.missed


def test_redaction_keeps_what_is_not_personal(report):
    assert report.redaction.keep_rate >= KEEP_RATE_FLOOR, report.redaction.wrongly_removed


def test_theme_coding(report):
    assert report.themes.f1() >= THEME_MICRO_F1_FLOOR
    assert report.themes.f1() > report.keyword_themes.f1() + 0.3


def test_sentiment(report):
    assert report.sentiment.accuracy >= SENTIMENT_ACCURACY_FLOOR
    assert report.sentiment.accuracy > max(report.textblob.accuracy, report.vader.accuracy) + 0.3
