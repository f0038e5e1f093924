"""Survey definitions as data: the default survey's contract, validation errors, content hash."""

import copy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from survey.definition import (
    default_definition_path,
    definition_from_dict,
    load_default_definition,
    validate_definition,
)

ROOT = Path(__file__).resolve().parent.parent
AGREE = ["police_easy_to_contact", "police_believed", "police_respect", "police_kept_informed",
         "police_options_explained", "police_feel_safer"]
REFUGE = ["refuge_believed", "refuge_respect", "refuge_feel_safer", "refuge_practical_help", "refuge_listened"]


def small_form(**question_overrides):
    """A two-question form, written as the table a survey designer would write."""
    question = {"name": "overall", "type": "rating", "label": "How happy were you?", "scale": "five"}
    question.update(question_overrides)
    return {
        "id": "tiny",
        "version": 1,
        "languages": {"en": {"name": "English"}},
        "title": "Tiny",
        "choice_lists": {
            "five": [{"value": n, "label": str(n)} for n in range(1, 6)],
            "yn": [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}],
        },
        "sections": [
            {"name": "first", "title": "First", "questions": [
                {"name": "used", "type": "single", "label": "Did you use it?", "choices": "yn"},
                question,
            ]},
        ],
    }


def test_default_survey_has_exactly_the_contract_questions_in_order():
    definition = load_default_definition()
    assert (definition.id, definition.version) == ("police-and-refuge", 1)
    assert list(definition.question_names) == [
        "services_used", "contact_when", *AGREE, "police_overall", *REFUGE, "refuge_overall",
        "went_well", "could_improve", "age_band", "gender", "ethnic_group", "disability",
        "children_in_household", "quote_consent",
    ]


def test_default_survey_types_and_choices_match_the_contract():
    d = load_default_definition()
    assert d.question("services_used").type == "multiple"
    assert d.question("services_used").choice_values == (
        "police_call", "police_attended", "police_investigation", "clares_law", "court",
        "refuge", "outreach", "other")
    assert d.question("contact_when").choice_values == (
        "last_month", "one_to_three_months", "three_to_twelve_months", "over_a_year", "prefer_not_to_say")
    for name in [*AGREE, "police_overall", *REFUGE, "refuge_overall"]:
        assert d.question(name).type == "rating"
        assert d.question(name).choice_values == (1, 2, 3, 4, 5)
    assert d.text(d.question("police_believed").choices[0].label, "en") == "Strongly disagree"
    assert d.text(d.question("police_overall").choices[4].label, "en") == "Very happy"
    for name in ("went_well", "could_improve"):
        assert d.question(name).type == "text" and d.question(name).max_length == 2000
    assert d.question("age_band").choice_values == (
        "16_24", "25_34", "35_44", "45_54", "55_64", "65_plus", "prefer_not_to_say")
    assert d.question("gender").choice_values == ("woman", "man", "non_binary", "prefer_not_to_say")
    assert d.question("ethnic_group").choice_values == (
        "asian", "black", "mixed", "white", "other", "prefer_not_to_say")
    for name in ("disability", "children_in_household"):
        assert d.question(name).choice_values == ("yes", "no", "prefer_not_to_say")
    assert d.question("quote_consent").choice_values == ("yes", "no")
    assert not any(question.required for question in d.questions), "every question is optional"


@pytest.mark.parametrize(
    "services, police_shown, support_shown",
    [
        ([], False, False),
        (["police_call"], True, False),
        (["clares_law"], True, False),
        (["court"], True, False),
        (["refuge"], False, True),
        (["outreach"], False, True),
        (["other"], False, False),
        (["police_attended", "outreach"], True, True),
    ],
)
def test_default_survey_skip_logic(services, police_shown, support_shown):
    d = load_default_definition()
    answers = {"services_used": services}
    police = next(s for s in d.sections if s.name == "police")
    support = next(s for s in d.sections if s.name == "support")
    assert police.relevant.evaluate(answers) is police_shown
    assert support.relevant.evaluate(answers) is support_shown


def test_a_valid_small_form_builds():
    definition = definition_from_dict(small_form(relevant="${used} = 'yes'"))
    assert definition.question("overall").relevant.evaluate({"used": "yes"})
    assert not definition.question("overall").relevant.evaluate({"used": "no"})
    assert definition.question("overall").required is False


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"type": "slider"}, "sections[0].questions[1].type", "one of single"),
        ({"scale": "nope"}, "sections[0].questions[1].scale", "choice_lists"),
        ({"scale": "yn"}, "sections[0].questions[1].scale", "1, 2, 3"),
        ({"relevant": "${later} = 'x'"}, "sections[0].questions[1].relevant", "not an earlier question"),
        ({"relevant": "${overall} > 3"}, "sections[0].questions[1].relevant", "not an earlier question"),
        ({"relevant": "${used} = 'maybe'"}, "sections[0].questions[1].relevant", "'maybe' is not a choice"),
        ({"relevant": "${used} ="}, "sections[0].questions[1].relevant", "cannot be read"),
        ({"required": "sometimes"}, "sections[0].questions[1].required", "true or false"),
        ({"name": "Overall Score"}, "sections[0].questions[1].name", "lower_case"),
        ({"name": "used"}, "sections[0].questions[1].name", "appears twice"),
        ({"label": ""}, "sections[0].questions[1].label", "must not be empty"),
        ({"label": {"fr": "Bonjour"}}, "sections[0].questions[1].label.fr", "not listed"),
        ({"lable": "typo"}, "sections[0].questions[1].lable", "unknown field"),
        ({"max_length": 50}, "sections[0].questions[1].max_length", "only text"),
        ({"type": "text", "scale": None, "max_length": 5000}, "sections[0].questions[1].max_length", "1 to 2000"),
    ],
)
def test_validation_names_the_field(overrides, field, message):
    form = small_form(**overrides)
    form["sections"][0]["questions"][1] = {k: v for k, v in form["sections"][0]["questions"][1].items() if v is not None}
    errors = validate_definition(form)
    assert any(e.field == field and message in e.message for e in errors), [str(e) for e in errors]


def test_validation_reports_every_error_not_just_the_first():
    form = small_form(type="slider")
    del form["version"]
    form["languages"]["x1"] = {"name": "?"}
    fields = {error.field for error in validate_definition(form)}
    assert {"version", "sections[0].questions[1].type", "languages.x1"} <= fields


def test_translation_changes_keep_the_content_hash_but_wording_changes_do_not():
    raw = yaml.safe_load(default_definition_path().read_text(encoding="utf-8"))
    original = definition_from_dict(raw).content_hash

    translated = copy.deepcopy(raw)
    translated["languages"]["pl"] = {"name": "Polski", "draft": True}
    translated["title"]["pl"] = "Opowiedz nam"
    translated["texts"]["start"]["pl"] = "Zacznij"
    assert definition_from_dict(translated).content_hash == original

    reworded = copy.deepcopy(raw)
    reworded["sections"][1]["questions"][1]["label"]["en"] = "The police did not believe me."
    assert definition_from_dict(reworded).content_hash != original

    relogic = copy.deepcopy(raw)
    relogic["sections"][2]["relevant"] = "selected(${services_used}, 'refuge')"
    assert definition_from_dict(relogic).content_hash != original


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "survey", *args], cwd=ROOT, capture_output=True, text=True)


def test_cli_validate_accepts_the_default_survey():
    result = run_cli("validate", str(default_definition_path()))
    assert result.returncode == 0, result.stderr
    assert "valid: police-and-refuge version 1" in result.stdout


def test_cli_validate_lists_every_error_with_its_field(tmp_path):
    form = small_form(type="slider", relevant="${nowhere} = 'x'")
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(form), encoding="utf-8")
    result = run_cli("validate", str(path))
    assert result.returncode == 1
    assert "sections[0].questions[1].type: one of single" in result.stderr
    assert "sections[0].questions[1].relevant: refers to 'nowhere'" in result.stderr
    assert "sections[0].questions[1].scale: only rating questions have a scale" in result.stderr
    assert "3 error(s)" in result.stderr


def test_cli_validate_reports_broken_yaml_with_its_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: x\nsections: [\n", encoding="utf-8")
    result = run_cli("validate", str(path))
    assert result.returncode == 1
    assert "line" in result.stderr and "not valid YAML" in result.stderr
