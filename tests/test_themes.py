"""Theme coding: the codebook contract, pattern rules, and the coder's interface."""

import dataclasses

import pytest
import yaml

from analysis.pipeline import CommentCoding, code_comment
from analysis.themes import CODEBOOK_PATH, CodebookThemeCoder, codebook_version, compile_pattern, normalise

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
        ("I had to keep chasing them", "kept_informed"),
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
    ],
)
def test_look_alike_phrases_do_not_code_the_theme(text, theme):
    assert theme not in themes_of(text)


def test_one_comment_can_carry_several_themes():
    assert {"respect", "response_time", "kept_informed"} <= themes_of(
        "Lovely officers but it took 4 days to come and nobody updated me after"
    )


def test_contractions_typed_without_apostrophes_are_understood():
    assert normalise("I didnt, they dont") == "i didn't, they don't"
    assert "believed" in themes_of("they didnt believe me")


def test_coding_records_the_codebook_version():
    coding = code_comment("They believed me")
    assert coding.codebook_version == codebook_version() == yaml.safe_load(CODEBOOK_PATH.read_text())["version"]


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
