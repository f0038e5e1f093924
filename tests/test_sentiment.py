"""Sentiment: four classes, polarity in [-1, 1], and the rules generic tools miss."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.pipeline import code_comment
from analysis.sentiment import SENTIMENT_LABELS, ClauseSentimentScorer


def sentiment_of(text):
    return code_comment(text).sentiment


@pytest.mark.parametrize(
    "text",
    [
        "not once did they call me back",          # negation with no sentiment word at all
        "The case was NFA'd",                      # domain fact that is bad news
        "he was released the same day",
        "never heard back from anyone",
        "Had to chase them for every update",
        "They didn't believe me",
        "oh great, two more hours on hold. brilliant.",   # sarcasm
        "thanks for nothing",
        "nothing went well",
        "the officer laughed at me",
        "he has not returned a single call since August",   # a failure told plainly
        "they sent the letter to his house",
        "Not a lot went well if I'm honest",              # "honest" is a manner of speaking
    ],
)
def test_negative(text):
    assert sentiment_of(text) == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "They believed me",
        "They didn't make me feel stupid",         # negated criticism is praise
        "No complaints at all",
        "I have nothing bad to say about them",
        "She explained everything and kept me updated",
        "arrived within minutes and took me seriously",
        "I feel safe now",
        "I never once felt unsafe at the refuge",         # negated fear is praise
        "nothing, they were all amazing",                 # "nothing" answers the question
        "nothing they were all amazing x",
        "He pleaded guilty so I didn't have to give evidence",
        "She always rang when she said she would",
    ],
)
def test_positive(text):
    assert sentiment_of(text) == "positive"


@pytest.mark.parametrize(
    "text",
    [
        "kind but slow",
        "The staff were lovely, the building is falling apart",
        "Quick to come, but I never heard anything after",
    ],
)
def test_contrast_is_mixed(text):
    assert sentiment_of(text) == "mixed"


@pytest.mark.parametrize(
    "text",
    ["n/a", "nothing to add", "ok", "would be good to have the form in Polish", "more evening appointments please",
     "Sorry, I've nothing else to say", "Don't know what else to add, thanks"],
)
def test_neutral_including_suggestions(text):
    assert sentiment_of(text) == "neutral"


def test_polarity_points_the_same_way_as_the_label():
    assert code_comment("They were brilliant and believed me").polarity > 0.3
    assert code_comment("useless, nobody came").polarity < -0.3


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gets_a_label_and_a_bounded_polarity(text):
    coding = code_comment(text)
    assert coding.sentiment in SENTIMENT_LABELS
    assert -1.0 <= coding.polarity <= 1.0
    assert set(coding.theme_sentiments) == set(coding.themes)
    assert set(coding.theme_sentiments.values()) <= set(SENTIMENT_LABELS)


def test_scorer_follows_the_fit_predict_interface():
    scorer = ClauseSentimentScorer()
    assert not hasattr(scorer, "lexicon_")
    assert scorer.fit() is scorer
    assert scorer.predict(["They believed me", "nobody came"]) == ["positive", "negative"]
