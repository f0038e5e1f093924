"""Theme coding: the codebook contract, pattern rules, and the coder's interface."""

import dataclasses

import pytest
import yaml

from analysis.learned import MODEL_PATH, _read_model, model_fingerprint
from analysis.pipeline import CommentCoding, code_comment, coder_version, default_rule_models
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.themes import (
    CODEBOOK_PATH, CodebookThemeCoder, ThemePatternIndex, codebook_version, compile_alternatives,
    compile_pattern, load_codebook, normalise,
)

DESIGN_THEME_IDS = {
    "believed", "respect", "safety", "kept_informed", "response_time", "options_explained",
    "justice_outcome", "children_family", "housing_practical", "emotional_support", "access_language",
}


def themes_of(text):
    return set(code_comment(text).themes)


def test_codebook_has_exactly_the_design_themes_each_explained():
    raw = yaml.safe_load(CODEBOOK_PATH.read_text())
    assert isinstance(raw["version"], str) and raw["version"]
    assert set(raw["themes"]) == DESIGN_THEME_IDS
    for theme_id, spec in raw["themes"].items():
        assert spec["label"].strip() and spec["description"].strip(), theme_id
        assert spec["patterns"], theme_id


def test_every_pattern_compiles():
    raw = yaml.safe_load(CODEBOOK_PATH.read_text())
    for spec in raw["themes"].values():
        for pattern in spec["patterns"] + spec.get("exclude", []):
            compile_pattern(str(pattern))


@pytest.mark.parametrize(
    "text, theme",
    [
        ("nobody believed me", "believed"),               # a negated mention is still about belief
        ("they believed every word", "believed"),
        ("She took me seriously", "believed"),
        ("never once updated me", "kept_informed"),
        # A known miss since the coder learned from train2 (4,317 comments): the rules find it, but
        # "chasing" is rare in the training text and the coder gives it 0.25 against a threshold
        # of 0.30. Strict, so the day it passes again this line must change.
        pytest.param("I had to keep chasing them", "kept_informed", marks=pytest.mark.xfail(
            strict=True, reason="learned coder: 0.25 < 0.30 for a phrase rare in its training text")),
        ("waited 3 hours for anyone", "response_time"),
        ("he was arrested and charged", "justice_outcome"),
        ("the case got NFA'd", "justice_outcome"),
        ("my kids were scared", "children_family"),
        ("the council rehoused us", "housing_practical"),
        ("my IDVA was a rock", "emotional_support"),
        ("no interpreter was offered", "access_language"),
        ("they explained my options", "options_explained"),
        ("I feel safer now", "safety"),
        ("the officer was so rude", "respect"),
        # safety said the way survivors say it, not only with the word "safe"
        ("he turned up at my work twice", "safety"),
        ("the non mol is the only thing keeping him away", "safety"),
        ("got a panic alarm fitted", "safety"),
        ("I was frightened for my life", "safety"),
        ("he broke his bail conditions again", "safety"),
        ("they gave my new address to his mum", "safety"),
        ("statement taken with him still in the room", "safety"),
        ("he rings me 30 times a day", "safety"),
        # access and respect, beyond their headline words
        ("I couldn't get through on 101", "access_language"),
        ("I can't always talk, he's in the next room, I need a way to text", "access_language"),
        ("nobody could speak Tigrinya", "access_language"),
        ("they told me to 'just leave'", "respect"),      # a quoted phrase still matches
        ("he talked down to me", "respect"),
        ("they came with blue lights and now the whole street knows", "respect"),
        ("nobody asked how I was coping", "emotional_support"),
        ("I didn't know I could get a non-mol myself", "options_explained"),
        ("they never even went round to his house", "justice_outcome"),
        ("the OIC changed four times", "kept_informed"),
        ("my step-children were there", "children_family"),   # a word inside a hyphenated one
    ],
)
def test_theme_is_found(text, theme):
    assert theme in themes_of(text)


@pytest.mark.parametrize(
    "text, theme",
    [
        ("the officer in charge rang", "justice_outcome"),     # "in charge" is not a charge
        ("it was kind of ok", "respect"),
        ("it would be nice if they rang", "respect"),
        ("the kids weren't scared of the police after", "safety"),
        ("they turned up, took a statement and left", "safety"),   # the police turning up is not him
        ("the judge read out the sentence", "respect"),           # a judge is not being judged
        ("I couldn't believe they let him go", "believed"),
        ("the officers in the Public Protection Unit", "safety"),
        ("the two officers who came were kind", "kept_informed"),
    ],
)
def test_look_alike_phrases_do_not_match_the_codebook_patterns(text, theme):
    # The codebook's exclusions, tested on the rules: the learned coder weighs the rules'
    # verdict against the words and may differ (see tests/test_learned.py).
    assert theme not in set(default_rule_models()[0].code(text))


def test_the_codebook_finds_several_themes_in_one_comment():
    assert {"respect", "response_time", "kept_informed"} <= set(default_rule_models()[0].code(
        "Lovely officers but it took 4 days to come and nobody updated me after"
    ))


def test_one_comment_can_carry_several_themes():
    assert {"respect", "kept_informed"} <= themes_of("Lovely officers but nobody updated me after")


def test_contractions_typed_without_apostrophes_are_understood():
    assert normalise("I didnt, they dont") == "i didn't, they don't"
    assert "believed" in themes_of("they didnt believe me")


def test_coding_records_the_codebook_and_model_version():
    coding = code_comment("They believed me")
    assert codebook_version() == yaml.safe_load(CODEBOOK_PATH.read_text())["version"]
    # The codebook's version and the learned model's fingerprint: changing either recodes.
    assert coding.codebook_version == coder_version() == f"{codebook_version()}+m{model_fingerprint(_read_model(MODEL_PATH))}"
    assert len(coding.codebook_version) <= 32   # the width of comments.codebook_version


def test_coding_is_a_frozen_record():
    coding = code_comment("They believed me")
    assert isinstance(coding, CommentCoding)
    with pytest.raises(dataclasses.FrozenInstanceError):
        coding.sentiment = "negative"


def test_theme_sentiment_comes_from_the_clause_carrying_the_theme():
    coding = code_comment("The officer was lovely but nobody ever updated me")
    assert coding.theme_sentiments["respect"] == "positive"
    assert coding.theme_sentiments["kept_informed"] == "negative"
    assert coding.sentiment == "mixed"


def test_coder_follows_the_fit_predict_interface():
    coder = CodebookThemeCoder()
    assert not hasattr(coder, "version_")     # the constructor only stores parameters
    assert coder.fit() is coder               # fit returns self; learned state ends in _
    assert coder.predict(["they believed me", "nothing"]) == [("believed",), ()]


def test_a_different_codebook_can_be_injected(tmp_path):
    codebook = tmp_path / "codebook.yaml"
    codebook.write_text(
        'version: "test-1"\nthemes:\n  pets:\n    label: Pets\n    description: Animals.\n    patterns:\n      - (dog*|cat*)\n'
    )
    coder = CodebookThemeCoder(codebook).fit()
    coding = code_comment("They let me bring my dogs", theme_coder=coder)
    assert coding.themes == ("pets",) and coding.codebook_version == "test-1"


def test_empty_comment_codes_to_nothing():
    coding = code_comment("")
    assert coding.themes == () and coding.sentiment == "neutral" and coding.polarity == 0


def test_a_malformed_pattern_is_refused_rather_than_silently_never_matching():
    for malformed in ("(a|(b|c))", "a ?b", "weekend?s", "what('s| is) happening"):
        with pytest.raises(ValueError):
            compile_pattern(malformed)


def test_a_leading_optional_group_may_be_missing():
    import re

    assert re.fullmatch(compile_pattern("(refuge )?space*"), "spaces")
    assert re.fullmatch(compile_pattern("(refuge )?space*"), "refuge space")


_CODEBOOK = load_codebook()
_VOCABULARY = sorted(
    {word.strip("()?*") for theme in _CODEBOOK.themes for p in theme.patterns + theme.exclude
     for alternative in p.split("|") for word in alternative.split() if word.strip("()?*").isalpha()}
    | {"he", "the", "i", "was", "not", "[name]", "[address]", "3", "£20", ",", ".", "'", "didn't", "he's",
       # hyphens and quotes, where words are split differently
       "non-mol", "non-molestation", "step-kids", "step-children", "half-sister", "re-housed", "follow-up", "drop-ins", "ex-partner",
       "kids-", "'just", "leave'", "'domestic'", "women's"}
)


_INDEX = ThemePatternIndex([(t.patterns, t.exclude) for t in _CODEBOOK.themes])
_ALTERNATIONS = [
    (t.id, compile_alternatives(t.patterns), compile_alternatives(t.exclude) if t.exclude else None)
    for t in _CODEBOOK.themes
]


def _themes_by_plain_alternation(text):
    found = set()
    for theme_id, matcher, excluder in _ALTERNATIONS:
        vetoes = [m.span() for m in excluder.finditer(text)] if excluder else []
        for match in matcher.finditer(text):
            start, end = match.span()
            if not any(start < b and a < end for a, b in vetoes):
                found.add(theme_id)
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=25))
def test_the_word_index_codes_exactly_what_one_regex_per_theme_would(words):
    text = " ".join(words)
    by_index = {_CODEBOOK.themes[i].id for i, spans in enumerate(_INDEX.spans(text)) if spans}
    assert by_index == _themes_by_plain_alternation(text)
