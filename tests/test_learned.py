"""The learned coder and scorer: interface, determinism, the rules' weight in them, negation, and
that the shipped weights are exactly what `python -m analysis train` makes from the labelled data."""

import io
import json
import shutil

import numpy as np
import pytest

from analysis.__main__ import main
from analysis.evaluate import HELD_OUT_SPLIT, SPLIT_FILES, TRAINING_SPLITS, LABELLED_DIR, load_labelled
from analysis.learned import (
    MODEL_PATH, LearnedSentimentScorer, LearnedThemeCoder, _read_model, model_fingerprint, rules_digest,
    text_features,
)
from analysis.pipeline import code_comment, default_models
from analysis.themes import ThemeMention, normalise

# A tiny labelled set: enough for the interface and determinism, fast to fit.
_TEXTS = [
    "they believed me straight away", "nobody believed a word I said", "the officer was rude to me",
    "she was kind and patient", "my kids were scared", "the children's worker was lovely",
    "they found us a flat", "help with housing and money", "waited four hours for anyone",
    "they came within minutes", "no interpreter was offered", "n/a", "kind but slow to come",
] * 2
_THEMES = [
    ("believed",), ("believed",), ("respect",), ("respect",), ("children_family",), ("children_family",),
    ("housing_practical",), ("housing_practical",), ("response_time",), ("response_time",), ("access_language",), (),
    ("respect", "response_time"),
] * 2
_SENTIMENTS = [
    "positive", "negative", "negative", "positive", "negative", "positive",
    "positive", "positive", "negative", "positive", "negative", "neutral", "mixed",
] * 2


def _public_state(component):
    return {k: v for k, v in vars(component).items() if not k.startswith("_")}


def test_components_follow_the_fit_predict_interface():
    coder = LearnedThemeCoder(C=4.0)
    scorer = LearnedSentimentScorer(C=4.0)
    # The constructor stores parameters only; learned state appears on fit and ends in "_".
    assert not [k for k in _public_state(coder) if k.endswith("_")]
    assert not [k for k in _public_state(scorer) if k.endswith("_")]
    assert coder.C == 4.0 and scorer.C == 4.0
    assert coder.fit(_TEXTS, _THEMES) is coder
    assert scorer.fit(_TEXTS, _SENTIMENTS) is scorer
    assert {"weights_", "thresholds_", "theme_ids_", "version_"} <= set(vars(coder))
    assert {"weights_", "model_"} <= set(vars(scorer))
    themes = coder.predict(["they believed me", "n/a"])
    assert isinstance(themes, list) and all(isinstance(t, tuple) for t in themes)
    assert "believed" in themes[0] and themes[1] == ()
    assert scorer.predict(["they believed me", "nobody believed a word"]) == ["positive", "negative"]


def test_fit_without_data_loads_the_shipped_weights():
    coder, scorer = LearnedThemeCoder().fit(), LearnedSentimentScorer().fit()
    shipped = _read_model(MODEL_PATH)
    assert coder.weights_["words"] == shipped["themes"]["words"]
    assert list(coder.thresholds_) == shipped["themes"]["thresholds"]
    assert scorer.weights_["intercept"] == shipped["sentiment"]["intercept"]


def test_training_is_deterministic():
    first = LearnedThemeCoder().fit(_TEXTS, _THEMES).to_json()
    again = LearnedThemeCoder().fit(_TEXTS, _THEMES).to_json()
    assert first == again
    assert LearnedSentimentScorer().fit(_TEXTS, _SENTIMENTS).to_json() == \
        LearnedSentimentScorer().fit(_TEXTS, _SENTIMENTS).to_json()


def test_a_codebook_rule_still_carries_weight_in_the_learned_coder():
    coder, _ = default_models()
    dense = coder.weights_["dense"]
    coef = np.array(coder.weights_["dense_coef"]).reshape(len(dense), -1)
    # A rule match for a theme pushes that theme up, for every theme.
    for j, theme in enumerate(coder.theme_ids_):
        assert coef[dense.index(f"rule:{theme}"), j] > 0.5, theme
    # And it decides real cases: with the rules' mention the theme is coded, without it not.
    safety = coder.theme_ids_.index("safety")
    for comment in ("he rings me 30 times a day", "I was frightened to go out"):
        text = normalise(comment)
        mentions = coder.rules_.mentions(text)
        assert any(m.theme == "safety" for m in mentions)
        with_rule = coder.probabilities(text, mentions)[safety]
        without_rule = coder.probabilities(text, [])[safety]
        assert with_rule >= coder.thresholds_[safety] > without_rule, comment


def test_a_rule_signal_is_learned_when_words_alone_do_not_say():
    """Trained on texts whose words say nothing, the coder learns to follow a rule that does."""

    class OddNumberRule:
        """A stand-in rule coder: 'safety' wherever the comment's number is odd."""
        theme_ids_ = ("safety", "respect")
        version_ = "fake-1"

        def fit(self):
            return self

        def mentions(self, text):
            return [ThemeMention("safety", 0, 4)] if int(text.split()[-1]) % 2 else []

    texts = [f"item {i}" for i in range(40)]
    labels = [("safety",) if i % 2 else () for i in range(40)]
    # Whole words only (letters within "41" would give its parity away), and only words seen
    # twice, so the numbers themselves are not features: only the rule can tell them apart.
    coder = LearnedThemeCoder(rules=OddNumberRule(), min_df=2, char_ngrams=None).fit(texts, labels)
    assert coder.predict(["item 41", "item 42", "item 1001"]) == [("safety",), (), ("safety",)]


@pytest.mark.parametrize(
    "text, label",
    [
        ("They didn't believe me", "negative"),
        ("They didn't make me feel stupid", "positive"),        # negated criticism
        ("I never once felt unsafe at the refuge", "positive"),  # negated fear
        ("not once did they call me back", "negative"),          # negation, no feeling word
        ("No complaints at all", "positive"),
        ("nobody explained anything to me", "negative"),
    ],
)
def test_negation_turns_the_learned_sentiment(text, label):
    assert code_comment(text).sentiment == label


def test_the_held_out_file_is_never_needed_to_load_the_training_data(tmp_path):
    # Copy every training file but not holdout5: loading the training splits still works, so
    # training cannot have been reading it.
    for split in TRAINING_SPLITS:
        for name in SPLIT_FILES[split]:
            shutil.copy(LABELLED_DIR / name, tmp_path / name)
    comments = load_labelled(TRAINING_SPLITS, directory=tmp_path)
    assert len(comments) == len(load_labelled(TRAINING_SPLITS))
    assert HELD_OUT_SPLIT not in {c.split for c in comments}
    assert {c.source for c in comments} == {"tune", "dev", "holdout", "train_a", "train_b", "train_c", "holdout2", "holdout3",
                                                "holdout4", "train2_a", "train2_b", "train2_c"}


def test_the_shipped_model_was_trained_on_the_current_rules():
    shipped = _read_model(MODEL_PATH)
    assert shipped["rules_digest"] == rules_digest(), "codebook or lexicon changed: run `python -m analysis train`"
    assert shipped["fingerprint"] == model_fingerprint(shipped)
    assert HELD_OUT_SPLIT not in shipped["trained_on"]


def test_the_shipped_weights_are_what_training_makes(tmp_path):
    """`python -m analysis train` from the labelled files reproduces analysis/data/learned_model.json."""
    out = tmp_path / "model.json"
    stdout = io.StringIO()
    assert main(["train", "--out", str(out)], stdin=io.StringIO(), stdout=stdout) == 0
    fresh, shipped = json.loads(out.read_text()), _read_model(MODEL_PATH)
    assert fresh["fingerprint"] == shipped["fingerprint"], stdout.getvalue()
    assert fresh == shipped


def test_text_features_are_words_word_pairs_and_letters_within_words():
    features = set(text_features(normalise("They didnt call, ever.")))
    assert {"w:they", "w:didn't", "w:call", "b:didn't call", "b:call ever"} <= features
    assert not any("," in f or "." in f for f in features)
    assert all(":" in f for f in features)            # no letter n-grams unless asked for
    with_letters = set(text_features(normalise("They didnt call"), (3, 5)))
    # Letters within words, padded at the word's edges, never across two words.
    assert {" ca", "call", "all ", " call"} <= with_letters and "y di" not in with_letters
    # A hedge is not kindness: "kind of ok" does not carry the word "kind".
    assert "w:kind" not in text_features(normalise("it was kind of ok"))


def test_coding_finds_exactly_the_features_training_saw():
    """The fast row look-up used when coding gives the rows of text_features, the training path."""
    coder, scorer = default_models()
    finder = coder.model_.finder
    assert finder is scorer.model_.finder          # one vocabulary, looked up once per comment
    texts = [c.text for c in load_labelled("dev")] + ["", "kind of ok", "didnt didnt didnt", "[NAME] rang 101"]
    for text in texts * 2:                         # the second pass answers from remembered words
        normalised = normalise(text)
        expected = {finder.row_of[f] for f in text_features(normalised, coder.char_ngrams_) if f in finder.row_of}
        assert set(finder.rows(normalised)) == expected, text
