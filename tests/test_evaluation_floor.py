"""Floors on the development split while the coder is being improved: figures may not quietly fall.

Interim: measured on tests/data/labelled_comments_dev.jsonl (formerly the test split, looked at
during development, so no longer held out). Floors move to the holdout split once the coder is
final. Raise a floor when a change lifts the figure; never lower one to make a change pass.
"""

import pytest

from analysis.evaluate import evaluate, load_labelled

# Reached at commit time: redaction 111/111 items (structured 23/23), keep 92/93,
# theme micro-F1 0.793, sentiment accuracy 0.809 (TextBlob alone 0.364, VADER 0.400).
REDACTION_RECALL_FLOOR = 0.99
STRUCTURED_RECALL_FLOOR = 1.0
KEEP_RATE_FLOOR = 0.98
THEME_MICRO_F1_FLOOR = 0.79
SENTIMENT_ACCURACY_FLOOR = 0.80


@pytest.fixture(scope="module")
def report():
    return evaluate("dev")


def test_the_splits_do_not_share_comments():
    dev, tune = load_labelled("dev"), load_labelled("tune")
    assert len(dev) >= 150 and len(dev) + len(tune) >= 300
    assert not {c.text for c in dev} & {c.text for c in tune}


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
