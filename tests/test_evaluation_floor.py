"""Floors on the final held-out split, holdout5: the figures reached there may not quietly fall.

Measured on tests/data/labelled_comments_holdout5.jsonl, written by two annotators blind to the
engine, never trained or tuned on, and scored once, after the engine was final (see
tests/data/README.md). Each floor is the figure reached then, rounded down. Raise a floor when a
change lifts the figure; never lower one to make a change pass, and never tune on holdout5.
"""

import pytest

from analysis.evaluate import HELD_OUT_SPLIT, TRAINING_SPLITS, evaluate, load_labelled

# Reached on the one look (21 Nov 2026 14:59 UTC, at commit 378dccb, model fingerprint 38be602c):
# redaction 96/98 items (NAME 39/40, REFERENCE 5/6, every other type complete; structured 22/22),
# keep 177/179, theme micro-F1 0.8705 (P 0.8705, R 0.8705; the rules alone 0.781, keyword list
# 0.371), sentiment accuracy 0.910 (the rules alone 0.745, TextBlob alone 0.300, VADER 0.375).
# Its redaction misses were read after the look, and nothing was changed for them.
REDACTION_RECALL_FLOOR = 0.97
STRUCTURED_RECALL_FLOOR = 1.0
KEEP_RATE_FLOOR = 0.98
THEME_MICRO_F1_FLOOR = 0.87
SENTIMENT_ACCURACY_FLOOR = 0.91

# The first holdout is training data for the learned coder now, but redaction never learned
# from it: its redaction floors stay at the figure of its own one look (97/99, structured 19/19).
HOLDOUT_REDACTION_RECALL_FLOOR = 0.97
HOLDOUT_KEEP_RATE_FLOOR = 1.0


@pytest.fixture(scope="module")
def report():
    return evaluate(HELD_OUT_SPLIT)


def test_the_held_out_split_is_its_own_comments():
    held_out = load_labelled(HELD_OUT_SPLIT)
    splits = [load_labelled(split) for split in TRAINING_SPLITS]
    assert len(held_out) >= 200
    assert all(len(split) >= minimum for split, minimum in zip(splits, (300, 150, 200, 750, 200, 200, 200, 1900)))
    # One-word non-answers ("ok", "n/a") recur by nature; no comment of substance may.
    def substantial(comments):
        return {c.text for c in comments if len(c.text.split()) > 3}
    for split in splits:
        assert not substantial(held_out) & substantial(split)
    for i, split in enumerate(splits):
        for other in splits[i + 1:]:
            assert not substantial(split) & substantial(other)


def test_redaction_removes_personal_data(report):
    assert report.redaction.recall >= REDACTION_RECALL_FLOOR, report.redaction.recall
    assert report.redaction.structured_recall >= STRUCTURED_RECALL_FLOOR, report.redaction.structured_recall


def test_redaction_keeps_what_is_not_personal(report):
    assert report.redaction.keep_rate >= KEEP_RATE_FLOOR, report.redaction.keep_rate


def test_theme_coding(report):
    assert report.themes.f1() >= THEME_MICRO_F1_FLOOR
    assert report.themes.f1() > report.keyword_themes.f1() + 0.3
    assert report.themes.f1() > report.rule_themes.f1()        # the learned coder beats the rules alone


def test_sentiment(report):
    assert report.sentiment.accuracy >= SENTIMENT_ACCURACY_FLOOR
    assert report.sentiment.accuracy > max(report.textblob.accuracy, report.vader.accuracy) + 0.3
    assert report.sentiment.accuracy > report.rule_sentiment.accuracy


def test_redaction_on_the_first_holdout():
    from analysis.evaluate import score_redaction

    scores = score_redaction(load_labelled("holdout"))
    assert scores.recall >= HOLDOUT_REDACTION_RECALL_FLOOR and scores.structured_recall == 1.0
    assert scores.keep_rate >= HOLDOUT_KEEP_RATE_FLOOR


def test_holdout4_and_train2_redaction_hold_where_the_redactor_stands():
    # Both are training data for the learned coder; the redactor learns nothing from data, but its
    # misses there were read and fixed, so these figures are informed: held, not claimed.
    from analysis.evaluate import score_redaction

    for split in ("holdout4", "train2"):
        scores = score_redaction(load_labelled(split))
        assert scores.recall == 1.0 and scores.keep_rate == 1.0, (split, scores.missed, scores.wrongly_removed)


def test_a_date_counts_as_removed_without_the_word_that_introduces_it():
    from analysis.evaluate import LabelledComment, score_redaction

    def comment(text, item):
        return LabelledComment(id="x", split="tune", text=text, themes=(), sentiment="neutral",
                               personal=((item, "DATE"),), keep=())

    # The annotator labels "born 09/11/1987"; "I was born [DATE]" has removed it.
    assert score_redaction([comment("I was born 09/11/1987, not 1978", "born 09/11/1987")]).recall == 1.0
    assert score_redaction([comment("rang me on 3rd February at last", "on 3rd February")]).recall == 1.0
    # The date itself must still go: a redactor that finds nothing scores nothing.
    assert score_redaction([comment("rang me on 3rd February at last", "on 3rd February")],
                           finder=lambda text: []).recall == 0.0
